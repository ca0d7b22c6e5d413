"""The local API Gateway emulation, driven through WSGI (no sockets): routing, proxy events, authorizer and
its cache, CORS, payload limit, timeouts, crashes, health while starting, and the Lambda Invoke API."""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

import pytest
from design_agent.cors import CorsPolicy
from werkzeug.test import Client

from local_platform.authorizer import AuthorizerRunner
from local_platform.functions import FunctionRegistry
from local_platform.http_gateway import HttpGateway, query_pairs
from local_platform.routes import RouteTable
from local_platform.sigv4 import SigV4Verifier, signed_headers
from tests.unit.local_platform.demo_service import SERVICE
from tests.unit.local_platform.handlers import SEEN

AUTH = {"Authorization": "Bearer good"}


CONSOLE = "https://console.example"


def gateway(cache_ttl_s: float = 0.0, timeout_s: float = 5.0, limit: int = 1024,
            ready: bool = True) -> tuple[Client, AuthorizerRunner]:
    registry = FunctionRegistry((SERVICE,), "test")
    authorizer = AuthorizerRunner(registry, registry.functions["design-agent-test-demo-authorizer"], cache_ttl_s)
    started = threading.Event()
    if ready:
        started.set()
    app = HttpGateway(registry=registry, routes=RouteTable((SERVICE,), registry), authorizer=authorizer,
                      stage="test", ready=started, integration_timeout_s=timeout_s, payload_limit=limit,
                      log=lambda _: None, verifier=SigV4Verifier(*CREDENTIALS), cors=CorsPolicy((CONSOLE,)))
    return Client(app), authorizer


CREDENTIALS = ("testing", "testing")


def invoke(client: Client, function: str, body: str) -> Any:
    """A signed Lambda Invoke API call, as boto3 makes it."""
    path = f"/2015-03-31/functions/{function}/invocations"
    return client.post(path, data=body, headers=signed_headers("POST", f"http://localhost{path}", body.encode(),
                                                               "lambda", *CREDENTIALS))


