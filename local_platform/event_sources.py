"""Event source mappings: SQS queues (partial batch failures; redrive to the DLQ is the queue's own) and
EventBridge schedules feed their consumer functions, as Lambda's pollers do."""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from local_platform.changes import Changes
from local_platform.functions import FunctionFailed, FunctionRegistry, LocalFunction

BACKOFF_CAP_S = 2.0  # a failing stream batch is retried at most this far apart
# SQS long polling, as Lambda's pollers do: an idle queue costs one ReceiveMessage per this many seconds, and a
# message arrives as soon as it is sent (the embedded moto answers long polls without blocking other requests)
LONG_POLL_S = 20
# a stream poller woken by the emulator's writes looks again this often without one (a safety net: a write always
# wakes it; Lambda's own stream pollers look about four times a second)
STREAM_RECHECK_S = 5.0


def _lambda_message_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """SQS API attribute shape (``StringValue``, bytes) -> the Lambda event's (``stringValue``, base64)."""
    converted: dict[str, Any] = {}
    for name, value in attributes.items():
        binary = value.get("BinaryValue")
        converted[name] = {
            "stringValue": value.get("StringValue"),
            "binaryValue": base64.b64encode(binary).decode() if isinstance(binary, bytes) else binary,
            "stringListValues": value.get("StringListValues", []), "binaryListValues": [],
            "dataType": value.get("DataType", "String")}
    return converted


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    return {"Records": [{
        "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
        "attributes": m.get("Attributes", {}),
        "messageAttributes": _lambda_message_attributes(m.get("MessageAttributes", {})),
        "md5OfBody": m.get("MD5OfBody", ""), "eventSource": "aws:sqs", "eventSourceARN": queue_arn,
        "awsRegion": FunctionRegistry.REGION} for m in messages]}


def scheduled_event(rule_name: str) -> dict[str, Any]:
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": FunctionRegistry.ACCOUNT, "time": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "region": "us-east-1", "resources": [f"arn:aws:events:us-east-1:{FunctionRegistry.ACCOUNT}:rule/"
                                                   f"{rule_name}"], "detail": {}}


class BackgroundLoop:
    """A daemon thread running ``_run`` until ``stop``."""

    def __init__(self, name: str, log: Callable[[str], None]) -> None:
        self.name = name
        self._log = log
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout_s: float) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        raise NotImplementedError


class Poller(BackgroundLoop):
    """Calls ``poll_once`` in a loop, idling a little when there was nothing to do."""

    def __init__(self, name: str, log: Callable[[str], None], idle_s: float) -> None:
        super().__init__(name, log)
        self._idle = idle_s

    def poll_once(self) -> int:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                noted = self._note()
                if self.poll_once() == 0:
                    self._idle_wait(noted)
            except Exception as exc:  # keep polling: the emulator may be busy or restarting
                self._log(json.dumps({"level": "WARNING", "message": "poll failed", "poller": self.name,
                                      "error": repr(exc)}))
                self._stop.wait(1.0)

    def _note(self) -> int:
        """What ``_idle_wait`` needs to know of the moment before a poll (nothing, for a plain poller)."""
        return 0

    def _idle_wait(self, noted: int) -> None:
        self._stop.wait(self._idle)


class SqsPoller(Poller):
    """SQS queue -> function, with long polls and partial batch failures (redrive to the DLQ is the queue's own).

    A long poll still waiting when the platform stops is not waited for (``stop`` returns at once; the embedded
    moto ends its polls itself): if it then brings messages, they are handed back to the queue, not worked."""

    def __init__(self, sqs: Any, registry: FunctionRegistry, fn: LocalFunction, queue_url: str,
                 log: Callable[[str], None], idle_s: float = 0.1, wait_s: int = LONG_POLL_S) -> None:
        super().__init__(f"sqs-{fn.name}", log, idle_s)
        self._sqs = sqs
        self._registry = registry
        self._fn = fn
        self._url = queue_url
        self._wait_s = wait_s
        self._arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def poll_once(self) -> int:
        batch = min(10, self._fn.operation.batch_size)
        messages = self._sqs.receive_message(QueueUrl=self._url, MaxNumberOfMessages=batch,
                                             WaitTimeSeconds=self._wait_s, AttributeNames=["All"],
                                             MessageAttributeNames=["All"]).get("Messages", [])
        if not messages:
            return 0
        if self._stop.is_set():  # received after the platform stopped: back to the queue, for its next consumer
            self._sqs.change_message_visibility_batch(QueueUrl=self._url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                for i, m in enumerate(messages)])
            return 0
        try:
            result = self._registry.invoke(self._fn, sqs_event(messages, self._arn), event_source=True)
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


class Schedule(BackgroundLoop):
    """An EventBridge schedule rule: the function every ``every_s`` seconds, or now with ``fire``."""

    def __init__(self, registry: FunctionRegistry, fn: LocalFunction, every_s: float,
                 log: Callable[[str], None]) -> None:
        super().__init__(f"schedule-{fn.name}", log)
        self._registry = registry
        self.fn = fn
        self._every = every_s

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


