"""PUT /api/v1/users/{user_id}: update your profile; admins may also change role and status."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import to_out, update
from functions.users.models.api import UpdateUserRequest, UserOut
from functions.users.service import SERVICE

api = http_operation(SERVICE, "UpdateUser", responses=(HTTPStatus.CONFLICT,))


@api.route
def update_user(user_id: str, body: Annotated[UpdateUserRequest, Body()]) -> UserOut:
    deps = UsersDeps.from_env()
    return to_out(update(user_id, body, api.principal(), deps), deps)


handler = api.handler
