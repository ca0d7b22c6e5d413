"""GET /api/v1/auth/sessions: the caller's active sessions."""

from design_agent.api import http_operation

from functions.auth.deps import AuthDeps
from functions.auth.logic.sessions import list_sessions
from functions.auth.models.api import SessionList
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "ListSessions")


@api.route
def list_own_sessions() -> SessionList:
    who = api.principal()
    return SessionList(items=list_sessions(who.subject, who.session_id, AuthDeps.from_env()))


handler = api.handler
