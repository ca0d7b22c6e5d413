"""Attack over real HTTP: crafted and borrowed page cursors on every list route."""

from __future__ import annotations

import base64

import pytest
import requests

from tests.integration.conftest import Account, Platform, register_and_login

LIST_ROUTES = ["/api/v1/designs/posters", "/api/v1/designs/templates", "/api/v1/tasks", "/api/v1/storage/files",
               "/api/v1/notifications/inbox", "/api/v1/media/jobs", "/api/v1/files/assets?category=icons",
               "/api/v1/files/fonts"]
ADMIN_ROUTES = ["/api/v1/users", "/api/v1/auth/clients"]
CRAFTED = {"unexpected shape": base64.urlsafe_b64encode(b'{"pk":1}').decode(),  # a 500 on several routes before
           "key of another user": base64.urlsafe_b64encode(b'{"pk":{"S":"USER#usr_x"},"sk":{"S":"x"}}').decode(),
           "garbage": "%%%", "list": base64.urlsafe_b64encode(b"[1]").decode()}


def _get(platform: Platform, route: str, who: Account, cursor: str) -> requests.Response:
    joiner = "&" if "?" in route else "?"
    return requests.get(platform.api(f"{route}{joiner}cursor={cursor}"), headers=who.auth, timeout=10)


@pytest.mark.parametrize("kind", list(CRAFTED))
def test_crafted_cursors_are_400_on_every_list_route(platform: Platform, user: Account, admin: Account,
                                                     kind: str) -> None:
    for route, who in [(r, user) for r in LIST_ROUTES] + [(r, admin) for r in ADMIN_ROUTES]:
        response = _get(platform, route, who, CRAFTED[kind])
        assert response.status_code == 400, (route, response.text)
        assert response.json()["code"] == "invalid-cursor"


def test_one_users_cursor_does_not_page_another_users_posters(platform: Platform, user: Account) -> None:
    for n in range(3):
        created = requests.post(platform.api("/api/v1/designs/posters"), headers=user.auth, timeout=10,
                                json={"title": f"p{n}", "width": 100, "height": 100})
        assert created.status_code == 201
    first = requests.get(platform.api("/api/v1/designs/posters?limit=2"), headers=user.auth, timeout=10).json()
    cursor = first["next_cursor"]
    assert cursor
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))  # signed: an edited position is refused
    edited = base64.urlsafe_b64encode(raw.replace(b"USER#", b"USER$")).decode().rstrip("=")
    assert edited != cursor
    assert _get(platform, "/api/v1/designs/posters?limit=2", user, edited).status_code == 400
    mallory = register_and_login(platform, "mallory")
    stolen = _get(platform, "/api/v1/designs/posters", mallory, cursor)
    assert (stolen.status_code, stolen.json()["code"]) == (400, "invalid-cursor")
    rest = _get(platform, "/api/v1/designs/posters?limit=2", user, cursor)
    assert rest.status_code == 200
    assert [p["title"] for p in rest.json()["items"]] == ["p0"]
