"""``GET /api/v1/<service>/health`` of every service: its own tables answer ``DescribeTable`` and its queues
``GetQueueAttributes``; a message waiting in a DLQ makes it ``degraded``; anything unreachable is 503.

One module serves every service's ``ServiceHealth`` function (each with its own role: it may describe only
its service's tables and queues); the service is the one named in the path.
"""

from __future__ import annotations

import re
from functools import cache
from http import HTTPStatus
from typing import Any, Literal

from aws_lambda_powertools.event_handler import Response
from botocore.exceptions import BotoCoreError, ClientError
from design_agent.api import HttpOperation, http_operation, json_response
from design_agent.clients import aws
from design_agent.settings import Settings
from design_agent.spec import Service
from pydantic import BaseModel

PATH = re.compile(r"^/api/v1/(?P<service>[a-z]+)/health$")


class Check(BaseModel):
    kind: Literal["table", "queue"]
    name: str
    ok: bool
    detail: str
    messages: int | None = None
    dead_letters: int | None = None


class ServiceHealth(BaseModel):
    service: str
    stage: str
    status: Literal["ok", "degraded", "down"]
    checks: list[Check]


def _table(service: Service, name: str, settings: Settings) -> Check:
    table = next(t for t in service.tables if t.name == name)
    try:
        status = aws().dynamodb().describe_table(TableName=settings.table(table))["Table"]["TableStatus"]
    except (ClientError, BotoCoreError) as exc:
        return Check(kind="table", name=name, ok=False, detail=type(exc).__name__)
    return Check(kind="table", name=name, ok=status == "ACTIVE", detail=str(status))


def _depth(url: str) -> int:
    attributes = aws().client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages"])["Attributes"]
    return int(attributes.get("ApproximateNumberOfMessages", 0))


def _queue(service: Service, name: str, settings: Settings) -> Check:
    queue = service.queue(name)
    try:
        waiting, dead = _depth(settings.queue_url(queue)), _depth(settings.dlq_url(queue))
    except (ClientError, BotoCoreError) as exc:
        return Check(kind="queue", name=name, ok=False, detail=type(exc).__name__)
    return Check(kind="queue", name=name, ok=True, detail="reachable", messages=waiting, dead_letters=dead)


def check(service: Service) -> ServiceHealth:
    settings = Settings.from_env()
    op = service.operation("ServiceHealth")
    checks = [_table(service, name, settings) for name in op.tables]
    checks += [_queue(service, name, settings) for name in op.watches]
    status: Literal["ok", "degraded", "down"] = "ok"
    if not all(c.ok for c in checks):
        status = "down"
    elif any(c.dead_letters for c in checks):
        status = "degraded"
    return ServiceHealth(service=service.name, stage=settings.stage, status=status, checks=checks)


@cache
def api_for(name: str) -> HttpOperation:
    """The resolver of one service's health route (also what the OpenAPI generator reads)."""
    from functions.registry import service

    svc = service(name)
    api = http_operation(svc, "ServiceHealth")

    @api.route
    def service_health() -> Response[ServiceHealth]:
        health = check(svc)
        code = HTTPStatus.SERVICE_UNAVAILABLE if health.status == "down" else HTTPStatus.OK
        return json_response(code, health.model_dump(mode="json"))

    return api


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    found = PATH.match(str(event.get("path") or ""))
    if found is None:
        return {"statusCode": 404, "body": ""}
    result: dict[str, Any] = api_for(found["service"]).handler(event, context)
    return result
