"""Every invocation publishes its operation's metrics as EMF on stdout: ``Requests``, ``Errors``, ``ClientErrors``
and ``Latency`` under the dimensions ``service`` and ``operation`` (the names the dashboard reads)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from design_agent import errors
from design_agent.api import http_operation
from design_agent.internal import internal_handler
from design_agent.observability import metrics, observed, operation_of
from design_agent.spec import Auth, Operation, Service, function_name
from pydantic import BaseModel

from functions.registry import SERVICES
from tests.unit.lambda_context import FakeContext

SERVICE = Service(name="demo", operations=(
    Operation("GetThing", "tests.unit.test_invocation_metrics", method="GET", path="/api/v1/demo/things/{thing}",
              auth=Auth.NONE),
))
api = http_operation(SERVICE, "GetThing")


@api.route
def get_thing(thing: str) -> dict[str, str]:
    if thing == "missing":
        raise errors.NotFound("No such thing")
    if thing == "boom":
        raise RuntimeError("internals")
    if thing == "upstream":
        raise errors.UpstreamError()
    return {"thing": thing}


class Query(BaseModel):
    n: int


class Answer(BaseModel):
    n: int


def _double(query: Query) -> Answer:
    if query.n < 0:
        raise errors.QuotaExceeded()
    if query.n == 0:
        raise errors.AppError("broken")
    return Answer(n=query.n * 2)


double = internal_handler("demo", Query, _double, operation="Double")


@pytest.fixture(autouse=True)
def metrics_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    monkeypatch.delenv("POWERTOOLS_DEV", raising=False)


def emitted(out: str) -> list[dict[str, Any]]:
    """The invocation-metrics documents printed (the cold-start one of Powertools left aside)."""
    docs = [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]
    return [d for d in docs if "Requests" in d]


def one(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    docs = emitted(capsys.readouterr().out)
    assert len(docs) == 1, docs
    return docs[0]


def counts(doc: dict[str, Any]) -> tuple[float, float, float]:
    return doc["Requests"][0], doc["Errors"][0], doc["ClientErrors"][0]


def get(thing: str) -> int:
    path = f"/api/v1/demo/things/{thing}"
    event = {"resource": "/api/v1/demo/things/{thing}", "path": path, "httpMethod": "GET", "headers": {},
             "multiValueHeaders": {}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
             "pathParameters": {"thing": thing}, "stageVariables": None, "isBase64Encoded": False, "body": None,
             "requestContext": {"requestId": "req-1", "stage": "unit", "httpMethod": "GET", "path": path,
                                "resourcePath": "/api/v1/demo/things/{thing}", "identity": {"sourceIp": "1.2.3.4"}}}
    return int(api.handler(event, FakeContext())["statusCode"])


def test_a_success_is_one_request_with_its_latency_under_stage_service_and_operation(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAGE", "staging")  # two stages in one account keep their metrics apart
    capsys.readouterr()
    assert get("a") == 200
    doc = one(capsys)
    emf = doc["_aws"]["CloudWatchMetrics"]
    assert emf == [{"Namespace": "DesignAgent", "Dimensions": [["stage", "service", "operation"]], "Metrics": [
        {"Name": "Requests", "Unit": "Count"}, {"Name": "Errors", "Unit": "Count"},
        {"Name": "ClientErrors", "Unit": "Count"}, {"Name": "Latency", "Unit": "Milliseconds"}]}]
    assert (doc["stage"], doc["service"], doc["operation"]) == ("staging", "demo", "GetThing")
    assert counts(doc) == (1.0, 0.0, 0.0)
    assert 0 < doc["Latency"][0] < 10_000


@pytest.mark.parametrize(("thing", "status", "expected"), [
    ("missing", 404, (1.0, 0.0, 1.0)),  # a 4xx is the client's: ClientErrors, not Errors
    ("boom", 500, (1.0, 1.0, 0.0)),  # an unhandled exception becomes a 500 problem: Errors
    ("upstream", 502, (1.0, 1.0, 0.0)),
])
def test_http_errors_by_status(capsys: pytest.CaptureFixture[str], thing: str, status: int,
                               expected: tuple[float, float, float]) -> None:
    capsys.readouterr()
    assert get(thing) == status
    assert counts(one(capsys)) == expected


def test_internal_operations_count_their_errors_as_data(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    results = [double({"body": {"n": n}}, FakeContext()) for n in (2, -1, 0)]
    assert [r["ok"] for r in results] == [True, False, False]
    docs = emitted(capsys.readouterr().out)
    assert [(d["operation"], counts(d)) for d in docs] == [
        ("Double", (1.0, 0.0, 0.0)), ("Double", (1.0, 0.0, 1.0)), ("Double", (1.0, 1.0, 0.0))]


def test_an_exception_is_an_error_and_still_raised(capsys: pytest.CaptureFixture[str]) -> None:
    @observed("demo", operation="Crash")
    def crash(event: dict[str, Any], context: Any) -> None:
        raise ValueError("bad")

    capsys.readouterr()
    with pytest.raises(ValueError, match="bad"):
        crash({}, FakeContext())
    assert counts(one(capsys)) == (1.0, 1.0, 0.0)


def test_declared_client_errors_and_partial_batch_failures(capsys: pytest.CaptureFixture[str]) -> None:
    @observed("demo", operation="Authorize", client_errors=(PermissionError,))
    def authorize(event: dict[str, Any], context: Any) -> None:
        raise PermissionError("Unauthorized")  # how an authorizer refuses a token

    @observed("demo", operation="Consume", correlation_id_path="Records[0].messageId")
    def consume(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"batchItemFailures": event["failed"]}

    capsys.readouterr()
    with pytest.raises(PermissionError):
        authorize({}, FakeContext())
    consume({"failed": []}, FakeContext())
    consume({"failed": [{"itemIdentifier": "m1"}]}, FakeContext())
    docs = emitted(capsys.readouterr().out)
    assert [(d["operation"], counts(d)) for d in docs] == [
        ("Authorize", (1.0, 0.0, 1.0)), ("Consume", (1.0, 0.0, 0.0)), ("Consume", (1.0, 1.0, 0.0))]


def test_the_operation_dimension_stays_with_its_invocation(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    get("a")
    double({"body": {"n": 1}}, FakeContext())
    get("b")
    assert [d["operation"] for d in emitted(capsys.readouterr().out)] == ["GetThing", "Double", "GetThing"]
    assert "operation" not in metrics("demo").dimension_set  # never in the shared metric set


def test_without_a_name_the_operation_comes_from_the_function_name() -> None:
    assert operation_of(FakeContext(function_name="design-agent-prod-users-get-user"), "users") == "GetUser"
    assert operation_of(FakeContext(function_name="design-agent-dev-auth-jwks"), "auth") == "Jwks"
    assert operation_of(FakeContext(function_name="something-else"), "users") == "unknown"
    assert operation_of(object(), "users") == "unknown"
    for svc in SERVICES:  # the fallback gives every operation of the platform its own name back
        for op in svc.operations:
            context = FakeContext(function_name=function_name("prod", svc.name, op.name))
            assert operation_of(context, svc.name) == op.name


def test_nothing_is_printed_when_metrics_are_disabled(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")  # as the local platform runs
    capsys.readouterr()
    assert get("a") == 200
    assert emitted(capsys.readouterr().out) == []
