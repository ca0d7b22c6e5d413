"""Pushes to open WebSocket connections (``post_to_connection``); a gone connection (410) is deleted. Connections
whose token was revoked are closed server side (``delete_connection``) when the Auth service says so."""

from __future__ import annotations

from botocore.exceptions import ClientError
from design_agent.contracts.notifications import CloseConnectionsRequest, CloseConnectionsResult
from design_agent.observability import logger

from functions.notifications.deps import NotificationsDeps
from functions.notifications.models.api import Frame
from functions.notifications.models.domain import Connection

# $connect stores the connection before API Gateway completes the handshake; until then a post is 410 too, so a
# connection that young is skipped, not forgotten (its $disconnect or a later 410 removes it if it never opened)
CONNECT_GRACE_S = 10


def _gone(exc: ClientError) -> bool:
    return exc.response.get("Error", {}).get("Code") in {"GoneException", "410"} or \
        exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 410


def send_frame(connection_id: str, frame: Frame, deps: NotificationsDeps, *, keep_if_gone: bool = False) -> bool:
    """True if delivered; a connection that is gone is forgotten (never retried) unless ``keep_if_gone``."""
    data = frame.model_dump_json(exclude_none=True).encode()
    try:
        deps.management_api().post_to_connection(ConnectionId=connection_id, Data=data)
    except ClientError as exc:
        if _gone(exc):
            if keep_if_gone:
                return False
            deps.connections.delete(connection_id)
            logger("notifications").info("connection gone", extra={"connection_id": connection_id})
            return False
        raise
    return True


def revoked(connection: Connection, request: CloseConnectionsRequest) -> bool:
    """Was ``connection`` opened with a token the revocation covers?"""
    if request.session_id is not None and connection.session_id != request.session_id:
        return False
    return request.issued_before_ms is None or connection.token_issued_at_ms < request.issued_before_ms


def close_revoked(request: CloseConnectionsRequest, deps: NotificationsDeps) -> CloseConnectionsResult:
    """Close (server side) and forget the user's connections that the revocation covers; one already gone counts
    as closed. After it nothing is pushed to them: the management API refuses them and no item names them."""
    closed = 0
    for connection in deps.connections.for_user(request.user_id, deps.clock()):
        if not revoked(connection, request):
            continue
        try:
            deps.management_api().delete_connection(ConnectionId=connection.connection_id)
        except ClientError as exc:
            if not _gone(exc):
                raise
        deps.connections.delete(connection.connection_id)
        closed += 1
    logger("notifications").info("connections closed", extra={"user_id": request.user_id, "closed": closed,
                                                              "reason": request.reason})
    return CloseConnectionsResult(closed=closed)


def wants(connection: Connection, task_id: str | None) -> bool:
    """A connection subscribed to some tasks gets only their messages (and the ones about no task)."""
    return not connection.task_ids or task_id is None or task_id in connection.task_ids


def push(user_id: str, frame: Frame, deps: NotificationsDeps, *, task_id: str | None = None) -> int:
    """Send ``frame`` to every open connection of ``user_id`` that wants it; how many got it."""
    delivered = 0
    now = deps.clock()
    for connection in deps.connections.for_user(user_id, now):
        if wants(connection, task_id):
            young = (now - connection.connected_at).total_seconds() < CONNECT_GRACE_S
            delivered += send_frame(connection.connection_id, frame, deps, keep_if_gone=young)
    return delivered
