"""Attack on the local runtime: the Lambda Invoke API answered anyone — an unauthenticated call to the auth
service's internal IssueSession returned an admin token — and so did ``@connections`` and the ``/_local`` helpers.
Now each takes only requests signed (SigV4) with the platform's credentials, and the platform refuses to listen
beyond this machine unless told so explicitly."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request

from local_platform.authorizer import AuthorizerRunner
from local_platform.functions import FunctionRegistry
from local_platform.http_gateway import HttpGateway
from local_platform.platform import ExposureRefused, LocalPlatform, PlatformConfig, is_loopback
from local_platform.routes import RouteTable
from local_platform.sigv4 import SigV4Verifier, signed_headers
from tests.unit.local_platform.demo_service import SERVICE

KEY, SECRET = "platform-key", "platform-secret"
INVOKE = "/2015-03-31/functions/design-agent-test-demo-internal/invocations"
BODY = json.dumps({"n": 4}).encode()


class CountingRegistry(FunctionRegistry):
    """The real registry, counting the functions it runs."""

    runs = 0

    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        CountingRegistry.runs += 1
        return super().invoke(*args, **kwargs)


@pytest.fixture
def client() -> Client:
    registry = CountingRegistry((SERVICE,), "test")
    ready = threading.Event()
    ready.set()
    app = HttpGateway(registry=registry, routes=RouteTable((SERVICE,), registry),
                      authorizer=AuthorizerRunner(registry, None, 0.0), stage="test", ready=ready,
                      log=lambda _: None, verifier=SigV4Verifier(KEY, SECRET),
                      local_actions={"schedules": lambda name: {"fired": name}},
                      local_reads={"emails": lambda: [{"to": ["someone@example.com"]}]})
    return Client(app)


def _signed(path: str, body: bytes = BODY, service: str = "lambda", key: str = KEY, secret: str = SECRET,
            method: str = "POST") -> dict[str, str]:
    return signed_headers(method, f"http://localhost{path}", body, service, key, secret)


def _refused(response: Any, error_type: str) -> None:
    assert response.status_code == 403, response.get_data(as_text=True)
    assert response.headers["x-amzn-ErrorType"] == error_type


def test_unsigned_invocations_are_refused_before_any_function_runs(client: Client) -> None:
    before = CountingRegistry.runs
    _refused(client.post(INVOKE, data=BODY), "MissingAuthenticationTokenException")
    _refused(client.post(INVOKE, data=BODY, headers={"Authorization": "AWS4-HMAC-SHA256 nonsense"}),
             "IncompleteSignatureException")
    assert CountingRegistry.runs == before
    ok = client.post(INVOKE, data=BODY, headers=_signed(INVOKE))
    assert (ok.status_code, ok.get_json()["body"]["doubled"]) == (200, 8)


@pytest.mark.parametrize(("headers", "error_type"), [
    (lambda: _signed(INVOKE, key="someone-else"), "UnrecognizedClientException"),
    (lambda: _signed(INVOKE, secret="guessed"), "InvalidSignatureException"),
    (lambda: _signed(INVOKE, service="execute-api"), "InvalidSignatureException"),
    (lambda: _signed(INVOKE, body=b'{"n": 1}'), "InvalidSignatureException"),  # the body was changed after signing
    (lambda: _signed("/2015-03-31/functions/design-agent-test-demo-crash/invocations"),
     "InvalidSignatureException"),  # a signature of another function's path
], ids=["unknown key", "wrong secret", "wrong service", "changed body", "other path"])
def test_forged_signatures_are_refused(client: Client, headers: Any, error_type: str) -> None:
    before = CountingRegistry.runs
    _refused(client.post(INVOKE, data=BODY, headers=headers()), error_type)
    assert CountingRegistry.runs == before


def test_a_signature_expires_after_five_minutes() -> None:
    verifier = SigV4Verifier(KEY, SECRET)
    headers = _signed(INVOKE)
    request = Request.from_values(path=INVOKE, method="POST", data=BODY, headers=headers, base_url="http://localhost")
    assert verifier.check(request, BODY, "lambda") is None
    later = datetime.now(UTC) + timedelta(minutes=6)
    refused = verifier.check(request, BODY, "lambda", now=later)
    assert refused is not None
    assert refused.error_type == "InvalidSignatureException"


@pytest.mark.parametrize(("method", "path"), [("POST", "/_local/schedules/tick"), ("GET", "/_local/emails")])
def test_local_helpers_take_signed_requests_only(client: Client, method: str, path: str) -> None:
    _refused(client.open(path, method=method), "MissingAuthenticationTokenException")
    ok = client.open(path, method=method, headers=_signed(path, b"", "execute-api", method=method))
    assert ok.status_code == 200


def test_the_connections_api_takes_signed_requests_only() -> None:
    registry = FunctionRegistry((SERVICE,), "test")
    app = HttpGateway(registry=registry, routes=RouteTable((SERVICE,), registry),
                      authorizer=AuthorizerRunner(registry, None, 0.0), stage="test", ready=threading.Event(),
                      log=lambda _: None, verifier=SigV4Verifier(KEY, SECRET), websocket=_NoSockets())  # type: ignore[arg-type]
    client = Client(app)
    path = "/_ws/@connections/abc%3D"
    for method in ("POST", "GET", "DELETE"):
        _refused(client.open(path, method=method, data=b"hi"), "MissingAuthenticationTokenException")
    sent = client.open(path, method="POST", data=b"hi", headers=_signed(path, b"hi", "execute-api"))
    assert sent.status_code == 410  # signed: it reached the connection (gone here)


class _NoSockets:
    def post(self, connection_id: str, data: bytes) -> None:
        from local_platform.websocket_gateway import Gone

        raise Gone(connection_id)


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                                 ("127.9.9.9", True), ("0.0.0.0", False), ("::", False),
                                                 ("192.168.1.20", False), ("example.com", False)])
def test_only_loopback_addresses_count_as_this_machine(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_listening_beyond_this_machine_needs_the_explicit_flag() -> None:
    platform = LocalPlatform((SERVICE,), PlatformConfig(stage="test", host="0.0.0.0", http_port=0,
                                                        moto_port=0, log=lambda _: None))
    with pytest.raises(ExposureRefused, match="--expose-to-network"):
        platform.start()
    assert platform.moto is None  # nothing was started
    warned: list[str] = []
    exposed = LocalPlatform((SERVICE,), PlatformConfig(stage="test", host="0.0.0.0",
                                                       expose_to_network=True, log=warned.append))
    exposed._check_exposure()
    assert "WARNING" in warned[0]
