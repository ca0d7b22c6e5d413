"""Attacks through an already-open WebSocket: after a logout, a session revoke, a refresh-token theft, a block or a
role change, the connections opened with the revoked tokens are closed server side and get nothing more."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from design_agent.contracts.auth import IssueSessionRequest, SyncUserRequest, TokenPair
from design_agent.tokens import verify_access_token
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect as ws_connect

from functions.auth.deps import AuthDeps
from functions.auth.logic import sessions
from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.websocket import WsRequest, connect, signing_keys
from local_platform.websocket_gateway import WebSocketGateway
from tests.unit.aws import AwsSandbox
from tests.unit.local_platform.test_websocket_gateway import gateways  # noqa: F401 (the local WebSocket API)

USER = "usr_ws_victim"


@pytest.fixture
def auth(sandbox: AwsSandbox) -> AuthDeps:
    return AuthDeps.from_env()


@pytest.fixture
def notifications(sandbox: AwsSandbox) -> NotificationsDeps:
    return NotificationsDeps.from_env()


def _login(auth: AuthDeps, user: str = USER) -> TokenPair:
    return sessions.issue_session(IssueSessionRequest(user_id=user, role="user"), auth)


def _open(notifications: NotificationsDeps, pair: TokenPair) -> str:
    """A connection opened through the real $connect with this session's access token."""
    connection_id = f"conn-{uuid.uuid4().hex[:8]}"
    request = WsRequest(connection_id=connection_id, route="$connect", query={"token": pair.access_token},
                        body=None, connected_at=datetime.now(UTC))
    assert connect(request, notifications, signing_keys(notifications)) == 200
    return connection_id


def _open_ids(notifications: NotificationsDeps, user: str = USER) -> set[str]:
    return {c.connection_id for c in notifications.connections.for_user(user, datetime.now(UTC))}


def test_logout_closes_that_sessions_connections_only(auth: AuthDeps, notifications: NotificationsDeps) -> None:
    first, second = _login(auth), _login(auth)
    a1, a2, b = _open(notifications, first), _open(notifications, first), _open(notifications, second)
    sessions.logout(verify_access_token(first.access_token, auth.keys.key, issuer="design-agent"), auth)
    assert _open_ids(notifications) == {b}  # both of the logged-out session's connections are closed
    assert {a1, a2}.isdisjoint(_open_ids(notifications))


def test_revoking_a_session_and_a_refresh_token_theft_close_their_connections(auth: AuthDeps,
                                                                             notifications: NotificationsDeps) -> None:
    first, second, third = _login(auth), _login(auth), _login(auth)
    _open(notifications, first)
    kept = _open(notifications, second)
    _open(notifications, third)
    sessions.revoke_session(USER, first.session_id, auth)
    sessions.refresh(third.refresh_token, auth)  # used once ...
    auth.settings = auth.settings.model_copy(update={"refresh_reuse_grace_s": 0})
    with pytest.raises(Exception, match="already used"):
        sessions.refresh(third.refresh_token, auth)  # ... and presented again: theft, the family is revoked
    assert _open_ids(notifications) == {kept}


@pytest.mark.parametrize("change", [
    SyncUserRequest(user_id=USER, role="user", status="blocked", reason="user-blocked"),
    SyncUserRequest(user_id=USER, role="vip", status="active", revoke_tokens=True, reason="role-changed"),
])
def test_a_block_or_a_role_change_closes_every_connection_of_the_user_and_no_one_elses(
        auth: AuthDeps, notifications: NotificationsDeps, change: SyncUserRequest) -> None:
    _open(notifications, _login(auth))
    _open(notifications, _login(auth))
    other = _open(notifications, _login(auth, "usr_bystander"))
    sessions.sync_user(change, auth)
    assert _open_ids(notifications) == set()
    assert _open_ids(notifications, "usr_bystander") == {other}


def test_a_connection_opened_after_the_revocation_is_not_closed_by_it(auth: AuthDeps,
                                                                      notifications: NotificationsDeps) -> None:
    """A late close request (retried, say) must not close what the user opened with a token issued after it."""
    from datetime import timedelta

    from design_agent.clock import epoch_ms
    from design_agent.contracts.notifications import CloseConnectionsRequest

    from functions.notifications.logic.realtime import close_revoked
    from tests.unit.clock import FixedClock

    clock = FixedClock()
    auth.clock = clock
    old = _open(notifications, _login(auth))
    revoked_at = epoch_ms(clock.now) + 5
    clock.now += timedelta(milliseconds=10)
    newer = _open(notifications, _login(auth))
    result = close_revoked(CloseConnectionsRequest(user_id=USER, issued_before_ms=revoked_at, reason="late"),
                           notifications)
    assert result.closed == 1
    assert _open_ids(notifications) == {newer}
    assert old not in _open_ids(notifications)


def test_a_deleted_connection_gets_nothing_at_once_over_the_local_management_api(
        gateways: tuple[WebSocketGateway, str]) -> None:  # noqa: F811 (the fixture imported above)
    """The local gateway's ``delete_connection`` (which the platform serves) makes the connection gone at once for
    every later post, without waiting for the client's side of the close handshake."""
    from tests.unit.local_platform.handlers import SEEN

    ws, callback_url = gateways
    api: Any = boto3.client("apigatewaymanagementapi", endpoint_url=callback_url, region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")  # the gateway's
    SEEN.clear()  # (what other tests' functions saw)
    with ws_connect(f"{ws.url}/?token=good") as client:
        connection_id = [e for e in SEEN if e.get("requestContext", {}).get("routeKey") == "$connect"][-1][
            "requestContext"]["connectionId"]
        api.delete_connection(ConnectionId=connection_id)
        with pytest.raises(ClientError) as gone:  # at once, not after the handshake
            api.post_to_connection(ConnectionId=connection_id, Data=b'{"secret": 1}')
        assert gone.value.response["Error"]["Code"] == "GoneException"
        with pytest.raises(ConnectionClosed):
            client.recv(timeout=5)  # the close comes, and no frame before it
