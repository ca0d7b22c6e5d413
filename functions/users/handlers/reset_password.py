"""POST /api/v1/users/password-reset/confirm: the code of a reset mail sets a new password (once); every session of
the account ends and its WebSockets close."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation

from functions.users.deps import UsersDeps
from functions.users.logic.verification import reset_password
from functions.users.models.api import PasswordResetConfirm
from functions.users.service import SERVICE

api = http_operation(SERVICE, "ResetPassword", status=HTTPStatus.NO_CONTENT)


@api.route
def confirm_reset(body: Annotated[PasswordResetConfirm, Body()]) -> Response[None]:
    reset_password(body, UsersDeps.from_env())
    return Response(status_code=HTTPStatus.NO_CONTENT)


handler = api.handler
