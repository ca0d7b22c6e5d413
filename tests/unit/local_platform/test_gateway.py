"""The local API Gateway emulation, driven through WSGI (no sockets): routing, proxy events, authorizer and
its cache, CORS, payload limit, integration timeout, crashes, and the Lambda Invoke API."""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

import pytest
from design_agent.spec import Auth, Operation, Service, Trigger
from werkzeug.test import Client

from local_platform.authorizer import AuthorizerRunner, evaluate
from local_platform.functions import FunctionRegistry
from local_platform.http_gateway import HttpGateway
from local_platform.routes import RouteTable
from tests.unit.local_platform import fake_handlers

H = "tests.unit.local_platform.fake_handlers"
SERVICE = Service(name="demo", operations=(
    Operation("Echo", f"{H}", method="GET", path="/api/v1/things/{thing_id}"),
    Operation("EchoStatic", f"{H}", method="GET", path="/api/v1/things/special", auth=Auth.NONE),
    Operation("Upload", f"{H}", method="POST", path="/api/v1/things", auth=Auth.NONE),
    Operation("Slow", f"{H}", method="GET", path="/api/v1/slow", auth=Auth.NONE),
    Operation("Crash", f"{H}", method="GET", path="/api/v1/crash", auth=Auth.NONE),
    Operation("Authorizer", f"{H}", trigger=Trigger.AUTHORIZER),
    Operation("Internal", f"{H}", trigger=Trigger.INTERNAL),
))
HANDLERS = {"Echo": "echo", "EchoStatic": "echo", "Upload": "echo", "Slow": "slow", "Crash": "crash",
            "Authorizer": "authorizer", "Internal": "internal"}


class Registry(FunctionRegistry):
    """The real registry; each operation's function is one function of the shared fake module."""

    def module(self, fn: Any) -> Any:
        class One:
            handler = staticmethod(getattr(fake_handlers, HANDLERS[fn.operation.name]))

        return One


def gateway(cache_ttl_s: float = 0.0, timeout_s: float = 5.0, limit: int = 1024) -> tuple[Client, AuthorizerRunner]:
    registry = Registry((SERVICE,), "test")
    authorizer = AuthorizerRunner(registry, registry.functions["design-agent-test-demo-authorizer"], cache_ttl_s)
    ready = threading.Event()
    ready.set()
    app = HttpGateway(registry=registry, routes=RouteTable((SERVICE,), registry), authorizer=authorizer,
                      stage="test", ready=ready, integration_timeout_s=timeout_s, payload_limit=limit,
                      log=lambda _: None)
    return Client(app), authorizer


@pytest.fixture(autouse=True)
def _clear() -> None:
    fake_handlers.SEEN.clear()


