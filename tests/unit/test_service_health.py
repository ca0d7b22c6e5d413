"""Every service's /api/v1/<service>/health checks its own tables and queues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from design_agent.spec import Service

from functions import health
from functions.registry import SERVICES
from functions.tasks.service import DISPATCH_QUEUE, TASKS_TABLE
from scripts.sample_events import path_of
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.lambda_context import FakeContext

WITH_HEALTH = [s for s in SERVICES if any(op.name == "ServiceHealth" for op in s.operations)]


def _call(service: Service) -> tuple[int, dict[str, object]]:
    event = json.loads(Path(path_of(service, service.operation("ServiceHealth"))).read_text())
    result = health.handler(event, FakeContext())
    return result["statusCode"], json.loads(result["body"])


def test_every_service_but_the_gateway_has_one() -> None:
    assert {s.name for s in SERVICES} - {s.name for s in WITH_HEALTH} == {"gateway"}


@pytest.mark.parametrize("service", WITH_HEALTH, ids=[s.name for s in WITH_HEALTH])
def test_health_checks_own_tables_and_queues(sandbox: AwsSandbox, service: Service) -> None:
    status, body = _call(service)
    assert (status, body["status"], body["service"]) == (200, "ok", service.name)
    kinds = {(c["kind"], c["name"]) for c in body["checks"]}  # type: ignore[attr-defined]
    assert kinds == {("table", t.name) for t in service.tables} | {("queue", q.name) for q in service.queues}


def test_a_dead_letter_degrades_and_a_missing_table_is_503(sandbox: AwsSandbox) -> None:
    tasks = next(s for s in SERVICES if s.name == "tasks")
    sqs = sandbox.clients.client("sqs")
    sqs.send_message(QueueUrl=sqs.get_queue_url(QueueName=DISPATCH_QUEUE.dlq_name(STAGE))["QueueUrl"],
                     MessageBody="{}")
    status, body = _call(tasks)
    assert (status, body["status"]) == (200, "degraded")
    sandbox.clients.dynamodb().delete_table(TableName=TASKS_TABLE.physical_name(STAGE))
    status, body = _call(tasks)
    assert (status, body["status"]) == (503, "down")
    failed = [c for c in body["checks"] if not c["ok"]]  # type: ignore[attr-defined]
    assert [(c["name"], c["detail"]) for c in failed] == [("tasks", "ResourceNotFoundException")]
