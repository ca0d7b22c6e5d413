"""POST /api/v1/users/{user_id}/block (admins only): the user can no longer log in and every token stops working."""

from http import HTTPStatus

from design_agent.api import http_operation

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import set_status, to_out
from functions.users.models.api import UserOut
from functions.users.service import SERVICE

api = http_operation(SERVICE, "BlockUser", responses=(HTTPStatus.CONFLICT,))


@api.route
def block_user(user_id: str) -> UserOut:
    deps = UsersDeps.from_env()
    return to_out(set_status(user_id, "blocked", api.principal(), deps), deps)


handler = api.handler
