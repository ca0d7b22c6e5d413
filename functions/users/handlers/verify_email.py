"""POST /api/v1/users/verify-email: the code of a verification mail creates the account it was sent for (once)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import to_out
from functions.users.logic.verification import verify_email
from functions.users.models.api import UserOut, VerifyEmailRequest
from functions.users.service import SERVICE

api = http_operation(SERVICE, "VerifyEmail", status=HTTPStatus.CREATED, responses=(HTTPStatus.CONFLICT,))


@api.route
def verify(body: Annotated[VerifyEmailRequest, Body()]) -> Response[UserOut]:
    deps = UsersDeps.from_env()
    user = to_out(verify_email(body.token, deps), deps)
    return json_response(HTTPStatus.CREATED, user, {"Location": f"/api/v1/users/{user.id}"})


handler = api.handler
