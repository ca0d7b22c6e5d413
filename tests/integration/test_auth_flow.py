"""The whole sign-in life cycle over real HTTP through the local API Gateway and authorizer."""

from __future__ import annotations

import requests

from tests.integration.conftest import Platform, register_and_login


def test_register_login_refresh_reuse_logout(platform: Platform) -> None:
    account = register_and_login(platform)

    me = requests.get(platform.api("/api/v1/users/me"), headers=account.auth, timeout=10)
    assert me.status_code == 200, me.text
    assert me.json()["id"] == account.user_id
    assert me.json()["quota"]["max_tasks"] == 10

    refreshed = requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": account.refresh_token},
                              timeout=10)
    assert refreshed.status_code == 200, refreshed.text
    pair = refreshed.json()
    assert pair["refresh_token"] != account.refresh_token
    new_auth = {"Authorization": f"Bearer {pair['access_token']}"}
    assert requests.get(platform.api("/api/v1/users/me"), headers=new_auth, timeout=10).status_code == 200

    later = requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": pair["refresh_token"]},
                          timeout=10)
    assert later.status_code == 200

    sessions = requests.get(platform.api("/api/v1/auth/sessions"), headers=new_auth, timeout=10)
    assert sessions.status_code == 200
    assert len(sessions.json()["items"]) == 1

    logout = requests.post(platform.api("/api/v1/auth/logout"),
                           headers={"Authorization": f"Bearer {later.json()['access_token']}"}, timeout=10)
    assert logout.status_code == 204, logout.text
    refused = requests.get(platform.api("/api/v1/users/me"),
                           headers={"Authorization": f"Bearer {later.json()['access_token']}"}, timeout=10)
    assert refused.status_code == 401
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    # every token of the ended session is refused, and its refresh token too
    assert requests.get(platform.api("/api/v1/users/me"), headers=new_auth, timeout=10).status_code == 401
    dead = requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": later.json()["refresh_token"]},
                         timeout=10)
    assert dead.status_code == 401


def test_refresh_token_reuse_after_grace_revokes_the_family(platform: Platform) -> None:
    account = register_and_login(platform)
    first = requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": account.refresh_token},
                          timeout=10).json()
    # the platform of this test session runs with a reuse grace of 0 s, so any second use is theft
    reuse = requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": account.refresh_token},
                          timeout=10)
    assert reuse.status_code == 401, reuse.text
    assert reuse.json()["code"] == "invalid-token"
    # the successor issued before the theft was noticed is dead too: the whole family is revoked
    successor = requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": first["refresh_token"]},
                              timeout=10)
    assert successor.status_code == 401
    me = requests.get(platform.api("/api/v1/users/me"),
                      headers={"Authorization": f"Bearer {first['access_token']}"}, timeout=10)
    assert me.status_code == 401


def test_jwks_and_verify(platform: Platform) -> None:
    account = register_and_login(platform)
    jwks = requests.get(platform.api("/api/v1/auth/jwks.json"), timeout=10)
    assert jwks.status_code == 200
    assert {k["alg"] for k in jwks.json()["keys"]} == {"ES256"}
    ok = requests.post(platform.api("/api/v1/auth/verify"), json={"token": account.access_token}, timeout=10)
    assert ok.status_code == 200
    assert ok.json()["subject"] == account.user_id
    bad = requests.post(platform.api("/api/v1/auth/verify"), json={"token": account.access_token[:-4] + "AAAA"},
                        timeout=10)
    assert bad.status_code == 401


def test_check_permission_by_role(platform: Platform, admin: object) -> None:
    account = register_and_login(platform)
    allowed = requests.post(platform.api("/api/v1/auth/check-permission"), headers=account.auth,
                            json={"resource": "tasks", "action": "create"}, timeout=10)
    assert allowed.json()["allowed"] is True
    denied = requests.post(platform.api(f"/api/v1/users/{account.user_id}/check-permission"), headers=account.auth,
                           json={"resource": "users", "action": "block"}, timeout=10)
    assert denied.status_code == 200
    assert denied.json()["allowed"] is False
