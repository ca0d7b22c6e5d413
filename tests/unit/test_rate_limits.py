"""The per-user rate limit: GCRA in DynamoDB (moto), with an injected clock — exact burst, refill, Retry-After,
users apart, fail-open — and as every user route answers it (429 problem+json)."""

from __future__ import annotations

import json
import socketserver
import threading
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError
from design_agent import errors
from design_agent.api import http_operation
from design_agent.clients import AwsClients
from design_agent.rate_limits import UserRateLimiter, bucket_key, interval_ms
from design_agent.settings import Settings
from design_agent.spec import RATE_LIMITS_TABLE, Auth, Operation, Service, Throttle

from bench.request_counts import DynamoCounter
from tests.unit.aws import AwsSandbox
from tests.unit.lambda_context import FakeContext

T0 = 1_700_000_000_000  # epoch ms


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> int:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms


@pytest.fixture
def clock() -> Clock:
    return Clock()


def limiter(sandbox: AwsSandbox, clock: Clock, rate: float = 10, burst: int = 5,
            clients: AwsClients | None = None) -> UserRateLimiter:
    return UserRateLimiter(sandbox.table_name(RATE_LIMITS_TABLE), Throttle(rate_rps=rate, burst=burst),
                           clients or sandbox.clients, now_ms=clock)


def allowed(bucket: UserRateLimiter, user: str, n: int) -> int:
    """How many of ``n`` calls (at the clock's current instant) get a token."""
    taken = 0
    for _ in range(n):
        try:
            bucket.take(user)
        except errors.UserRateLimited:
            continue
        taken += 1
    return taken


def refusal(bucket: UserRateLimiter, user: str) -> errors.UserRateLimited:
    with pytest.raises(errors.UserRateLimited) as refused:
        bucket.take(user)
    return refused.value


def stored_tat(sandbox: AwsSandbox, user: str) -> int:
    item = sandbox.clients.dynamodb().get_item(TableName=sandbox.table_name(RATE_LIMITS_TABLE),
                                               Key=bucket_key(user))["Item"]
    return int(item["tat"]["N"])


# the bucket maths --------------------------------------------------------------------------------------------
def test_a_full_bucket_allows_exactly_the_burst(sandbox: AwsSandbox, clock: Clock) -> None:
    bucket = limiter(sandbox, clock, rate=10, burst=5)
    assert allowed(bucket, "usr_a", 8) == 5
    assert stored_tat(sandbox, "usr_a") == T0 + 5 * 100  # one emission interval (100 ms) per token taken
    refused = refusal(bucket, "usr_a")
    assert (refused.status, refused.code, refused.retry_after_s) == (429, "rate-limited", 1)  # 100 ms -> 1 s


def test_tokens_come_back_at_the_rate(sandbox: AwsSandbox, clock: Clock) -> None:
    bucket = limiter(sandbox, clock, rate=10, burst=5)
    assert allowed(bucket, "usr_a", 5) == 5
    clock.advance(99)
    assert allowed(bucket, "usr_a", 1) == 0  # 1 ms short of the next token
    clock.advance(1)
    assert allowed(bucket, "usr_a", 3) == 1  # exactly one token per 100 ms
    clock.advance(250)
    assert allowed(bucket, "usr_a", 5) == 2  # 2.5 tokens came back: two whole ones
    clock.advance(10_000)
    assert allowed(bucket, "usr_a", 10) == 5  # idle for long: a full burst, never more


def test_retry_after_is_the_time_to_the_next_token_in_whole_seconds(sandbox: AwsSandbox, clock: Clock) -> None:
    bucket = limiter(sandbox, clock, rate=0.1, burst=2)  # a token every 10 s
    assert interval_ms(Throttle(rate_rps=0.1, burst=2)) == 10_000
    assert allowed(bucket, "usr_a", 2) == 2
    assert refusal(bucket, "usr_a").retry_after_s == 10
    clock.advance(4_500)
    refused = refusal(bucket, "usr_a")
    assert refused.retry_after_s == 6  # 5.5 s, rounded up: a client that waits that long gets through
    assert (refused.headers, refused.extra) == ({"Retry-After": "6"}, {"retry_after_s": 6})
    clock.advance(5_499)
    assert allowed(bucket, "usr_a", 1) == 0
    clock.advance(1)
    assert allowed(bucket, "usr_a", 1) == 1


def test_a_burst_of_one_is_one_call_per_interval(sandbox: AwsSandbox, clock: Clock) -> None:
    bucket = limiter(sandbox, clock, rate=2, burst=1)
    assert allowed(bucket, "usr_a", 3) == 1
    clock.advance(499)
    assert allowed(bucket, "usr_a", 1) == 0
    clock.advance(1)
    assert allowed(bucket, "usr_a", 1) == 1


def test_two_users_have_their_own_buckets(sandbox: AwsSandbox, clock: Clock) -> None:
    bucket = limiter(sandbox, clock, rate=1, burst=3)
    assert allowed(bucket, "usr_a", 10) == 3
    assert allowed(bucket, "usr_b", 10) == 3
    refusal(bucket, "usr_a")


