"""The per-user rate limit through the real local platform: a user's burst beyond the limit is 429 problem+json
with the time to the next token, another user is unaffected, and after waiting that long the call passes.

The session runs with a generous limit (conftest.py); this test tightens it for a few seconds with SSM parameters,
the configuration centre every function reads (``CONFIG_CACHE_S`` is 1 s here), and puts it back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from tests.integration.conftest import STAGE, Platform, register_and_login

RATE_RPS, BURST = 0.5, 2  # a token every 2 s, two at once


@contextmanager
def tight_limit(platform: Platform) -> Iterator[None]:
    ssm = platform.boto("ssm")
    names = {f"/design-agent/{STAGE}/shared/USER_RATE_RPS": str(RATE_RPS),
             f"/design-agent/{STAGE}/shared/USER_BURST": str(BURST)}
    for name, value in names.items():
        ssm.put_parameter(Name=name, Value=value, Type="String", Overwrite=True)
    time.sleep(1.5)  # every function's cached configuration has expired
    try:
        yield
    finally:
        for name in names:
            ssm.delete_parameter(Name=name)
        time.sleep(1.5)  # the session's generous limit is back for the tests that follow


def test_a_burst_beyond_the_limit_is_429_until_the_next_token(platform: Platform) -> None:
    alice, bob = register_and_login(platform, "limited"), register_and_login(platform, "other")

    def me(who: dict[str, str]) -> requests.Response:
        return requests.get(platform.api("/api/v1/users/me"), headers=who, timeout=10)

    with tight_limit(platform):
        started = time.monotonic()
        assert [me(alice.auth).status_code for _ in range(BURST)] == [200] * BURST
        refused = me(alice.auth)
        assert refused.status_code == 429, refused.text
        assert refused.headers["Content-Type"] == "application/problem+json"
        problem = refused.json()
        assert (problem["code"], problem["status"]) == ("rate-limited", 429)
        retry_after = int(refused.headers["Retry-After"])
        assert problem["retry_after_s"] == retry_after
        # the next token comes one interval after the burst began (less the time the calls took), in whole seconds
        interval = 1 / RATE_RPS
        assert interval - (time.monotonic() - started) - 1 <= retry_after <= interval

        assert me(bob.auth).status_code == 200  # another user has a bucket of their own

        time.sleep(retry_after)
        assert me(alice.auth).status_code == 200
        assert me(alice.auth).status_code == 429  # one token came back, not more
