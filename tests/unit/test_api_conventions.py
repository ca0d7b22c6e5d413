"""The HTTP conventions every operation inherits: problem+json, 422 field paths, 400 malformed JSON."""

from __future__ import annotations

import json
from typing import Annotated, Any

import pytest
from aws_lambda_powertools.event_handler.openapi.params import Body
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError
from design_agent import errors
from design_agent.api import http_operation
from design_agent.spec import Auth, Operation, Service
from pydantic import BaseModel, Field

from tests.unit.lambda_context import FakeContext

SERVICE = Service(name="demo", operations=(
    Operation("Echo", "tests.unit.test_api_conventions", method="POST", path="/api/v1/demo/{item_id}"),
    Operation("Admin", "tests.unit.test_api_conventions", method="GET", path="/api/v1/demo-admin",
              auth=Auth.ADMIN),
))


class EchoIn(BaseModel):
    name: str = Field(min_length=1)
    size: int = Field(ge=1, le=10)


echo_api = http_operation(SERVICE, "Echo")
admin_api = http_operation(SERVICE, "Admin")


def _aws(code: str, status: int) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "secret"}, "ResponseMetadata": {"HTTPStatusCode": status}},
                       "PutItem")


AWS_FAILURES: dict[str, Exception] = {
    "throttled": _aws("ProvisionedThroughputExceededException", 400), "slow-down": _aws("SlowDown", 503),
    "unavailable": _aws("503", 503), "timeout": ReadTimeoutError(endpoint_url="http://secret"),
    "closed": ConnectionClosedError(endpoint_url="http://secret"), "denied": _aws("AccessDeniedException", 400)}


@echo_api.route
def echo(item_id: str, body: Annotated[EchoIn, Body()]) -> dict[str, Any]:
    if item_id == "missing":
        raise errors.NotFound("No such item")
    if item_id == "busy":
        raise errors.TooManyRequests("slow down", retry_after_s=7)
    if item_id == "boom":
        raise RuntimeError("secret internals")
    if item_id in AWS_FAILURES:
        raise AWS_FAILURES[item_id]
    return {"id": item_id, "name": body.name, "who": echo_api.principal().subject}


@admin_api.route
def admin() -> dict[str, str]:
    return {"who": admin_api.principal().subject}


def event(method: str, path: str, body: str | None, *, role: str = "user", resource: str | None = None,
          path_params: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "resource": resource or path, "path": path, "httpMethod": method,
        "headers": {"content-type": "application/json"}, "multiValueHeaders": {},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": path_params, "stageVariables": None, "isBase64Encoded": False, "body": body,
        "requestContext": {"requestId": "req-123", "stage": "local", "httpMethod": method, "path": path,
                           "resourcePath": resource or path, "identity": {"sourceIp": "127.0.0.1"},
                           "authorizer": {"subject": "usr_1", "role": role, "principalId": "usr_1"}},
    }


