"""POST /api/v1/users/password-reset: mail a reset link to the address if it has an account (202 either way)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.users.deps import UsersDeps
from functions.users.logic.verification import request_password_reset
from functions.users.models.api import PasswordResetAccepted, PasswordResetRequest
from functions.users.service import SERVICE

api = http_operation(SERVICE, "RequestPasswordReset", status=HTTPStatus.ACCEPTED)


@api.route
def ask_for_reset(body: Annotated[PasswordResetRequest, Body()]) -> Response[PasswordResetAccepted]:
    request_password_reset(body.email, api.source_ip(), UsersDeps.from_env())
    return json_response(HTTPStatus.ACCEPTED, PasswordResetAccepted())


handler = api.handler
