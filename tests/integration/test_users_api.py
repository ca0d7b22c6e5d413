"""User service over HTTP: ownership, admin-only routes, blocking, listing."""

from __future__ import annotations

import requests

from tests.integration.conftest import Account, Platform, login, register_and_login


def test_another_users_profile_and_quota_are_404(platform: Platform) -> None:
    alice, bob = register_and_login(platform), register_and_login(platform)
    for path in (f"/api/v1/users/{bob.user_id}", f"/api/v1/users/{bob.user_id}/quota"):
        response = requests.get(platform.api(path), headers=alice.auth, timeout=10)
        assert response.status_code == 404, (path, response.text)
        assert response.json()["code"] == "not-found"
    update = requests.put(platform.api(f"/api/v1/users/{bob.user_id}"), headers=alice.auth,
                          json={"avatar": "https://x/y.png"}, timeout=10)
    assert update.status_code == 404
    unknown = requests.get(platform.api("/api/v1/users/usr_01JD000000000000000000000"), headers=alice.auth,
                           timeout=10)
    assert unknown.status_code == 404


def test_admin_routes_are_403_for_users(platform: Platform, user: Account) -> None:
    for method, path in (("GET", "/api/v1/users"), ("POST", f"/api/v1/users/{user.user_id}/block"),
                         ("POST", f"/api/v1/users/{user.user_id}/unblock")):
        response = requests.request(method, platform.api(path), headers=user.auth, timeout=10)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["code"] == "forbidden"
    promote = requests.put(platform.api(f"/api/v1/users/{user.user_id}"), headers=user.auth, json={"role": "admin"},
                           timeout=10)
    assert promote.status_code == 403


def test_user_updates_own_profile(platform: Platform, user: Account) -> None:
    response = requests.put(platform.api("/api/v1/users/me"), headers=user.auth,
                            json={"avatar": "https://cdn.example.com/a.png"}, timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["avatar"] == "https://cdn.example.com/a.png"


def test_admin_lists_with_cursor_blocks_and_unblocks(platform: Platform, admin: Account) -> None:
    victim = register_and_login(platform, "victim")
    first = requests.get(platform.api("/api/v1/users"), params={"limit": 1}, headers=admin.auth, timeout=10)
    assert first.status_code == 200, first.text
    assert len(first.json()["items"]) == 1
    second = requests.get(platform.api("/api/v1/users"), params={"limit": 1, "cursor": first.json()["next_cursor"]},
                          headers=admin.auth, timeout=10)
    assert second.json()["items"][0]["id"] != first.json()["items"][0]["id"]

    blocked = requests.post(platform.api(f"/api/v1/users/{victim.user_id}/block"), headers=admin.auth, timeout=10)
    assert blocked.status_code == 200, blocked.text
    assert blocked.json()["status"] == "blocked"
    # existing tokens stop working at once, refresh fails and login is refused
    assert requests.get(platform.api("/api/v1/users/me"), headers=victim.auth, timeout=10).status_code == 401
    assert requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": victim.refresh_token},
                         timeout=10).status_code in (401, 403)
    again = requests.post(platform.api("/api/v1/users/login"),
                          json={"email": victim.email, "password": victim.password}, timeout=10)
    assert again.status_code == 403
    assert again.json()["code"] == "account-blocked"

    unblocked = requests.post(platform.api(f"/api/v1/users/{victim.user_id}/unblock"), headers=admin.auth, timeout=10)
    assert unblocked.json()["status"] == "active"
    assert login(platform, victim.email, victim.password).user_id == victim.user_id


def test_admin_reads_any_profile_and_changes_role(platform: Platform, admin: Account, user: Account) -> None:
    response = requests.put(platform.api(f"/api/v1/users/{user.user_id}"), headers=admin.auth, json={"role": "vip"},
                            timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "vip"
    assert response.json()["quota"]["max_tasks"] == 200
    # a role change revokes the old tokens, which carry the old role
    assert requests.get(platform.api("/api/v1/users/me"), headers=user.auth, timeout=10).status_code == 401