class StreamPoller(Poller):
    """DynamoDB stream -> function, like Lambda's stream event source mapping: batches in shard order,
    ``batchItemFailures`` (sequence numbers) retried from the first failed record, a record that keeps
    failing skipped after ``max_attempts`` (Lambda would send it to the on-failure destination).

    The position is kept as a sequence number and a fresh iterator is asked for on every poll: moto binds an
    iterator to the shard object it was made from, which a rolled-back transaction replaces. Given the embedded
    emulator's ``writes``, an idle poller sleeps until a DynamoDB write (or ``STREAM_RECHECK_S``) instead of looking
    every ``idle_s``: no requests while nothing is written, no poll interval between a write and its record."""

    def __init__(self, dynamodb: Any, streams: Any, registry: FunctionRegistry, fn: LocalFunction, table: str,
                 log: Callable[[str], None], idle_s: float = 0.1, max_attempts: int | None = None,
                 retry_backoff_s: float = 0.1, writes: Changes | None = None) -> None:
        super().__init__(f"stream-{fn.name}", log, idle_s)
        self._writes = writes
        self._streams = streams
        self._registry = registry
        self._fn = fn
        self.table = table
        self._arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        # as the mapping's MaximumRetryAttempts: -1 retries until the record expires (here: forever, backing off)
        self._max_attempts = fn.operation.retry_attempts if max_attempts is None else max_attempts
        self._backoff_s = retry_backoff_s  # doubled per failed attempt, up to BACKOFF_CAP_S
        self._backoff_until = 0.0
        self._positions: dict[str, tuple[str, str] | None] = {}  # shard -> (iterator type, sequence number)
        self._attempts: dict[str, int] = {}

    @property
    def positions(self) -> dict[str, tuple[str, str] | None]:
        """Where it is in each shard (kept with the platform's saved data, so a restart resumes there)."""
        return dict(self._positions)

    def unread_from(self) -> int | None:
        """The first sequence number it has not handled yet in any shard; None before it handled a record in each
        shard it has read (everything may still be unread)."""
        firsts: list[int] = []
        for at in dict(self._positions).values():  # a copy: the poller's thread moves them meanwhile
            if at is None:
                return None
            kind, sequence = at
            firsts.append(int(sequence) + (1 if kind == "AFTER_SEQUENCE_NUMBER" else 0))
        return min(firsts) if firsts else None

    def resume(self, positions: dict[str, tuple[str, str] | None]) -> None:
        """Start from saved positions instead of each shard's beginning (before ``start``)."""
        self._positions.update({shard: tuple(at) if at else None  # type: ignore[misc]
                                for shard, at in positions.items()})

    def stop(self) -> None:
        super().stop()
        if self._writes is not None:
            self._writes.bump()  # wakes the wait (the others look once more and sleep again)

    def _note(self) -> int:
        return self._writes.count if self._writes is not None else 0

    def _idle_wait(self, noted: int) -> None:
        if self._writes is None:
            super()._idle_wait(noted)
            return
        backing_off = self._backoff_until - time.monotonic()  # a failed batch is retried then, writes or not
        self._writes.wait_past(noted, backing_off if backing_off > 0 else STREAM_RECHECK_S)

    def _iterator(self, shard: str) -> str | None:
        position = self._positions.get(shard)
        kwargs: dict[str, str] = {"ShardIteratorType": "TRIM_HORIZON"}
        if position is not None:
            kwargs = {"ShardIteratorType": position[0], "SequenceNumber": position[1]}
        found: str | None = self._streams.get_shard_iterator(StreamArn=self._arn, ShardId=shard, **kwargs)[
            "ShardIterator"]
        return found

    def poll_once(self) -> int:
        if time.monotonic() < self._backoff_until:
            return 0
        shards = self._streams.describe_stream(StreamArn=self._arn)["StreamDescription"]["Shards"]
        handled = 0
        for shard in shards:
            shard_id = shard["ShardId"]
            iterator = self._iterator(shard_id)
            if iterator is None:
                continue
            records = self._streams.get_records(ShardIterator=iterator,
                                                Limit=self._fn.operation.batch_size).get("Records", [])
            if records:
                handled += len(records)
                self._deliver(shard_id, records)
        return handled

    def _deliver(self, shard_id: str, records: list[dict[str, Any]]) -> None:
        event = {"Records": [{**r, "eventSourceARN": self._arn} for r in records]}
        try:
            result = self._registry.invoke(self._fn, json.loads(json.dumps(event, default=str)),
                                           event_source=True)
            failed = [f["itemIdentifier"] for f in (result or {}).get("batchItemFailures", [])]
        except FunctionFailed as error:
            self._log(json.dumps({"level": "ERROR", "message": "stream consumer failed", **error.payload}))
            failed = [records[0]["dynamodb"]["SequenceNumber"]]
        last = records[-1]["dynamodb"]["SequenceNumber"]
        if not failed:
            self._positions[shard_id] = ("AFTER_SEQUENCE_NUMBER", last)
            return
        first = min(failed, key=int)
        self._attempts[first] = attempts = self._attempts.get(first, 0) + 1
        if self._max_attempts < 0 or attempts < self._max_attempts:
            self._positions[shard_id] = ("AT_SEQUENCE_NUMBER", first)  # retry from the first failure
            self._backoff_until = time.monotonic() + min(BACKOFF_CAP_S, self._backoff_s * 2 ** min(attempts, 10))
        else:
            self._positions[shard_id] = ("AFTER_SEQUENCE_NUMBER", first)
            self._log(json.dumps({"level": "ERROR", "message": "stream record skipped after retries",
                                  "function": self._fn.name, "sequenceNumber": first}))
