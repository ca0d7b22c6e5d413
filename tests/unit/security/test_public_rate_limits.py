"""Attacks on the shared limits of public routes: one client flooding a route must not make it answer 429 to
everyone else (issue 13, "one global token bucket guards all public routes")."""

from __future__ import annotations

import threading

import pytest
from design_agent.spec import Auth, Operation, Service, SourceLimit, Throttle
from werkzeug.test import Client

from functions.registry import SERVICES
from local_platform.authorizer import AuthorizerRunner
from local_platform.functions import FunctionRegistry
from local_platform.http_gateway import HttpGateway
from local_platform.routes import RouteTable
from local_platform.sigv4 import SigV4Verifier

LOGIN_LIKE = Service(name="demo", operations=(
    Operation("Login", "tests.unit.local_platform.handlers.echo", method="POST", path="/api/v1/login",
              auth=Auth.NONE, throttle=Throttle(rate_rps=0.01, burst=20), source_limit=SourceLimit(10, 60)),
))


def _gateway(unlimited: frozenset[str] = frozenset()) -> HttpGateway:
    registry = FunctionRegistry((LOGIN_LIKE,), "test")
    ready = threading.Event()
    ready.set()
    return HttpGateway(registry=registry, routes=RouteTable((LOGIN_LIKE,), registry),
                       authorizer=AuthorizerRunner(registry, None, 0), stage="test", ready=ready,
                       unlimited_sources=unlimited, log=lambda _: None,
                       verifier=SigV4Verifier("testing", "testing"))


def _post(client: Client, address: str) -> int:
    return client.post("/api/v1/login", json={}, environ_base={"REMOTE_ADDR": address}).status_code


def test_a_flooding_client_is_refused_on_its_own_and_the_next_client_gets_through() -> None:
    client = Client(_gateway())
    flood = [_post(client, "203.0.113.9") for _ in range(60)]
    assert flood.count(429) == 50  # ten pass (its own limit), the rest are refused before the shared buckets
    assert _post(client, "198.51.100.7") == 200  # the route's shared bucket still has room for everyone else


def test_an_exempt_address_is_not_limited_per_source() -> None:
    client = Client(_gateway(frozenset({"127.0.0.1"})))
    assert [_post(client, "127.0.0.1") for _ in range(21)].count(429) == 1  # only the route's burst of 20


def test_every_public_route_has_a_per_source_limit_and_the_costly_ones_are_below_their_routes_burst() -> None:
    public = [op for svc in SERVICES for op in svc.http_operations if op.auth is Auth.NONE]
    assert public
    for op in public:
        limit = op.per_source_limit
        assert limit is not None, op.name
        if op.throttle is not None:  # one client may never spend more than half of a stricter route's burst
            assert limit.requests <= op.throttle.burst // 2, op.name
    signed_in = [op for svc in SERVICES for op in svc.http_operations if op.auth is not Auth.NONE]
    assert all(op.per_source_limit is None for op in signed_in)  # those have the per-user limit


@pytest.mark.parametrize(("requests", "window"), [(9, 60), (10, 30), (10, 3600)])
def test_a_source_limit_is_what_a_waf_rule_can_express(requests: int, window: int) -> None:
    with pytest.raises(ValueError, match="WAF"):
        SourceLimit(requests, window)
