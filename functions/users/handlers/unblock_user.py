"""POST /api/v1/users/{user_id}/unblock (admins only): the user may log in again."""

from design_agent.api import http_operation

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import set_status, to_out
from functions.users.models.api import UserOut
from functions.users.service import SERVICE

api = http_operation(SERVICE, "UnblockUser")


@api.route
def unblock_user(user_id: str) -> UserOut:
    deps = UsersDeps.from_env()
    return to_out(set_status(user_id, "active", api.principal(), deps), deps)


handler = api.handler
