"""Sessions attacked over real HTTP: tokens issued right after a revocation, refresh-token replays."""

from __future__ import annotations

import requests

from tests.integration.conftest import Account, Platform, login, register_and_login


def _me(platform: Platform, account: Account) -> int:
    return requests.get(platform.api("/api/v1/users/me"), headers=account.auth, timeout=10).status_code


def test_a_login_right_after_a_role_change_works_twenty_times_in_a_row(platform: Platform, admin: Account) -> None:
    account = register_and_login(platform, "promoted")
    answers = []
    for n in range(20):
        role = ("vip", "user")[n % 2]
        changed = requests.put(platform.api(f"/api/v1/users/{account.user_id}"), headers=admin.auth,
                               json={"role": role}, timeout=10)
        assert changed.status_code == 200, changed.text
        answers.append(_me(platform, login(platform, account.email, account.password)))
    assert answers == [200] * 20
    assert _me(platform, account) == 401  # the first session's token died with the first change


def test_a_login_right_after_a_block_and_unblock_works(platform: Platform, admin: Account) -> None:
    account = register_and_login(platform, "unblocked")
    answers = []
    for _ in range(5):
        for action in ("block", "unblock"):
            done = requests.post(platform.api(f"/api/v1/users/{account.user_id}/{action}"), headers=admin.auth,
                                 timeout=10)
            assert done.status_code == 200, done.text
        answers.append(_me(platform, login(platform, account.email, account.password)))
    assert answers == [200] * 5


def test_a_refresh_replayed_inside_the_grace_window_gets_the_same_successor(platform: Platform) -> None:
    """The session's platform runs with no grace (any second use is theft); this test opens a window over SSM."""
    import time

    from tests.integration.conftest import STAGE

    ssm = platform.boto("ssm")
    name = f"/design-agent/{STAGE}/auth/REFRESH_REUSE_GRACE_S"
    account = register_and_login(platform, "replay")
    ssm.put_parameter(Name=name, Value="30", Type="String", Overwrite=True)
    try:
        time.sleep(1.5)  # CONFIG_CACHE_S is 1 in these tests

        def refresh(token: str) -> requests.Response:
            return requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": token}, timeout=10)

        first, replay = refresh(account.refresh_token), refresh(account.refresh_token)
        assert (first.status_code, replay.status_code) == (200, 200), replay.text
        assert replay.json()["refresh_token"] == first.json()["refresh_token"]  # one chain, not two
        assert refresh(first.json()["refresh_token"]).status_code == 200
    finally:
        ssm.delete_parameter(Name=name)
        time.sleep(1.5)
