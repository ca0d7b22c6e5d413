"""Internal: the Auth service revoked a session or every token of a user; the connections opened with those tokens
are closed server side (``delete_connection``) and receive nothing more."""

from design_agent.contracts.notifications import CloseConnectionsRequest, CloseConnectionsResult
from design_agent.internal import internal_handler

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.realtime import close_revoked


def _close(request: CloseConnectionsRequest) -> CloseConnectionsResult:
    return close_revoked(request, NotificationsDeps.from_env())


handler = internal_handler("notifications", CloseConnectionsRequest, _close, operation="CloseConnections")
