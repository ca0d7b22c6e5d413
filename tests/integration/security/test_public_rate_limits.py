"""The public routes' per-source limits over real HTTP: a client flooding login is refused on its own, and the
next real login from another client is not (issue 13: 60 empty logins made everyone's next login answer 429)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests

from tests.integration.conftest import Platform, register_and_login
from tests.integration.security.sources import client_from, new_source


def test_sixty_empty_logins_from_one_client_leave_the_next_real_login_from_another_alone(platform: Platform) -> None:
    owner = register_and_login(platform, "realuser")
    flooder, other = client_from(new_source()), client_from(new_source())
    login = platform.api("/api/v1/users/login")

    def empty(_: int) -> requests.Response:
        return flooder.post(login, json={}, timeout=30)

    with ThreadPoolExecutor(max_workers=20) as pool:
        flood = [answer.status_code for answer in pool.map(empty, range(60))]
    assert flood.count(429) >= 60 - 10, flood  # the flooder gets its own ten per minute and no more
    assert set(flood) <= {422, 429}
    real = other.post(login, json={"email": owner.email, "password": owner.password}, timeout=30)
    assert real.status_code == 200, real.text


def test_a_refused_client_is_told_when_to_come_back(platform: Platform) -> None:
    flooder = client_from(new_source())
    answers = [flooder.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": "rt_not-a-real-one"},
                            timeout=30) for _ in range(12)]
    refused = [a for a in answers if a.status_code == 429]
    assert refused, [a.status_code for a in answers]
    assert all(a.headers["Retry-After"] and a.json()["code"] == "too-many-requests" for a in refused)
