"""Attack: bodies and frames built to break the parser — 10,000-deep JSON, bytes that are not UTF-8.

Every JSON route of every service answers 400 problem+json before its route runs (never a 500), and every other
place that parses bytes a caller chose (WebSocket frames, the local gateway's route selection, dispatch messages)
refuses them without an exception."""

from __future__ import annotations

import base64
import importlib
import json
from typing import Any

import pytest
from design_agent import errors, json_input
from design_agent.api import HttpOperation
from design_agent.spec import Operation, Service

from functions.notifications.logic.websocket import WsRequest
from functions.registry import SERVICES
from tests.unit.lambda_context import FakeContext
from tests.unit.test_api_conventions import call, echo_api, echo_event
from worker.runner import parse as parse_dispatch

DEEP = "[" * 10_000 + "]" * 10_000
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000
NOT_UTF8 = b'{"name": "\xff\xfe bad", "size": 2}'


def _json_routes() -> list[tuple[Service, Operation, HttpOperation]]:
    """Every HTTP operation that reads a JSON body: a typed one, or one that parses its body by hand."""
    found = []
    for service in SERVICES:
        for op in service.http_operations:
            module = importlib.import_module(op.handler)
            api = module.api if hasattr(module, "api") else module.api_for(service.name)
            if api._body is not None or "requestBody" in api.openapi:
                found.append((service, op, api))
    return found


JSON_ROUTES = _json_routes()


def _event(op: Operation, body: str, *, base64_body: bool = True,
           content_type: str | None = "application/json") -> dict[str, Any]:
    path = op.path or "/"
    params = {name.strip("{}"): "x" for name in path.split("/") if name.startswith("{")}
    return {
        "resource": path, "path": path, "httpMethod": op.method,
        "headers": {"content-type": content_type} if content_type else {}, "multiValueHeaders": {},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": params or None, "stageVariables": None, "isBase64Encoded": base64_body,
        "body": base64.b64encode(body.encode()).decode() if base64_body else body,
        "requestContext": {"requestId": "req-1", "stage": "unit", "httpMethod": op.method, "path": path,
                           "resourcePath": path, "identity": {"sourceIp": "192.0.2.1"},
                           "authorizer": {"subject": "usr_1", "role": "admin", "principalId": "usr_1"}},
    }


def _problem(result: dict[str, Any]) -> tuple[int, str]:
    headers = {**{k: v[0] for k, v in (result.get("multiValueHeaders") or {}).items()}, **(result.get("headers") or {})}
    assert headers["Content-Type"] == "application/problem+json"
    return result["statusCode"], json.loads(result["body"])["code"]


def test_there_are_json_routes_in_every_service_that_takes_bodies() -> None:
    assert {s.name for s, _, _ in JSON_ROUTES} >= {"users", "auth", "storage", "files", "designs", "tasks",
                                                   "notifications", "media"}
    assert any(op.name == "Login" for _, op, _ in JSON_ROUTES)  # public ones too
    assert any(op.name == "IssueClientToken" for _, op, _ in JSON_ROUTES)  # and a hand-parsed one


@pytest.mark.parametrize(("service", "op", "api"), JSON_ROUTES, ids=[f"{s.name}.{o.name}" for s, o, _ in JSON_ROUTES])
@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["arrays", "objects"])
def test_ten_thousand_levels_of_json_are_400_on_every_json_route(service: Service, op: Operation,
                                                                 api: HttpOperation, body: str) -> None:
    assert _problem(api.handler(_event(op, body), FakeContext())) == (400, "json-too-deep")


@pytest.mark.parametrize(("service", "op", "api"), JSON_ROUTES, ids=[f"{s.name}.{o.name}" for s, o, _ in JSON_ROUTES])
def test_bytes_that_are_not_utf8_are_400_on_every_json_route(service: Service, op: Operation,
                                                             api: HttpOperation) -> None:
    event = _event(op, "")
    event["body"] = base64.b64encode(NOT_UTF8).decode()
    assert _problem(api.handler(event, FakeContext())) == (400, "invalid-encoding")


def test_what_a_gateway_replaced_is_refused_on_the_text_path_too() -> None:
    """No Content-Type: API Gateway hands the body on as text, U+FFFD where the bytes were not UTF-8."""
    event = echo_event("x1", NOT_UTF8.decode("utf-8", "replace"))
    event["headers"] = {}
    status, _, body = call(echo_api, event)
    assert (status, body["code"]) == (400, "invalid-encoding")
    # the character itself, escaped, is ordinary text
    status, _, body = call(echo_api, echo_event("x1", '{"name": "\\ufffd", "size": 2}'))
    assert (status, body["name"]) == (200, "\ufffd")


def test_exact_utf8_bytes_arrive_as_text() -> None:
    event = echo_event("x1", None)
    event["isBase64Encoded"], event["body"] = True, base64.b64encode('{"name": "春节", "size": 2}'.encode()).decode()
    status, _, body = call(echo_api, event)
    assert (status, body["name"]) == (200, "春节")


def test_the_depth_limit_is_exact() -> None:
    nested = "[" * json_input.MAX_DEPTH + "]" * json_input.MAX_DEPTH
    assert json_input.depth(json_input.parse(nested)) == json_input.MAX_DEPTH
    with pytest.raises(errors.JsonTooDeep):
        json_input.parse("[" + nested + "]")
    wide = json.dumps([[1, 2], {"a": [3]}, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["])  # brackets in a string
    assert json_input.depth(json_input.parse(wide)) == 3


def test_a_too_deep_body_under_the_depth_limit_of_the_route_is_still_validated() -> None:
    status, _, body = call(echo_api, echo_event("x1", json.dumps({"name": [[[["a"]]]], "size": 2})))
    assert (status, body["code"]) == (422, "validation-failed")


@pytest.mark.parametrize("frame", [DEEP, DEEP_OBJECT, "[1]", "\ud800", "not json"])
def test_websocket_frames_that_are_not_a_json_object_are_ignored(frame: str) -> None:
    request = WsRequest(connection_id="c1", route="$default", query={}, body=frame, connected_at=None)  # type: ignore[arg-type]
    assert request.json() == {}


@pytest.mark.parametrize("frame", [DEEP, DEEP_OBJECT, "[1]", "garbage"])
def test_the_local_websocket_gateway_routes_unreadable_frames_to_default(frame: str) -> None:
    from local_platform.websocket_gateway import WebSocketGateway

    gateway = WebSocketGateway.__new__(WebSocketGateway)
    gateway.routes = {"$default": None, "ping": None}  # type: ignore[dict-item]
    assert gateway._route_of(frame) == "$default"
    assert gateway._route_of('{"action": "ping"}') == "ping"


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT, "[]", "{}"])
def test_a_worker_ignores_a_dispatch_message_it_cannot_read(body: str) -> None:
    assert parse_dispatch(body) is None
