"""POST /api/v1/users/{user_id}/check-permission: may this user's role do ``resource:action``?"""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.permissions import allowed

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import get_visible
from functions.users.models.api import PermissionRequest, PermissionResult
from functions.users.service import SERVICE

api = http_operation(SERVICE, "CheckPermission")


@api.route
def check_permission(user_id: str, body: Annotated[PermissionRequest, Body()]) -> PermissionResult:
    user = get_visible(user_id, api.principal(), UsersDeps.from_env())
    ok = user.status == "active" and allowed(user.role, body.resource, body.action)
    return PermissionResult(user_id=user.id, role=user.role, resource=body.resource, action=body.action, allowed=ok)


handler = api.handler
