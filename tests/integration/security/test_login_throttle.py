"""Login throttling over real HTTP, with the attacker and the owner on distinct source addresses."""

from __future__ import annotations

from tests.integration.conftest import Platform, register_and_login
from tests.integration.security.sources import client_from, new_source


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out(platform: Platform) -> None:
    owner = register_and_login(platform, "owner")
    stranger, home = client_from(new_source()), client_from(new_source())
    login = platform.api("/api/v1/users/login")
    for _ in range(3):  # LOGIN_MAX_FAILURES is 3 on the test platform
        wrong = stranger.post(login, json={"email": owner.email, "password": "a wrong guess"}, timeout=10)
        assert wrong.status_code == 401, wrong.text
    locked = stranger.post(login, json={"email": owner.email, "password": owner.password}, timeout=10)
    assert locked.status_code == 429, locked.text  # the stranger's place is locked for this account
    assert int(locked.headers["Retry-After"]) > 0
    mine = home.post(login, json={"email": owner.email, "password": owner.password}, timeout=10)
    assert mine.status_code == 200, mine.text  # the owner signs in from elsewhere at once (was 429)