def test_calls_within_a_burst_commute(sandbox: AwsSandbox, clock: Clock) -> None:
    """Concurrent calls of one user need no read-modify-write: each adds an interval to whatever ``tat`` is, under
    a condition on its range (DynamoDB applies conditional writes to an item one at a time; moto in-process does
    not lock, so concurrency itself is not what this checks)."""
    bucket = limiter(sandbox, clock, rate=1, burst=10)
    bucket.take("usr_a")
    clock.advance(-500)  # a call that read the clock earlier lands later: it still takes the next token
    bucket.take("usr_a")
    assert stored_tat(sandbox, "usr_a") == T0 + 2 * 1000


def test_requests_per_call_and_the_ttl(sandbox: AwsSandbox, clock: Clock) -> None:
    bucket = limiter(sandbox, clock, rate=10, burst=3)
    counter = DynamoCounter(sandbox.clients)
    with counter.measure() as full:
        bucket.take("usr_a")
    with counter.measure() as within:
        bucket.take("usr_a")
    bucket.take("usr_a")
    with counter.measure() as refused:
        refusal(bucket, "usr_a")
    assert (sum(full.values()), sum(within.values()), sum(refused.values())) == (1, 2, 1)
    item = sandbox.clients.dynamodb().get_item(TableName=sandbox.table_name(RATE_LIMITS_TABLE),
                                               Key=bucket_key("usr_a"))["Item"]
    # TTL past the latest the tat can be (a full burst ahead), in epoch seconds
    assert int(item["expires_at"]["N"]) * 1000 >= int(item["tat"]["N"]) + 60_000


def test_a_bucket_past_its_ttl_but_not_yet_deleted_is_a_full_bucket(sandbox: AwsSandbox, clock: Clock) -> None:
    bucket = limiter(sandbox, clock, rate=10, burst=2)
    assert allowed(bucket, "usr_a", 3) == 2
    clock.advance(3_600_000)  # moto never expires TTL items: the stale one must mean "full"
    assert allowed(bucket, "usr_a", 3) == 2


# fail open ---------------------------------------------------------------------------------------------------
class _Unreachable:
    def update_item(self, **_: Any) -> None:
        raise EndpointConnectionError(endpoint_url="https://dynamodb.invalid")


class _NoDynamo(AwsClients):
    def hot_path(self, service: str) -> Any:
        return _Unreachable()


def test_fails_open_when_the_table_is_missing(sandbox: AwsSandbox, clock: Clock,
                                              caplog: pytest.LogCaptureFixture) -> None:
    bucket = UserRateLimiter("design-agent-unit-no-such-table", Throttle(rate_rps=1, burst=1), sandbox.clients,
                             now_ms=clock)
    assert allowed(bucket, "usr_a", 5) == 5  # ResourceNotFoundException: let through, not refused, not raised
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        "per-user rate limit unavailable; call let through"] * 5


