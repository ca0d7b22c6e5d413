"""GET /api/v1/users/{user_id}: your own profile (``me`` works too); admins may read anyone."""

from design_agent.api import http_operation

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import get_visible, to_out
from functions.users.models.api import UserOut
from functions.users.service import SERVICE

api = http_operation(SERVICE, "GetUser")


@api.route
def get_user(user_id: str) -> UserOut:
    deps = UsersDeps.from_env()
    return to_out(get_visible(user_id, api.principal(), deps), deps)


handler = api.handler
