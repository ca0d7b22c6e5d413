"""Where the embedded moto keeps more than the service it emulates would, fixed in the platform's own process.

DynamoDB Streams shard iterators: the service lets an iterator expire 15 minutes after it is handed out; moto keeps
every one it ever made, and each holds the stream shard it was made from and, through the shard, its table — the
table as it was, since a transaction replaces the table with a copy (and its shard) when it rolls back. The stream
pollers ask for a fresh iterator on every poll (and every GetRecords makes one more), so the platform grew by every
table copy a transaction ever made: ~1 to 2.5 MB per request under load, never falling back
(docs/decisions.md, "What grew the platform under fuzzing").

Every model object ever made: moto appends each instance of its models (every DynamoDB item version, every
transaction's copy of an item, every stream record and shard iterator, every S3 key, every SQS message) to a
list on its class, for its dashboard and its reset; nothing ever leaves it until a reset, which a running platform
never does. So the platform kept every version of everything: ~15 KB a request under a soak, never falling back
(``stop_tracking_instances``).

DynamoDB Streams records: the service keeps a record 24 hours; moto keeps every record (old and new images) on its
shard for as long as the table exists, and copies them all with the table on every rolled-back transaction. The
platform drops the records every local consumer of a stream has handled (``trim_read_records``), keeping the
sequence numbers: the shard's trim horizon moves up as the service's does after 24 hours.

DynamoDB transactions' idempotency tokens: the SDK gives every ``TransactWriteItems`` a ``ClientRequestToken`` and
sends it again when it retries; the service answers a repeat of a transaction that succeeded (same token, same
request, within 10 minutes) with success and applies nothing, and a different request under a used token with
``IdempotentParameterMismatchException``. moto ignores the token, so a transaction whose answer was lost (applied,
then a timeout) was refused by its own conditions when the SDK retried it (``honour_transaction_tokens``).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from moto.core.common_models import BaseModel
from moto.core.exceptions import JsonRESTError
from moto.core.model_instances import reset_model_data
from moto.core.responses import ActionResult
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.table import StreamShard
from moto.dynamodb.responses import DynamoHandler
from moto.dynamodbstreams import models as streams

from local_platform.event_sources import BackgroundLoop

ITERATOR_TTL_S = 15 * 60  # DynamoDB Streams: "a shard iterator expires 15 minutes after it is returned"
MAX_ITERATORS = 1000  # and no more than this many at once (the pollers use each within milliseconds)


class ExpiringIterators(dict[str, Any]):
    """Shard iterators by ARN, dropped oldest first once expired or beyond ``max_items``."""

    def __init__(self, ttl_s: float = ITERATOR_TTL_S, max_items: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._ttl_s, self._max_items, self._clock = ttl_s, max_items, clock
        self._made: dict[str, float] = {}

    @property
    def max_items(self) -> int:
        return MAX_ITERATORS if self._max_items is None else self._max_items

    def __setitem__(self, arn: str, iterator: Any) -> None:
        now = self._clock()
        self.pop(arn, None)
        super().__setitem__(arn, iterator)
        self._made[arn] = now
        for oldest in list(self._made):  # insertion order is age order
            if len(self) <= self.max_items and now - self._made[oldest] < self._ttl_s:
                break
            self.pop(oldest, None)

    def pop(self, arn: str, *default: Any) -> Any:
        self._made.pop(arn, None)
        return super().pop(arn, *default)


def expire_shard_iterators() -> None:
    """Every DynamoDB Streams backend of moto keeps its shard iterators in ``ExpiringIterators``: those that exist
    now and those it creates later (idempotent)."""
    for regions in streams.dynamodbstreams_backends.values():
        for existing in regions.values():
            if not isinstance(existing.shard_iterators, ExpiringIterators):
                kept = existing.shard_iterators
                existing.shard_iterators = ExpiringIterators()
                existing.shard_iterators.update(kept)
    backend = streams.DynamoDBStreamsBackend
    if getattr(backend, "_expiring_iterators", False):
        return
    original = backend.__init__

    def init(self: Any, region_name: str, account_id: str) -> None:
        original(self, region_name, account_id)
        self.shard_iterators = ExpiringIterators()

    backend.__init__ = init  # type: ignore[method-assign]
    backend._expiring_iterators = True  # type: ignore[attr-defined]


def clamp_reads_to_the_trim_horizon() -> None:
    """A read from before a shard's first kept record starts at that record, as the service's TRIM_HORIZON does
    (moto asserts instead; idempotent)."""
    if getattr(StreamShard, "_clamped", False):
        return
    original = StreamShard.get

    def get(self: StreamShard, start: int, quantity: int) -> list[dict[str, Any]]:
        return original(self, max(start, self.starting_sequence_number), quantity)

    StreamShard.get = get  # type: ignore[method-assign]
    StreamShard._clamped = True  # type: ignore[attr-defined]


def trim_read_records(table_name: str, unread_from: int) -> int:
    """Drop the records of ``table_name``'s stream before sequence number ``unread_from`` (every consumer has
    handled them), in every account and region that has the table; the number dropped. Sequence numbers are kept:
    the shard's starting sequence number moves up by as many records as were dropped."""
    dropped = 0
    for regions in dynamodb_backends.values():
        for backend in regions.values():
            table = backend.tables.get(table_name)
            shard = getattr(table, "stream_shard", None)
            if shard is None:
                continue
            count = min(len(shard.items), unread_from - shard.starting_sequence_number)
            if count > 0:
                del shard.items[:count]
                shard.starting_sequence_number += count
                dropped += count
    return dropped


