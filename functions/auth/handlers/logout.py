"""POST /api/v1/auth/logout: end the current session and revoke this access token."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation
from design_agent.tokens import AccessClaims

from functions.auth.deps import AuthDeps
from functions.auth.logic.sessions import logout
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "Logout", status=HTTPStatus.NO_CONTENT)


@api.route
def logout_session() -> Response[None]:
    who = api.principal()
    claims = AccessClaims(sub=who.subject, role=who.role, sid=who.session_id, jti=who.token_id or "",
                          iat=0, exp=who.token_expires_at or 0)
    logout(claims, AuthDeps.from_env())
    return Response(status_code=204)


handler = api.handler
