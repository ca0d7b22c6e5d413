"""GET /api/v1/users/{user_id}/quota: this month's task quota and the storage quota."""

from design_agent.api import http_operation

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import get_visible
from functions.users.logic.quota import view
from functions.users.models.api import QuotaOut
from functions.users.service import SERVICE

api = http_operation(SERVICE, "GetQuota")


@api.route
def get_quota(user_id: str) -> QuotaOut:
    deps = UsersDeps.from_env()
    return view(get_visible(user_id, api.principal(), deps), deps.clock())


handler = api.handler