def call(api: Any, ev: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
    result = api.handler(ev, FakeContext())
    headers = {k.lower(): v for k, v in (result.get("headers") or {}).items()}
    for k, v in (result.get("multiValueHeaders") or {}).items():
        headers[k.lower()] = v[0]
    return result["statusCode"], headers, json.loads(result["body"])


def echo_event(item_id: str, body: str | None) -> dict[str, Any]:
    return event("POST", f"/api/v1/demo/{item_id}", body, resource="/api/v1/demo/{item_id}",
                 path_params={"item_id": item_id})


def test_success_uses_path_params_body_and_principal() -> None:
    status, _, body = call(echo_api, echo_event("x1", '{"name": "a", "size": 2}'))
    assert status == 200
    assert body == {"id": "x1", "name": "a", "who": "usr_1"}


def test_malformed_json_is_400_problem() -> None:
    status, headers, body = call(echo_api, echo_event("x1", '{"name": '))
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert body["code"] == "malformed-json"
    assert body["request_id"] == "req-123"


def test_wrong_types_are_422_with_field_paths() -> None:
    status, _, body = call(echo_api, echo_event("x1", '{"name": "", "size": "many"}'))
    assert status == 422
    assert body["code"] == "validation-failed"
    assert {e["path"] for e in body["errors"]} == {"body.name", "body.size"}


@pytest.mark.parametrize(("body", "path"), [
    ('{"name": "a", "size": true}', "body.size"),  # lax pydantic would read 1
    ('{"name": "a", "size": "5"}', "body.size"),  # and 5
    ('{"name": "a", "size": 5.0}', "body.size"),
    ('{"name": 7, "size": 5}', "body.name"),
])
def test_a_body_is_held_to_its_json_types(body: str, path: str) -> None:
    status, _, answer = call(echo_api, echo_event("x1", body))
    assert status == 422
    assert [e["path"] for e in answer["errors"]] == [path]


def test_domain_errors_map_to_their_status_and_code() -> None:
    status, _, body = call(echo_api, echo_event("missing", '{"name": "a", "size": 1}'))
    assert (status, body["code"], body["detail"]) == (404, "not-found", "No such item")
    status, headers, body = call(echo_api, echo_event("busy", '{"name": "a", "size": 1}'))
    assert (status, body["code"], headers["retry-after"]) == (429, "too-many-requests", "7")


def test_unexpected_errors_are_500_without_internals() -> None:
    status, _, body = call(echo_api, echo_event("boom", '{"name": "a", "size": 1}'))
    assert status == 500
    assert "secret" not in json.dumps(body)
    assert body["code"] == "internal-error"


@pytest.mark.parametrize("failure", sorted(set(AWS_FAILURES) - {"denied"}))
def test_aws_still_throttled_or_unreachable_after_the_sdks_retries_is_503_try_again(failure: str) -> None:
    status, headers, body = call(echo_api, echo_event(failure, '{"name": "a", "size": 1}'))
    assert (status, body["code"], headers["retry-after"]) == (503, "temporarily-unavailable", "1")
    assert "secret" not in json.dumps(body)


def test_an_aws_error_that_another_try_would_not_fix_stays_500() -> None:
    status, _, body = call(echo_api, echo_event("denied", '{"name": "a", "size": 1}'))
    assert (status, body["code"]) == (500, "internal-error")


def test_admin_operation_refuses_users_with_403() -> None:
    status, _, body = call(admin_api, event("GET", "/api/v1/demo-admin", None))
    assert (status, body["code"]) == (403, "forbidden")
    status, _, body = call(admin_api, event("GET", "/api/v1/demo-admin", None, role="admin"))
    assert (status, body) == (200, {"who": "usr_1"})


@pytest.mark.parametrize("subject", [None, "anonymous"])
def test_missing_principal_is_401(subject: str | None) -> None:
    ev = echo_event("x1", '{"name": "a", "size": 1}')
    ev["requestContext"]["authorizer"] = {"principalId": subject} if subject else None
    status, _, body = call(echo_api, ev)
    assert (status, body["code"]) == (401, "unauthorized")


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data", "multipart/form-data; boundary=x",
                                          "application/x-www-form-urlencoded", "application/merge-patch+json",
                                          "Application/JSON"])
def test_a_body_in_another_media_type_is_415_problem(content_type: str) -> None:
    # found by the contract test: Powertools parsed multipart and form bodies as the JSON object, and a multipart
    # type without a boundary was a 500
    ev = echo_event("x1", '{"name": "a", "size": 1}')
    ev["headers"] = {"Content-Type": content_type, "Origin": "https://app.example"}
    status, headers, body = call(echo_api, ev)
    assert (status, body["code"]) == (415, "unsupported-media-type")
    assert headers["content-type"] == "application/problem+json"
    assert headers["access-control-allow-origin"] == "https://app.example"
    assert content_type in body["detail"]
    assert body["request_id"] == "req-123"


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_json_bodies_are_read(content_type: str) -> None:
    ev = echo_event("x1", '{"name": "a", "size": 1}')
    ev["headers"] = {"Content-Type": content_type}
    assert call(echo_api, ev)[0] == 200


def test_an_operation_without_a_body_ignores_the_media_type() -> None:
    ev = event("GET", "/api/v1/demo-admin", "a=1", role="admin")
    ev["headers"] = {"Content-Type": "application/x-www-form-urlencoded"}
    assert call(admin_api, ev)[:1] == (200,)


@pytest.mark.parametrize(("origin", "allowed"), [("https://app.example", True), ("https://evil.example", False),
                                                 ("null", False), ("https://app.example.evil", False)])
def test_answers_allow_the_stage_console_origin_only(origin: str, allowed: bool) -> None:
    # was: every answer said Access-Control-Allow-Origin to any origin (Powertools' "*"), whatever the stage
    for ev in (echo_event("x1", '{"name": "a", "size": 2}'), echo_event("x1", '{"name": 1}')):  # a 200 and a 422
        ev["headers"] = {"Content-Type": "application/json", "Origin": origin}
        ev["multiValueHeaders"] = {"Origin": [origin]}
        _, headers, _ = call(echo_api, ev)
        assert headers.get("access-control-allow-origin") == (origin if allowed else None)
        assert "access-control-allow-credentials" not in headers  # bearer tokens, never cookies


def test_a_stage_without_console_origins_allows_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORS_ALLOWED_ORIGINS")
    ev = echo_event("x1", '{"name": "a", "size": 2}')
    ev["headers"]["Origin"] = "https://app.example"
    _, headers, _ = call(echo_api, ev)
    assert "access-control-allow-origin" not in headers


def test_a_wildcard_is_never_an_allowed_origin() -> None:
    from design_agent.cors import parse_origins

    assert parse_origins(" https://a.example/, http://127.0.0.1:3000 ,https://a.example") == (
        "https://a.example", "http://127.0.0.1:3000")
    with pytest.raises(ValueError, match="never"):
        parse_origins("https://a.example,*")
