"""E-mail verification and password reset over real HTTP, the one-time codes read back from the platform's mail
(``/_local/emails``), as a person would read them from their inbox."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.integration.conftest import STAGE, Account, Platform, login, register_and_login


@pytest.fixture
def verification_on(platform: Platform) -> Iterator[None]:
    """The suite's platform runs as `make dev` does (verification off); this turns it on over SSM for a test."""
    ssm = platform.boto("ssm")
    name = f"/design-agent/{STAGE}/users/EMAIL_VERIFICATION"
    ssm.put_parameter(Name=name, Value="true", Type="String", Overwrite=True)
    time.sleep(1.5)  # CONFIG_CACHE_S is 1 in these tests
    try:
        yield
    finally:
        ssm.delete_parameter(Name=name)
        time.sleep(1.5)


def _mail(platform: Platform, to: str, template: str, timeout_s: float = 20) -> dict[str, Any]:
    """The newest mail of ``template`` to ``to`` (account mails are sent asynchronously)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        sent = platform.local("GET", "/_local/emails").json()
        found = [m for m in sent if m["to"] == [to] and m.get("template") == template]
        if found:
            return found[-1]  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError(f"no {template} mail to {to}")


def _register(platform: Platform, email: str, username: str) -> requests.Response:
    return requests.post(platform.api("/api/v1/users/register"), timeout=10,
                         json={"email": email, "username": username, "password": "a long enough password"})


def test_register_answers_the_same_for_a_new_and_a_taken_address(platform: Platform, user: Account,
                                                                 verification_on: None) -> None:
    fresh = f"fresh{uuid.uuid4().hex[:8]}@example.com"
    taken, new = _register(platform, user.email, f"probe{uuid.uuid4().hex[:6]}"), _register(platform, fresh, "x" +
                                                                                            uuid.uuid4().hex[:8])
    assert (taken.status_code, taken.json()) == (new.status_code, new.json()) == (202, new.json())
    assert "token" not in json.dumps(_mail(platform, user.email, "account-exists"))  # the owner is told, no code
    code = _mail(platform, fresh, "verify-email")["data"]["token"]
    assert requests.post(platform.api("/api/v1/users/login"), timeout=10,
                         json={"email": fresh, "password": "a long enough password"}).status_code == 401
    verified = requests.post(platform.api("/api/v1/users/verify-email"), json={"token": code}, timeout=10)
    assert verified.status_code == 201, verified.text
    assert login(platform, fresh, "a long enough password").user_id == verified.json()["id"]
    again = requests.post(platform.api("/api/v1/users/verify-email"), json={"token": code}, timeout=10)
    assert (again.status_code, again.json()["code"]) == (400, "invalid-one-time-token")


def test_a_password_reset_ends_every_session_and_closes_the_sockets(platform: Platform) -> None:
    account = register_and_login(platform, "forgetful")
    other = login(platform, account.email, account.password)
    unknown = requests.post(platform.api("/api/v1/users/password-reset"), timeout=10,
                            json={"email": f"nobody{uuid.uuid4().hex[:8]}@example.com"})
    asked = requests.post(platform.api("/api/v1/users/password-reset"), json={"email": account.email}, timeout=10)
    assert (asked.status_code, asked.json()) == (unknown.status_code, unknown.json()) == (202, asked.json())
    code = _mail(platform, account.email, "password-reset")["data"]["token"]
    with connect(f"{platform.ws_url}/?token={other.access_token}", open_timeout=10) as ws:
        done = requests.post(platform.api("/api/v1/users/password-reset/confirm"), timeout=10,
                             json={"token": code, "password": "a brand new passphrase"})
        assert done.status_code == 204, done.text
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=10)
    for session in (account, other):
        assert requests.get(platform.api("/api/v1/users/me"), headers=session.auth, timeout=10).status_code == 401
        assert requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": session.refresh_token},
                             timeout=10).status_code == 401
    assert requests.post(platform.api("/api/v1/users/login"), timeout=10,
                         json={"email": account.email, "password": account.password}).status_code == 401
    assert login(platform, account.email, "a brand new passphrase").user_id == account.user_id
    reused = requests.post(platform.api("/api/v1/users/password-reset/confirm"), timeout=10,
                           json={"token": code, "password": "yet another passphrase"})
    assert reused.status_code == 400
