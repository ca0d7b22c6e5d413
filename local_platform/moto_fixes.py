"""Where the embedded moto keeps more than the service it emulates would, fixed in the platform's own process.

DynamoDB Streams shard iterators: the service lets an iterator expire 15 minutes after it is handed out; moto keeps
every one it ever made, and each holds the stream shard it was made from and, through the shard, its table — the
table as it was, since a transaction replaces the table with a copy (and its shard) when it rolls back. The stream
pollers ask for a fresh iterator on every poll (and every GetRecords makes one more), so the platform grew by every
table copy a transaction ever made: ~1 to 2.5 MB per request under load, never falling back
(docs/decisions.md, "What grew the platform under fuzzing").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from moto.dynamodbstreams import models as streams

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
