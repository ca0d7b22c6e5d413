"""The SDK's own rules, against stand-in HTTP servers (httpx.MockTransport): how problem+json becomes a typed
error, when a request is retried and how long it waits, one token renewal for many callers, and the CLI's
profile files. The integration tests (tests/integration/test_sdk.py, test_cli.py) run the same against the
real platform."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import httpx
import pytest
from design_agent_sdk.auth import MemoryTokenStore, TokenAuth, Tokens
from design_agent_sdk.cli.profiles import Profile, ProfileError, Profiles, ProfileTokenStore
from design_agent_sdk.errors import ApiError, NotFound, RateLimited, ServerError, ValidationFailed, parse_retry_after
from design_agent_sdk.retry import RetryPolicy, RetryTransport

PROBLEM = "application/problem+json"


def problem(status: int, code: str, **extra: object) -> httpx.Response:
    return httpx.Response(status, headers={"Content-Type": PROBLEM},
                          json={"type": f"urn:x:{code}", "title": code, "status": status, "code": code, **extra})


def test_a_problem_becomes_the_error_of_its_status_with_its_fields() -> None:
    missing = ApiError.of(problem(404, "not-found", detail="No such poster", request_id="req-1"))
    assert isinstance(missing, NotFound)
    assert (missing.status, missing.code, missing.detail, missing.request_id) == (404, "not-found", "No such poster",
                                                                                   "req-1")
    invalid = ApiError.of(problem(422, "validation-failed", errors=[{"path": "body.email", "message": "bad"}]))
    assert isinstance(invalid, ValidationFailed)
    assert [(e.path, e.message) for e in invalid.errors] == [("body.email", "bad")]
    assert "body.email: bad" in str(invalid)
    limited = ApiError.of(problem(429, "rate-limited", retry_after_s=3))
    assert isinstance(limited, RateLimited)
    assert limited.retry_after == 3
    proxy = ApiError.of(httpx.Response(502, text="<html>Bad Gateway</html>"))
    assert isinstance(proxy, ServerError)
    assert proxy.code == "http-502"
    assert "Bad Gateway" in str(proxy)


def test_retry_after_is_seconds_or_an_http_date() -> None:
    assert parse_retry_after("7") == 7
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def client(answers: list[httpx.Response], waits: list[float], **policy: float) -> tuple[httpx.Client, list[str]]:
    seen: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.headers.get('Idempotency-Key', '-')}")
        return answers.pop(0)

    transport = RetryTransport(RetryPolicy(**policy), httpx.MockTransport(serve), sleep=waits.append)  # type: ignore[arg-type]
    return httpx.Client(base_url="http://api", transport=transport), seen


def test_a_429_waits_its_retry_after_then_repeats_any_request() -> None:
    waits: list[float] = []
    answers = [httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(201)]
    http, seen = client(answers, waits)
    assert http.post("/api/v1/tasks").status_code == 201
    assert waits == [3.0]
    assert len(seen) == 2


def test_a_5xx_is_repeated_only_when_repeating_is_safe() -> None:
    waits: list[float] = []
    http, seen = client([httpx.Response(503), httpx.Response(200)], waits)
    assert http.post("/api/v1/designs/posters").status_code == 503  # a create without a key: not repeated
    assert len(seen) == 1
    http, seen = client([httpx.Response(503), httpx.Response(201)], waits)
    assert http.post("/api/v1/tasks", headers={"Idempotency-Key": "k1"}).status_code == 201
    assert seen == ["POST k1", "POST k1"]  # the same key: the server answers the first result
    http, seen = client([httpx.Response(500)] * 4, waits, attempts=4)
    assert http.get("/api/v1/tasks").status_code == 500
    assert len(seen) == 4


def test_backoff_grows_with_jitter_and_a_long_retry_after_is_the_callers() -> None:
    policy = RetryPolicy(backoff_s=1, max_backoff_s=4)
    rng = random.Random(1)
    steps = [policy.backoff(n, rng) for n in (1, 2, 3, 4)]
    assert [0.5 <= steps[0] <= 1, 1 <= steps[1] <= 2, 2 <= steps[2] <= 4, 2 <= steps[3] <= 4] == [True] * 4
    waits: list[float] = []
    http, _seen = client([httpx.Response(429, headers={"Retry-After": "600"})], waits)
    assert http.get("/x").status_code == 429
    assert waits == []


def test_many_callers_with_a_rejected_token_share_one_renewal() -> None:
    renewals: list[Tokens | None] = []
    lock = threading.Lock()

    def grant(current: Tokens | None) -> Tokens:
        with lock:
            renewals.append(current)
        return Tokens(access_token=f"fresh{len(renewals)}", refresh_token="r2", expires_at=None)

    all_stale = threading.Barrier(6)

    def serve(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"].startswith("Bearer fresh"):
            return httpx.Response(200)
        all_stale.wait(timeout=10)  # every caller has been refused before any of them renews
        return httpx.Response(401)

    auth = TokenAuth(MemoryTokenStore(Tokens(access_token="stale", refresh_token="r1")), grant)
    http = httpx.Client(base_url="http://api", auth=auth, transport=httpx.MockTransport(serve))
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def call() -> None:
        barrier.wait()
        statuses.append(http.get("/api/v1/users/me").status_code)

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    assert len(renewals) == 1
    assert auth.renewals == 1


def test_tokens_renew_before_they_expire_by_a_margin_at_most_half_their_life() -> None:
    long = Tokens(access_token="a", expires_at=1000.0, lifetime_s=900)
    assert not long.expiring(969.0)
    assert long.expiring(971.0)
    short = Tokens(access_token="a", expires_at=1000.0, lifetime_s=20)
    assert not short.expiring(989.0)
    assert short.expiring(991.0)


def test_profiles_are_private_files_and_their_lock_is_reentrant(tmp_path: Path) -> None:
    profiles = Profiles(tmp_path)
    assert profiles.load("local").api_url == "http://127.0.0.1:3000"  # known without a file
    assert profiles.load("dev").api_url is None
    profiles.save(Profile(name="dev", api_url="https://api.example", tokens=Tokens(access_token="t")))
    path = profiles.path("dev")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    store = ProfileTokenStore(profiles, "dev")
    with store.exclusive(), store.exclusive():  # a renewal inside a sign-in: no deadlock on the file lock
        store.save(Tokens(access_token="t2", refresh_token="r"))
    loaded = profiles.load("dev")
    assert loaded.api_url == "https://api.example"
    assert loaded.tokens == Tokens(access_token="t2", refresh_token="r")
    with pytest.raises(ProfileError, match="not a profile name"):
        profiles.path("../etc")

