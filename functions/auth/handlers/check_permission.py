"""POST /api/v1/auth/check-permission: may the caller's role do ``resource:action``?"""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.permissions import allowed

from functions.auth.models.api import PermissionRequest, PermissionResult
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "CheckPermission")


@api.route
def check(body: Annotated[PermissionRequest, Body()]) -> PermissionResult:
    role = api.principal().role
    return PermissionResult(allowed=allowed(role, body.resource, body.action), role=role,
                            resource=body.resource, action=body.action)


handler = api.handler