def test_proxy_event_carries_path_params_multi_query_and_authorizer_context() -> None:
    client, _ = gateway()
    response = client.get("/api/v1/things/t%2042?tag=a&tag=b", headers=AUTH)
    assert response.status_code == 200
    body = response.get_json()
    assert body["params"] == {"thing_id": "t 42"}
    assert body["query"] == {"tag": ["a", "b"]}
    # REST APIs hand the authorizer context over as strings, with the principal id
    assert {k: v for k, v in body["authorizer"].items() if k != "integrationLatency"} == {
        "role": "user", "exp": "1900000000", "admin": "false", "principalId": "usr_1"}
    assert response.headers.getlist("Set-Cookie") == ["a=1", "b=2"]
    event = SEEN[-1]
    assert (event["resource"], event["requestContext"]["resourcePath"]) == ("/api/v1/things/{thing_id}",) * 2
    assert event["httpMethod"] == event["requestContext"]["httpMethod"] == "GET"
    assert event["queryStringParameters"] == {"tag": "b"}  # the single-value view keeps the last value
    assert event["requestContext"]["stage"] == "test"
    assert event["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    assert event["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert event["multiValueHeaders"]["Authorization"] == ["Bearer good"]
    assert isinstance(event["requestContext"]["requestTimeEpoch"], int)
    assert response.headers["x-amzn-RequestId"] == event["requestContext"]["requestId"]


def test_static_route_wins_over_path_parameter() -> None:
    client, _ = gateway()
    assert client.get("/api/v1/things/special").get_json()["params"] is None


def test_binary_bodies_are_base64_encoded() -> None:
    client, _ = gateway()
    data = bytes(range(256))
    for content_type in ("image/png", "application/octet-stream", "multipart/form-data; boundary=x"):
        body = client.post("/api/v1/things", data=data, headers={"Content-Type": content_type}).get_json()
        assert body["base64"] is True
        assert base64.b64decode(body["body"]) == data
    # JSON too, so that functions see the exact bytes and can refuse ones that are not UTF-8 (gateway_responses)
    sent = client.post("/api/v1/things", json={"a": 1}).get_json()
    assert (sent["base64"], json.loads(base64.b64decode(sent["body"]))) == (True, {"a": 1})
    text = client.post("/api/v1/things", data="a=1", headers={"Content-Type": "text/plain"}).get_json()
    assert (text["base64"], text["body"]) == (False, "a=1")


@pytest.mark.parametrize(("header", "status"), [(None, 401), ("Bearer nope", 401), ("Bearer denied", 403)])
def test_authorizer_refusals(header: str | None, status: int) -> None:
    client, runner = gateway()
    response = client.get("/api/v1/things/1", headers={"Authorization": header} if header else {})
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.get_json()["code"] == ("invalid-token" if status == 401 else "forbidden")
    assert runner.invocations == (0 if header is None else 1)  # no identity: the function is never called
    assert not [e for e in SEEN if isinstance(e, dict)]  # the route's function never ran


@pytest.mark.parametrize(("ttl", "calls"), [(0.0, 3), (60.0, 1)])
def test_authorizer_results_are_cached_per_identity_for_the_ttl(ttl: float, calls: int) -> None:
    client, runner = gateway(cache_ttl_s=ttl)
    for path in ("/api/v1/things/1", "/api/v1/things/2", "/api/v1/things/3"):
        assert client.get(path, headers=AUTH).status_code == 200
    assert runner.invocations == calls
    assert client.get("/api/v1/things/1", headers={"Authorization": "Bearer denied"}).status_code == 403
    assert runner.invocations == calls + 1  # another identity is another cache entry


def test_cors_preflight_for_known_routes_only() -> None:
    client, runner = gateway()
    ok = client.options("/api/v1/things/1", headers={"Origin": CONSOLE, "Access-Control-Request-Method": "GET"})
    assert ok.status_code == 204
    assert ok.headers["Access-Control-Allow-Origin"] == CONSOLE
    assert "GET" in ok.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in ok.headers["Access-Control-Allow-Headers"]
    assert runner.invocations == 0  # preflights are never authorized
    assert client.options("/api/v1/unknown").status_code == 404


@pytest.mark.parametrize("origin", ["https://app.example.com", "null", f"{CONSOLE}.evil.example"])
def test_cors_allows_the_console_origin_only(origin: str) -> None:
    # was: "*" on every preflight and gateway answer, whatever the origin
    client, _ = gateway()
    preflight = client.options("/api/v1/things/1", headers={"Origin": origin, "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Methods" not in preflight.headers
    refused = client.get("/api/v1/things/1", headers={"Origin": origin})  # a gateway answer (401)
    assert refused.status_code == 401
    assert "Access-Control-Allow-Origin" not in refused.headers
    mine = client.get("/api/v1/things/1", headers={"Origin": CONSOLE})
    assert mine.headers["Access-Control-Allow-Origin"] == CONSOLE  # the console reads the 401 and renews its token
    assert "ETag" in mine.headers["Access-Control-Expose-Headers"]


def test_payload_limit_is_413_before_the_function_runs() -> None:
    client, _ = gateway(limit=100)
    response = client.post("/api/v1/things", data=b"x" * 101, headers={"Content-Type": "application/json"})
    assert (response.status_code, response.get_json()["code"]) == (413, "payload-too-large")
    assert SEEN == []


def test_integration_timeout_is_504_and_a_shorter_function_timeout_502() -> None:
    client, _ = gateway(timeout_s=0.2)
    response = client.get("/api/v1/slow")
    assert (response.status_code, response.get_json()["code"]) == (504, "integration-timeout")
    assert client.get("/api/v1/slow-short").status_code == 502  # the function's own timeout: a Lambda error


@pytest.mark.parametrize("path", ["/api/v1/crash", "/api/v1/malformed", "/api/v1/missing"])
def test_crash_malformed_response_or_missing_handler_is_502(path: str) -> None:
    client, _ = gateway()
    response = client.get(path)
    assert (response.status_code, response.get_json()["code"]) == (502, "bad-gateway")


def test_unknown_route_is_404() -> None:
    client, _ = gateway()
    assert client.get("/api/v1/nope").get_json()["code"] == "not-found"
    assert client.delete("/api/v1/things").status_code == 404  # known path, other method


def test_health_is_503_until_the_platform_is_ready() -> None:
    starting, _ = gateway(ready=False)
    assert starting.get("/api/v1/health").status_code == 503
    ready, _ = gateway()
    assert ready.get("/api/v1/health").get_json() == {"status": "ok"}  # the service's own Health operation


def test_lambda_invoke_api() -> None:
    client, _ = gateway()
    ok = invoke(client, "design-agent-test-demo-internal", json.dumps({"n": 4}))
    body = ok.get_json()["body"]
    assert (body["doubled"], body["function"]) == (8, "design-agent-test-demo-internal")
    assert 0 < body["remaining_ms"] <= 10_000
    arn = "arn:aws:lambda:us-east-1:000000000000:function:design-agent-test-demo-crash"
    failed = invoke(client, arn, "{}")
    assert (failed.status_code, failed.headers["X-Amz-Function-Error"]) == (200, "Unhandled")
    assert failed.get_json()["errorMessage"] == "boom"
    assert failed.get_json()["errorType"] == "RuntimeError"
    missing = invoke(client, "nothing", "{}")
    assert (missing.status_code, missing.headers["x-amzn-ErrorType"]) == (404, "ResourceNotFoundException")


def test_query_strings_decode_utf8_raw_or_percent_encoded() -> None:
    once = "q=海报&tag=a&tag=b&empty=".encode().decode("latin-1")  # the WSGI encoding of raw UTF-8
    twice = once.encode().decode("latin-1")  # what werkzeug's server hands over (request line read as latin-1)
    for raw in (once, twice):
        assert query_pairs(raw) == [("q", "海报"), ("tag", "a"), ("tag", "b"), ("empty", "")]
    assert query_pairs("q=%E6%B5%B7%E6%8A%A5") == [("q", "海报")]
