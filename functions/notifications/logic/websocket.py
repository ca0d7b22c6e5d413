"""The WebSocket routes: ``$connect`` authenticates, ``$default`` answers pings and unknown actions, and
``subscribe``/``unsubscribe`` narrow a connection to some tasks. Replies are pushed with ``post_to_connection``
(the same way as notifications), so a client reads one kind of frame whatever it sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from design_agent import errors, json_input
from design_agent.keystore import SecretKeyStore, key_store
from design_agent.revocations import RevocationStore
from design_agent.spec import Secret, Table
from design_agent.tokens import verify_access_token

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.realtime import send_frame
from functions.notifications.models.api import Frame
from functions.notifications.models.domain import Connection

# the Auth service's table (read-only: the revocation check) and signing keys, by their declared names
AUTH_TABLE = Table(name="auth")
SIGNING_KEYS = Secret("jwt-signing-keys")
ACTIONS = ("ping", "subscribe", "unsubscribe")
MAX_SUBSCRIPTIONS = 50


@dataclass(frozen=True)
class WsRequest:
    connection_id: str
    route: str
    query: dict[str, str]
    body: str | None
    connected_at: datetime

    @classmethod
    def of(cls, event: dict[str, Any]) -> WsRequest:
        ctx = event.get("requestContext") or {}
        at = ctx.get("connectedAt")
        return cls(connection_id=str(ctx.get("connectionId", "")), route=str(ctx.get("routeKey", "$default")),
                   query=dict(event.get("queryStringParameters") or {}), body=event.get("body"),
                   connected_at=datetime.fromtimestamp(at / 1000, UTC) if at else datetime.now(UTC))

    def json(self) -> dict[str, Any]:
        try:
            value = json_input.parse(self.body or "")
        except errors.BadRequest:
            return {}
        return value if isinstance(value, dict) else {}


def connect(request: WsRequest, deps: NotificationsDeps, keys: SecretKeyStore) -> int:
    """200 with the connection stored; 401 for a missing, bad, expired or revoked token, 403 for a machine
    client (API Gateway refuses the handshake with that status)."""
    token = request.query.get("token")
    if not token:
        return 401
    try:
        claims = verify_access_token(token, keys.key, issuer=deps.settings.token_issuer)
        RevocationStore(deps.settings.table(AUTH_TABLE), deps.clients).ensure_active(claims)
    except errors.Unauthorized:
        return 401
    if claims.kind != "user":
        return 403
    deps.connections.put(Connection(connection_id=request.connection_id, user_id=claims.sub,
                                    connected_at=request.connected_at, session_id=claims.sid,
                                    token_issued_at_ms=claims.issued_at_ms))
    return 200


def signing_keys(deps: NotificationsDeps) -> SecretKeyStore:
    """The process's store of the Auth service's signing keys (one per warm function, not per connect)."""
    return key_store(deps.settings.secret_id(SIGNING_KEYS), deps.clients, deps.settings.key_cache_s)


def default(request: WsRequest, deps: NotificationsDeps) -> int:
    # a reply to a client that has just gone is dropped; its $disconnect forgets it (this route only reads)
    action = request.json().get("action")
    if action == "ping":
        send_frame(request.connection_id, Frame(type="pong", at=deps.clock()), deps, keep_if_gone=True)
    else:
        shown = action if isinstance(action, str) else "(none)"
        send_frame(request.connection_id, Frame(type="error", error=f"unknown action {shown!r}; send "
                                                f"{{\"action\": one of {', '.join(ACTIONS)}}}"), deps,
                   keep_if_gone=True)
    return 200


def subscription(request: WsRequest, deps: NotificationsDeps, *, add: bool) -> int:
    body = request.json()
    wanted = body.get("task_ids") or ([body["task_id"]] if body.get("task_id") else [])
    if not isinstance(wanted, list) or not all(isinstance(t, str) and t.startswith("tsk_") for t in wanted) \
            or not wanted:
        send_frame(request.connection_id, Frame(type="error", error="give task_id or task_ids (tsk_...)"), deps)
        return 200
    connection = deps.connections.get(request.connection_id, deps.clock())
    if connection is None:
        return 410
    current = set(connection.task_ids)
    task_ids = sorted(current | set(wanted) if add else current - set(wanted))[:MAX_SUBSCRIPTIONS]
    deps.connections.set_subscriptions(request.connection_id, task_ids)
    send_frame(request.connection_id, Frame(type="subscribed" if add else "unsubscribed", task_ids=task_ids), deps)
    return 200
