"""SQS event source mapping: partial batch failures keep only the failed messages; after the queue's max
receives they land in its DLQ (moto in-process)."""

from __future__ import annotations

import json
from typing import Any

from design_agent.clients import AwsClients
from design_agent.spec import Operation, Queue, Service, Trigger
from moto import mock_aws

from local_platform.event_sources import SqsPoller
from local_platform.functions import FunctionRegistry
from local_platform.resources import create_queue
from tests.unit.local_platform import fake_handlers

QUEUE = Queue("jobs", visibility_timeout_s=0, max_receive_count=2)
SERVICE = Service(name="demo", queues=(QUEUE,), operations=(
    Operation("Consume", "tests.unit.local_platform.fake_handlers", trigger=Trigger.QUEUE, source="jobs"),))


class Registry(FunctionRegistry):
    def module(self, fn: Any) -> Any:
        class One:
            handler = staticmethod(fake_handlers.consume)

        return One


def test_partial_failures_are_retried_then_dead_lettered() -> None:
    with mock_aws():
        sqs = AwsClients().client("sqs")
        url = create_queue(sqs, QUEUE, "test")
        dlq = sqs.get_queue_url(QueueName=QUEUE.dlq_name("test"))["QueueUrl"]
        for body in ("good", "bad", "good2"):
            sqs.send_message(QueueUrl=url, MessageBody=body)
        registry = Registry((SERVICE,), "test")
        poller = SqsPoller(sqs, registry, registry.functions["design-agent-test-demo-consume"], url,
                           log=lambda _: None)
        for _ in range(5):
            poller.poll_once()
        delivered = [body for batch in fake_handlers.SEEN for body in batch]
        assert delivered.count("good") == 1
        assert delivered.count("good2") == 1
        assert delivered.count("bad") == 2  # max_receive_count
        assert sqs.receive_message(QueueUrl=url).get("Messages") is None
        dead = sqs.receive_message(QueueUrl=dlq).get("Messages", [])
        assert [m["Body"] for m in dead] == ["bad"]
        assert json.dumps(dead)  # a plain message, ready for inspection or redrive