class StreamReader(Protocol):
    """A local consumer of a table's stream (``event_sources.StreamPoller``)."""

    @property
    def table(self) -> str: ...

    def unread_from(self) -> int | None: ...


class StreamTrim(BackgroundLoop):
    """Every ``interval_s``, drops the stream records every reader of their table has handled; under
    ``exclusive`` (no emulator request runs meanwhile), as the records are the emulator's data."""

    def __init__(self, readers: list[StreamReader], exclusive: Callable[[], AbstractContextManager[None]],
                 log: Callable[[str], None], interval_s: float = 2.0) -> None:
        super().__init__("stream-trim", log)
        self._readers, self._exclusive, self._interval_s = readers, exclusive, interval_s
        self.dropped = 0  # records dropped since start

    def trim_once(self) -> int:
        marks: dict[str, list[int | None]] = {}
        for reader in self._readers:
            marks.setdefault(reader.table, []).append(reader.unread_from())
        dropped = 0
        with self._exclusive():
            for table, unread in marks.items():
                if all(mark is not None for mark in unread):
                    dropped += trim_read_records(table, min(mark for mark in unread if mark is not None))
        self.dropped += dropped
        return dropped

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            try:
                self.trim_once()
            except Exception as exc:  # keep trimming later: a table may be being deleted or replaced
                self._log(json.dumps({"level": "WARNING", "message": "stream trim failed", "error": repr(exc)}))


def stop_tracking_instances() -> None:
    """moto's models are no longer kept in their class's ``instances_tracked`` list (only its dashboard and its
    reset read it; the platform uses neither), and those kept so far are let go (idempotent)."""
    if getattr(BaseModel, "_untracked", False):
        return

    def new(cls: type[BaseModel], *_args: Any, **_kwargs: Any) -> BaseModel:
        return object.__new__(cls)

    BaseModel.__new__ = staticmethod(new)  # type: ignore[method-assign]
    BaseModel._untracked = True  # type: ignore[attr-defined]
    reset_model_data()


TOKEN_TTL_S = 10 * 60  # "a client token is valid for 10 minutes after the first request that uses it"


class _IdempotentParameterMismatch(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("IdempotentParameterMismatchException",
                         "The request uses the same client token as a previous, but non-identical request.")


def honour_transaction_tokens(ttl_s: float = TOKEN_TTL_S) -> None:
    """``TransactWriteItems`` with a ``ClientRequestToken`` used by a transaction that succeeded less than
    ``ttl_s`` ago: the same request succeeds without being applied again, another one is refused (idempotent)."""
    if getattr(DynamoHandler, "_honours_tokens", False):
        return
    transact = DynamoHandler.transact_write_items
    succeeded: dict[str, tuple[str, float]] = {}  # token -> (digest of the request, when)
    lock = threading.Lock()

    def transact_write_items(self: DynamoHandler) -> Any:
        token = self.body.get("ClientRequestToken")
        if not token:
            return transact(self)
        digest = hashlib.sha256(json.dumps(self.body["TransactItems"], sort_keys=True).encode()).hexdigest()
        now = time.monotonic()
        with lock:
            while succeeded:  # oldest first (insertion order): drop the expired ones, stop at the first that is not
                oldest = next(iter(succeeded))
                if now - succeeded[oldest][1] <= ttl_s:
                    break
                del succeeded[oldest]
            seen = succeeded.get(token)
        if seen is not None:
            if seen[0] != digest:
                raise _IdempotentParameterMismatch()
            return ActionResult({"ConsumedCapacity": [], "ItemCollectionMetrics": {}})  # done already
        answer = transact(self)
        with lock:
            succeeded[token] = (digest, now)
        return answer

    DynamoHandler.transact_write_items = transact_write_items  # type: ignore[method-assign]
    DynamoHandler._honours_tokens = True  # type: ignore[attr-defined]