def test_proxy_event_carries_path_params_multi_query_and_authorizer_context() -> None:
    client, _ = gateway()
    response = client.get("/api/v1/things/t%2042?tag=a&tag=b", headers={"Authorization": "Bearer good"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["params"] == {"thing_id": "t 42"}
    assert body["query"] == {"tag": ["a", "b"]}
    assert body["authorizer"] == {"role": "user", "principalId": "usr_1"}
    assert response.headers.getlist("Set-Cookie") == ["a=1", "b=2"]
    event = fake_handlers.SEEN[-1]
    assert (event["resource"], event["requestContext"]["resourcePath"]) == ("/api/v1/things/{thing_id}",) * 2


def test_static_route_wins_over_path_parameter() -> None:
    client, _ = gateway()
    assert client.get("/api/v1/things/special").get_json()["params"] is None


def test_binary_bodies_are_base64_encoded() -> None:
    client, _ = gateway()
    data = bytes(range(256))
    body = client.post("/api/v1/things", data=data, headers={"Content-Type": "image/png"}).get_json()
    assert body["base64"] is True
    assert base64.b64decode(body["body"]) == data
    assert client.post("/api/v1/things", json={"a": 1}).get_json()["base64"] is False


@pytest.mark.parametrize(("header", "status"), [(None, 401), ("Bearer nope", 401), ("Bearer denied", 403)])
def test_authorizer_refusals(header: str | None, status: int) -> None:
    client, runner = gateway()
    response = client.get("/api/v1/things/1", headers={"Authorization": header} if header else {})
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    assert runner.invocations == (0 if header is None else 1)  # no identity: the function is never called


@pytest.mark.parametrize(("ttl", "calls"), [(0.0, 3), (60.0, 1)])
def test_authorizer_results_are_cached_for_the_ttl(ttl: float, calls: int) -> None:
    client, runner = gateway(cache_ttl_s=ttl)
    for _ in range(3):
        assert client.get("/api/v1/things/1", headers={"Authorization": "Bearer good"}).status_code == 200
    assert runner.invocations == calls


def test_policy_evaluation_follows_iam() -> None:
    arn = "arn:aws:execute-api:us-east-1:0:api/test/GET/api/v1/x"
    allow = {"principalId": "p", "policyDocument": {"Statement": [
        {"Effect": "Allow", "Resource": "arn:aws:execute-api:us-east-1:0:api/test/*/*"}]}}
    assert evaluate(allow, arn).status == 200
    deny = {**allow, "policyDocument": {"Statement": [*allow["policyDocument"]["Statement"],  # type: ignore[index]
                                                       {"Effect": "Deny", "Resource": arn}]}}
    assert evaluate(deny, arn).status == 403
    other = {"principalId": "p", "policyDocument": {"Statement": [{"Effect": "Allow", "Resource": "arn:other"}]}}
    assert evaluate(other, arn).status == 403
    assert evaluate("not a policy", arn).status == 500


def test_cors_preflight_for_known_routes_only() -> None:
    client, _ = gateway()
    ok = client.options("/api/v1/things/1")
    assert ok.status_code == 204
    assert ok.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in ok.headers["Access-Control-Allow-Methods"]
    assert client.options("/api/v1/unknown").status_code == 404


def test_payload_limit_is_413_before_the_function_runs() -> None:
    client, _ = gateway(limit=100)
    response = client.post("/api/v1/things", data=b"x" * 101, headers={"Content-Type": "application/json"})
    assert (response.status_code, response.get_json()["code"]) == (413, "payload-too-large")
    assert fake_handlers.SEEN == []


def test_integration_timeout_is_504() -> None:
    client, _ = gateway(timeout_s=0.2)
    response = client.get("/api/v1/slow")
    assert (response.status_code, response.get_json()["code"]) == (504, "integration-timeout")


def test_crash_is_502_and_unknown_route_404() -> None:
    client, _ = gateway()
    assert client.get("/api/v1/crash").status_code == 502
    assert client.get("/api/v1/nope").status_code == 404
    assert client.delete("/api/v1/things").status_code == 404  # known path, other method


def test_lambda_invoke_api() -> None:
    client, _ = gateway()
    ok = client.post("/2015-03-31/functions/design-agent-test-demo-internal/invocations", data=json.dumps({"n": 4}))
    assert ok.get_json() == {"ok": True, "body": {"doubled": 8, "function": "design-agent-test-demo-internal"}}
    arn = "arn:aws:lambda:us-east-1:000000000000:function:design-agent-test-demo-crash"
    failed = client.post(f"/2015-03-31/functions/{arn}/invocations", data="{}")
    assert failed.headers["X-Amz-Function-Error"] == "Unhandled"
    assert failed.get_json()["errorMessage"] == "boom"
    missing = client.post("/2015-03-31/functions/nothing/invocations", data="{}")
    assert (missing.status_code, missing.headers["x-amzn-ErrorType"]) == (404, "ResourceNotFoundException")


def test_query_strings_decode_utf8_raw_or_percent_encoded() -> None:
    from local_platform.http_gateway import query_pairs

    once = "q=海报&tag=a&tag=b&empty=".encode().decode("latin-1")  # the WSGI encoding of raw UTF-8
    twice = once.encode().decode("latin-1")  # what werkzeug's server hands over (request line read as latin-1)
    for raw in (once, twice):
        assert query_pairs(raw) == [("q", "海报"), ("tag", "a"), ("tag", "b"), ("empty", "")]
    assert query_pairs("q=%E6%B5%B7%E6%8A%A5") == [("q", "海报")]
