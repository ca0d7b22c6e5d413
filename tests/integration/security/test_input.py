"""Attack over real HTTP: bodies built to break the parser, on public and signed-in routes; the platform keeps
serving and stores nothing."""

from __future__ import annotations

import pytest
import requests

from tests.integration.conftest import Account, Platform

DEEP = b"[" * 10_000 + b"]" * 10_000
DEEP_OBJECT = b'{"a":' * 10_000 + b"1" + b"}" * 10_000


def _problem(response: requests.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == code


@pytest.mark.parametrize("path", ["/api/v1/users/login", "/api/v1/users/register", "/api/v1/auth/refresh",
                                  "/api/v1/auth/token", "/api/v1/auth/verify"])
@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["arrays", "objects"])
def test_deep_json_on_public_routes_is_400(platform: Platform, path: str, body: bytes) -> None:
    response = requests.post(platform.api(path), data=body, headers={"Content-Type": "application/json"}, timeout=30)
    _problem(response, 400, "json-too-deep")


@pytest.mark.parametrize("path", ["/api/v1/designs/posters", "/api/v1/tasks", "/api/v1/storage/upload-tokens",
                                  "/api/v1/media/jobs", "/api/v1/notifications/preferences"])
def test_deep_json_on_signed_in_routes_is_400_and_the_platform_keeps_serving(platform: Platform, user: Account,
                                                                             path: str) -> None:
    method = requests.put if path.endswith("preferences") else requests.post
    for _ in range(3):
        response = method(platform.api(path), data=DEEP, timeout=30,
                          headers={**user.auth, "Content-Type": "application/json"})
        _problem(response, 400, "json-too-deep")
    assert requests.get(platform.api("/api/v1/users/me"), headers=user.auth, timeout=10).status_code == 200
    assert requests.get(platform.api("/api/v1/health"), timeout=10).status_code == 200


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8", None])
def test_invalid_utf8_is_400_and_nothing_is_stored(platform: Platform, user: Account,
                                                   content_type: str | None) -> None:
    headers = {**user.auth, **({"Content-Type": content_type} if content_type else {})}
    response = requests.post(platform.api("/api/v1/designs/posters"), headers=headers, timeout=10,
                             data=b'{"title": "\xff\xfe sale", "width": 100, "height": 100}')
    _problem(response, 400, "invalid-encoding")
    listed = requests.get(platform.api("/api/v1/designs/posters"), headers=user.auth, timeout=10)
    assert listed.json()["items"] == []
    # the same text in UTF-8 (and the replacement character, escaped) is stored as sent
    created = requests.post(platform.api("/api/v1/designs/posters"), headers=user.auth, timeout=10,
                            data='{"title": "春 \\ufffd sale", "width": 100, "height": 100}'.encode(),)
    assert created.status_code == 201, created.text
    assert created.json()["poster"]["title"] == "春 \ufffd sale"
