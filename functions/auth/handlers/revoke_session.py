"""DELETE /api/v1/auth/sessions/{session_id}: sign one of your own sessions out."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.auth.deps import AuthDeps
from functions.auth.logic.sessions import revoke_session
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "RevokeSession", status=HTTPStatus.NO_CONTENT)


@api.route
def revoke_own_session(session_id: str) -> Response[None]:
    revoke_session(api.principal().subject, session_id, AuthDeps.from_env())
    return Response(status_code=204)


handler = api.handler
