"""Event envelope on a real (moto) EventBridge bus, and internal-call error round trips."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from design_agent import errors
from design_agent.clients import AwsClients
from design_agent.events import DomainEvent, EventPublisher, PublishFailed, envelope
from design_agent.internal import InternalClient, internal_handler
from moto import mock_aws
from pydantic import BaseModel

from tests.unit.lambda_context import FakeContext


class SomethingHappened(DomainEvent):
    event_type = "SomethingHappened"
    version = 2
    thing_id: str


def test_published_event_reaches_a_rule_target_with_its_envelope() -> None:
    with mock_aws():
        clients = AwsClients()
        events, sqs = clients.client("events"), clients.client("sqs")
        events.create_event_bus(Name="bus")
        queue_url = sqs.create_queue(QueueName="q")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events.put_rule(Name="r", EventBusName="bus", EventPattern=json.dumps({"source": ["design-agent.demo"],
                                                                               "detail-type": ["SomethingHappened"]}))
        events.put_targets(Rule="r", EventBusName="bus", Targets=[{"Id": "q", "Arn": arn}])

        env = envelope(SomethingHappened(thing_id="x1"), "design-agent.demo", correlation_id="req-1")
        EventPublisher("bus", "demo", clients).publish([env])

        message = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)["Messages"][0]
        delivered = json.loads(message["Body"])
        assert delivered["detail-type"] == "SomethingHappened"
        assert delivered["source"] == "design-agent.demo"
        assert delivered["detail"]["data"] == {"thing_id": "x1"}
        meta = delivered["detail"]["metadata"]
        assert (meta["version"], meta["correlation_id"], meta["event_id"][:4]) == (2, "req-1", "evt_")
        assert meta["occurred_at"].endswith("Z")


def test_refused_entries_raise_so_the_caller_retries() -> None:
    class Refusing:
        def client(self, _: str) -> Any:
            return self

        def put_events(self, Entries: list[Any]) -> dict[str, Any]:  # noqa: N803
            return {"FailedEntryCount": 1, "Entries": [{"ErrorCode": "InternalFailure"}]}

    with pytest.raises(PublishFailed):
        EventPublisher("bus", "demo", Refusing()).publish(  # type: ignore[arg-type]
            [envelope(SomethingHappened(thing_id="x"), "design-agent.demo")])


class Ask(BaseModel):
    n: int


class Answer(BaseModel):
    doubled: int


def _double(ask: Ask) -> Answer:
    if ask.n < 0:
        raise errors.QuotaExceeded("no more", resource="tasks")
    if ask.n == 13:
        raise errors.TooManyRequests("later", retry_after_s=9)
    return Answer(doubled=ask.n * 2)


class InProcessLambda:
    """A Lambda client whose invoke runs the handler in this process (the wire format is the real one)."""

    def __init__(self, handler: Any, crash: bool = False) -> None:
        self.handler, self.crash, self.names = handler, crash, []

    def client(self, _: str) -> Any:
        return self

    def invoke(self, FunctionName: str, InvocationType: str, Payload: bytes) -> dict[str, Any]:  # noqa: N803
        self.names.append(FunctionName)
        if self.crash:
            return {"FunctionError": "Unhandled", "Payload": io.BytesIO(b'{"errorMessage": "boom"}')}
        out = self.handler(json.loads(Payload), FakeContext())
        return {"Payload": io.BytesIO(json.dumps(out).encode())}


def test_internal_call_round_trip_and_error_types() -> None:
    fake = InProcessLambda(internal_handler("demo", Ask, _double))
    rpc = InternalClient("dev", fake)  # type: ignore[arg-type]
    assert rpc.call("demo", "Double", Ask(n=4), Answer).doubled == 8
    assert fake.names == ["design-agent-dev-demo-double"]
    with pytest.raises(errors.QuotaExceeded, match="no more"):
        rpc.call("demo", "Double", Ask(n=-1), Answer)
    with pytest.raises(errors.TooManyRequests) as busy:
        rpc.call("demo", "Double", Ask(n=13), Answer)
    assert busy.value.headers["Retry-After"] == "9"


def test_invalid_internal_request_is_422_and_crash_is_502() -> None:
    handler = internal_handler("demo", Ask, _double)
    assert handler({"body": {"n": "many"}}, FakeContext())["error"]["code"] == "validation-failed"
    rpc = InternalClient("dev", InProcessLambda(handler, crash=True))  # type: ignore[arg-type]
    with pytest.raises(errors.UpstreamError):
        rpc.call("demo", "Double", Ask(n=1), Answer)


def test_dynamo_items_round_trip_numbers_exactly() -> None:
    from design_agent.dynamo import from_item, to_item

    value = {"ratio": 0.9, "count": 3, "nested": {"share": 0.125, "list": [1.5, 2]}, "none": None, "s": "x"}
    assert from_item(to_item(value)) == {k: v for k, v in value.items() if v is not None}