def test_fails_open_when_dynamodb_is_unreachable(sandbox: AwsSandbox, clock: Clock,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    bucket = limiter(sandbox, clock, rate=1, burst=1, clients=_NoDynamo())
    assert allowed(bucket, "usr_a", 3) == 3
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert [r.getMessage() for r in warnings] == ["per-user rate limit unavailable; call let through"] * 3
    assert warnings[0].error == "EndpointConnectionError"  # type: ignore[attr-defined]


class _Silent(socketserver.BaseRequestHandler):
    """Accepts a connection, reads the request and never answers: a dependency that hangs."""

    def handle(self) -> None:
        self.server.accepted += 1  # type: ignore[attr-defined]
        self.request.recv(65536)
        self.server.release.wait(30)  # type: ignore[attr-defined]


def test_fails_open_with_short_deadlines_when_dynamodb_hangs(clock: Clock, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Silent) as server:
        server.daemon_threads = True
        server.accepted, server.release = 0, threading.Event()  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        for name, value in {"AWS_ENDPOINT_URL_DYNAMODB": f"http://127.0.0.1:{server.server_address[1]}",
                            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                            "AWS_DEFAULT_REGION": "us-east-1"}.items():
            monkeypatch.setenv(name, value)
        clients = AwsClients()
        config = clients.hot_path("dynamodb").meta.config
        assert (config.connect_timeout, config.read_timeout, config.retries["total_max_attempts"]) == (1, 2, 2)
        assert clients.dynamodb().meta.config.read_timeout == 30  # the other clients keep the standard deadlines
        try:
            bucket = UserRateLimiter("design-agent-unit-rate-limits", Throttle(rate_rps=1, burst=1), clients,
                                     now_ms=clock)
            assert allowed(bucket, "usr_a", 1) == 1
        finally:
            server.release.set()  # type: ignore[attr-defined]
            server.shutdown()
    assert server.accepted == 2  # type: ignore[attr-defined]  # one try and one retry, each cut at its read timeout
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert [r.getMessage() for r in warnings] == ["per-user rate limit unavailable; call let through"]
    assert warnings[0].error == "ReadTimeoutError"  # type: ignore[attr-defined]


def test_the_limit_is_off_without_a_rate_a_burst_or_the_table() -> None:
    table = {RATE_LIMITS_TABLE.env_var: "t"}
    assert UserRateLimiter.from_settings(Settings.from_env(table), "demo") is None  # the default: off
    assert UserRateLimiter.from_settings(Settings.from_env({**table, "USER_RATE_RPS": "10"}), "demo") is None
    assert UserRateLimiter.from_settings(Settings.from_env({**table, "USER_BURST": "10"}), "demo") is None
    assert UserRateLimiter.from_settings(Settings.from_env({"USER_RATE_RPS": "10", "USER_BURST": "10"}),
                                         "demo") is None  # not wired to the table: skipped (logged)
    assert UserRateLimiter.from_settings(Settings.from_env({**table, "USER_RATE_RPS": "10", "USER_BURST": "10"}),
                                         "demo") is not None


# as the HTTP operations apply it ------------------------------------------------------------------------------
SERVICE = Service(name="demo", operations=(
    Operation("Mine", "tests.unit.test_rate_limits", method="GET", path="/api/v1/demo/mine"),
    Operation("Work", "tests.unit.test_rate_limits", method="POST", path="/api/v1/demo/work", auth=Auth.WORKER),
    Operation("Open", "tests.unit.test_rate_limits", method="GET", path="/api/v1/demo/open", auth=Auth.NONE),
))
mine_api = http_operation(SERVICE, "Mine")
work_api = http_operation(SERVICE, "Work")
open_api = http_operation(SERVICE, "Open")


@mine_api.route
def mine() -> dict[str, str]:
    return {"who": mine_api.principal().subject}


@work_api.route
def work() -> dict[str, str]:
    return {"who": work_api.principal().subject}


@open_api.route
def public() -> dict[str, str]:
    return {"ok": "yes"}


def event(method: str, path: str, subject: str | None, kind: str = "user") -> dict[str, Any]:
    authorizer = {"subject": subject, "principalId": subject, "role": "worker" if kind == "worker" else "user",
                  "kind": kind} if subject else None
    return {"resource": path, "path": path, "httpMethod": method, "headers": {"Origin": "https://app.example"},
            "multiValueHeaders": {"Origin": ["https://app.example"]},
            "queryStringParameters": None, "multiValueQueryStringParameters": None, "pathParameters": None,
            "stageVariables": None, "isBase64Encoded": False, "body": None,
            "requestContext": {"requestId": "req-1", "stage": "unit", "httpMethod": method, "path": path,
                               "resourcePath": path, "identity": {"sourceIp": "127.0.0.1"},
                               "authorizer": authorizer}}


def status_of(api: Any, ev: dict[str, Any]) -> int:
    return int(api.handler(ev, FakeContext())["statusCode"])


@pytest.fixture
def slow_limit(sandbox: AwsSandbox, monkeypatch: pytest.MonkeyPatch) -> AwsSandbox:
    """Two calls, then one every 100 s."""
    monkeypatch.setenv("USER_RATE_RPS", "0.01")
    monkeypatch.setenv("USER_BURST", "2")
    return sandbox


def test_a_user_route_answers_429_problem_json_with_retry_after(slow_limit: AwsSandbox) -> None:
    ev = event("GET", "/api/v1/demo/mine", "usr_a")
    assert [status_of(mine_api, ev) for _ in range(2)] == [200, 200]
    result = mine_api.handler(ev, FakeContext())
    headers = {k.lower(): v[0] for k, v in result["multiValueHeaders"].items()}
    body = json.loads(result["body"])
    assert (result["statusCode"], headers["content-type"]) == (429, "application/problem+json")
    assert 99 <= int(headers["retry-after"]) <= 100
    assert body["retry_after_s"] == int(headers["retry-after"])
    assert (body["code"], body["status"], body["request_id"]) == ("rate-limited", 429, "req-1")
    assert headers["access-control-allow-origin"] == "https://app.example"  # the stage's console, as every answer
    assert "Retry-After" in headers["access-control-expose-headers"]
    assert status_of(mine_api, event("GET", "/api/v1/demo/mine", "usr_b")) == 200  # another user


def test_machine_clients_and_public_routes_are_not_limited_per_user(slow_limit: AwsSandbox) -> None:
    worker = event("POST", "/api/v1/demo/work", "cli_a", kind="worker")
    assert {status_of(work_api, worker) for _ in range(5)} == {200}
    anonymous = event("GET", "/api/v1/demo/open", None)
    assert {status_of(open_api, anonymous) for _ in range(5)} == {200}
    table = slow_limit.clients.dynamodb().scan(TableName=slow_limit.table_name(RATE_LIMITS_TABLE))
    assert table["Items"] == []  # no bucket was touched


def test_a_user_route_fails_open_when_the_table_is_gone(slow_limit: AwsSandbox) -> None:
    slow_limit.clients.dynamodb().delete_table(TableName=slow_limit.table_name(RATE_LIMITS_TABLE))
    ev = event("GET", "/api/v1/demo/mine", "usr_a")
    assert {status_of(mine_api, ev) for _ in range(4)} == {200}
