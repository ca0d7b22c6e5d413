"""Helpers of the task integration tests: reference worker processes and a tap on the task events."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from design_agent.spec import event_bus_name

from functions.tasks.service import DISPATCH_QUEUE
from local_platform.workers import WorkerProcesses
from tests.integration.conftest import CREDENTIALS, STAGE, Account, Platform

GENERATE = {"type": "poster.generate", "params": {"prompt": "Autumn jazz night at the riverside", "style": "retro",
                                                   "subtitle": "Saturday 8pm, Pier 4"}}


def dispatch_queue_url(platform: Platform) -> str:
    return str(platform.boto("sqs").get_queue_url(QueueName=DISPATCH_QUEUE.physical_name(STAGE))["QueueUrl"])


class Workers:
    """Reference worker processes with their own machine client, stopped at the end of the test."""

    def __init__(self, platform: Platform, log_path: Path) -> None:
        self.log_path = log_path
        self._log = log_path.open("ab")
        answer = platform.invoke("auth", "RegisterClient", {"name": f"itest-{uuid.uuid4().hex[:6]}"})
        assert answer["ok"], answer
        self.client_id = answer["body"]["client_id"]
        self.client_secret = answer["body"]["client_secret"]
        self._platform = platform
        self._groups: list[WorkerProcesses] = []

    def start(self, count: int = 1, step_delay_s: float = 0.0) -> WorkerProcesses:
        group = WorkerProcesses(api_url=self._platform.url, queue_url=dispatch_queue_url(self._platform),
                                client_id=self.client_id, client_secret=self.client_secret,
                                env={**self._platform.endpoint_env(), **CREDENTIALS, "AWS_DEFAULT_REGION": "us-east-1",
                                     "WORKER_STEP_DELAY_S": str(step_delay_s)}, log=self._log)
        group.start(count)
        self._groups.append(group)
        return group

    def token(self) -> str:
        response = requests.post(self._platform.api("/api/v1/auth/token"), timeout=10, data={
            "grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret})
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def stop(self) -> None:
        for group in self._groups:
            group.stop()
        self._log.close()

    def log(self) -> list[dict[str, Any]]:
        """The workers' JSON log lines so far."""
        lines = self.log_path.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]


@pytest.fixture
def workers(platform: Platform, tmp_path: Path) -> Iterator[Workers]:
    group = Workers(platform, tmp_path / "workers.log")
    yield group
    group.stop()


class EventTap:
    """Every task event on the bus, through a rule of the test's own into a queue of its own."""

    def __init__(self, platform: Platform) -> None:
        self.sqs, self.events = platform.boto("sqs"), platform.boto("events")
        name = f"itest-task-events-{uuid.uuid4().hex[:8]}"
        self.url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        self.arn = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"]
        self.rule = name
        self.install()
        self.seen: list[dict[str, Any]] = []

    def install(self) -> None:
        bus = event_bus_name(STAGE)
        self.events.put_rule(Name=self.rule, EventBusName=bus,
                             EventPattern=json.dumps({"source": ["design-agent.tasks"]}))
        self.events.put_targets(Rule=self.rule, EventBusName=bus, Targets=[{"Id": "tap", "Arn": self.arn}])

    def drain(self) -> list[dict[str, Any]]:
        while True:
            messages = self.sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10).get("Messages", [])
            if not messages:
                return self.seen
            for message in messages:
                self.seen.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])

    def of(self, task_id: str) -> list[dict[str, Any]]:
        return [e for e in self.drain() if e["detail"]["data"]["task_id"] == task_id]

    def types(self, task_id: str) -> list[str]:
        return [e["detail-type"] for e in self.of(task_id)]

    def wait_for(self, task_id: str, detail_type: str, timeout_s: float = 30) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if detail_type in self.types(task_id):
                return self.of(task_id)
            time.sleep(0.2)
        raise AssertionError(f"no {detail_type} for {task_id}; saw {self.types(task_id)}")


@pytest.fixture
def tap(platform: Platform) -> EventTap:
    return EventTap(platform)


def create_task(platform: Platform, who: Account, body: dict[str, Any] | None = None,
                key: str | None = None) -> requests.Response:
    headers = {**who.auth, **({"Idempotency-Key": key} if key else {})}
    return requests.post(platform.api("/api/v1/tasks"), json=body or GENERATE, headers=headers, timeout=30)


def wait_status(platform: Platform, who: Account, task_id: str, until: Callable[[dict[str, Any]], bool],
                timeout_s: float = 40) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        status = requests.get(platform.api(f"/api/v1/tasks/{task_id}/status"), headers=who.auth, timeout=10)
        assert status.status_code == 200, status.text
        body: dict[str, Any] = status.json()
        if until(body):
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"task {task_id} is still {body}")
        time.sleep(0.2)


def ended(body: dict[str, Any]) -> bool:
    return body["status"] in {"succeeded", "failed", "cancelled"}
