"""An already-open WebSocket after its tokens are revoked, over real sockets: logging out, revoking a session,
blocking the user or changing their role closes the affected connections server side, before the call answers —
they get no notification and no pong after it — and leaves every other connection alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.integration.conftest import Account, Platform, login, register_and_login


@contextmanager
def _socket(platform: Platform, who: Account) -> Iterator[ClientConnection]:
    with connect(f"{platform.ws_url}/?token={who.access_token}", open_timeout=10) as ws:
        yield ws


def _pong(ws: ClientConnection) -> bool:
    ws.send(json.dumps({"action": "ping"}))
    return json.loads(ws.recv(timeout=10))["type"] == "pong"


def _closed_with_nothing_received(ws: ClientConnection) -> bool:
    """The server closed it, and no frame came before the close."""
    with pytest.raises(ConnectionClosed):
        ws.recv(timeout=10)
    with pytest.raises(ConnectionClosed):
        ws.send(json.dumps({"action": "ping"}))
    return True


def _announce(platform: Platform, who: Account) -> None:
    answer = platform.invoke("notifications", "SendRealtime", {"user_id": who.user_id, "title": "after revocation"})
    assert answer["ok"], answer


def _notification(ws: ClientConnection) -> str:
    return str(json.loads(ws.recv(timeout=10))["message"]["title"])


def test_logout_closes_that_sessions_socket_at_once_and_no_other(platform: Platform) -> None:
    first = register_and_login(platform, "wsleaver")
    second = login(platform, first.email, first.password)
    with _socket(platform, first) as gone, _socket(platform, second) as kept:
        assert _pong(gone)
        assert requests.post(platform.api("/api/v1/auth/logout"), headers=first.auth, timeout=10).status_code == 204
        _announce(platform, first)  # sent right after the logout answered
        assert _closed_with_nothing_received(gone)
        assert _notification(kept) == "after revocation"
        assert _pong(kept)


def test_revoking_a_session_closes_its_socket(platform: Platform) -> None:
    first = register_and_login(platform, "wsrevoked")
    second = login(platform, first.email, first.password)
    with _socket(platform, first) as gone, _socket(platform, second) as kept:
        revoked = requests.delete(platform.api(f"/api/v1/auth/sessions/{_session_of(platform, first)}"),
                                  headers=second.auth, timeout=10)
        assert revoked.status_code == 204, revoked.text
        _announce(platform, first)
        assert _closed_with_nothing_received(gone)
        assert _notification(kept) == "after revocation"


@pytest.mark.parametrize("action", ["block", "role"])
def test_a_block_or_a_role_change_closes_every_socket_of_the_user(platform: Platform, admin: Account,
                                                                 action: str) -> None:
    first = register_and_login(platform, f"ws{action}")
    second = login(platform, first.email, first.password)
    bystander = register_and_login(platform, "wsbystander")
    with _socket(platform, first) as one, _socket(platform, second) as two, _socket(platform, bystander) as other:
        changed = requests.post(platform.api(f"/api/v1/users/{first.user_id}/block"), headers=admin.auth,
                                timeout=10) if action == "block" else requests.put(
            platform.api(f"/api/v1/users/{first.user_id}"), headers=admin.auth, json={"role": "vip"}, timeout=10)
        assert changed.status_code == 200, changed.text
        _announce(platform, first)
        assert _closed_with_nothing_received(one)
        assert _closed_with_nothing_received(two)
        assert _pong(other)
    if action == "role":  # a new login opens a socket that stays open
        again = login(platform, first.email, first.password)
        with _socket(platform, again) as fresh:
            _announce(platform, again)
            assert _notification(fresh) == "after revocation"
            assert _pong(fresh)


def _session_of(platform: Platform, who: Account) -> str:
    import jwt
    from design_agent.tokens import AccessClaims

    return str(AccessClaims.model_validate(jwt.decode(who.access_token, options={"verify_signature": False})).sid)
