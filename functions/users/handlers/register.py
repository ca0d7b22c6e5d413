"""POST /api/v1/users/register: create an account (role user, this month's quota)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import register, to_out
from functions.users.models.api import RegisterRequest, UserOut
from functions.users.service import SERVICE

api = http_operation(SERVICE, "Register", status=HTTPStatus.CREATED, responses=(HTTPStatus.CONFLICT,))


@api.route
def register_user(body: Annotated[RegisterRequest, Body()]) -> Response[UserOut]:
    deps = UsersDeps.from_env()
    user = to_out(register(body, deps), deps)
    return json_response(HTTPStatus.CREATED, user, {"Location": f"/api/v1/users/{user.id}"})


handler = api.handler
