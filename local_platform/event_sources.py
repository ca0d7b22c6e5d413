"""Event source mappings: SQS queues (partial batch failures; redrive to the DLQ is the queue's own) and
EventBridge schedules feed their consumer functions, as Lambda's pollers do."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from local_platform.functions import FunctionFailed, FunctionRegistry, LocalFunction


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    return {"Records": [{
        "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
        "attributes": m.get("Attributes", {}), "messageAttributes": m.get("MessageAttributes", {}),
        "md5OfBody": m.get("MD5OfBody", ""), "eventSource": "aws:sqs", "eventSourceARN": queue_arn,
        "awsRegion": "us-east-1"} for m in messages]}


def scheduled_event(rule_name: str) -> dict[str, Any]:
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": FunctionRegistry.ACCOUNT, "time": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "region": "us-east-1", "resources": [f"arn:aws:events:us-east-1:{FunctionRegistry.ACCOUNT}:rule/"
                                                   f"{rule_name}"], "detail": {}}


class SqsPoller:
    """Short polls (the emulator is serialised, so nothing waits inside it) with a small idle back-off."""

    def __init__(self, sqs: Any, registry: FunctionRegistry, fn: LocalFunction, queue_url: str,
                 log: Callable[[str], None], idle_s: float = 0.1) -> None:
        self._sqs = sqs
        self._registry = registry
        self._fn = fn
        self._url = queue_url
        self._arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self._log = log
        self._idle = idle_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sqs-{fn.name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def poll_once(self) -> int:
        batch = min(10, self._fn.operation.batch_size)
        messages = self._sqs.receive_message(QueueUrl=self._url, MaxNumberOfMessages=batch, WaitTimeSeconds=0,
                                             AttributeNames=["All"], MessageAttributeNames=["All"]).get("Messages", [])
        if not messages:
            return 0
        try:
            result = self._registry.invoke(self._fn, sqs_event(messages, self._arn))
            failed = {f["itemIdentifier"] for f in (result or {}).get("batchItemFailures", [])}
        except FunctionFailed as error:
            self._log(json.dumps({"level": "ERROR", "message": "queue consumer failed", "function": self._fn.name,
                                  **error.payload}))
            return len(messages)  # the whole batch becomes visible again after the visibility timeout
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            self._sqs.delete_message_batch(QueueUrl=self._url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)])
        return len(messages)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.poll_once() == 0:
                    self._stop.wait(self._idle)
            except Exception as exc:
                self._log(json.dumps({"level": "WARNING", "message": "poll failed", "error": repr(exc)}))
                self._stop.wait(1.0)


class Schedule:
    def __init__(self, registry: FunctionRegistry, fn: LocalFunction, every_s: float,
                 log: Callable[[str], None]) -> None:
        self._registry = registry
        self.fn = fn
        self._every = every_s
        self._log = log
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"schedule-{fn.name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def fire(self) -> Any:
        return self._registry.invoke(self.fn, scheduled_event(self.fn.name))

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            started = time.monotonic()
            try:
                self.fire()
            except FunctionFailed as error:
                self._log(json.dumps({"level": "ERROR", "message": "scheduled run failed", **error.payload}))
            self._log(json.dumps({"message": "schedule fired", "function": self.fn.name,
                                  "ms": round((time.monotonic() - started) * 1000)}))
