"""What the embedded moto holds (``GET /_local/emulator``) and what the platform process is made of
(``GET /_local/objects``), and where its memory grew (``GET /_local/allocations``: the first call starts tracing):
the figures that tell stored data apart from a leak when the platform grows."""

from __future__ import annotations

import gc
import sys
import tracemalloc
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from moto.dynamodb.models import dynamodb_backends
from moto.s3.models import s3_backends
from moto.sqs.models import sqs_backends


def _regional(backends: Any) -> list[Any]:
    return [backend for regions in backends.values() for backend in regions.values()]


def stored(exclusive: Callable[[], AbstractContextManager[None]]) -> dict[str, Any]:
    """Objects and their bytes (every version), items and stream records, messages: taken while no emulator
    request runs."""
    with exclusive():
        objects = [key for backend in _regional(s3_backends) for bucket in backend.buckets.values()
                   for versions in bucket.keys.lists() for key in versions[1]]
        tables = [table for backend in _regional(dynamodb_backends) for table in backend.tables.values()]
        queues = [queue for backend in _regional(sqs_backends) for queue in backend.queues.values()]
        return {
            "s3": {"objects": len(objects), "bytes": sum(int(getattr(key, "size", 0) or 0) for key in objects)},
            "dynamodb": {"tables": len(tables), "items": sum(len(table) for table in tables),
                         "stream_records": sum(len(table.stream_shard.items) for table in tables
                                               if table.stream_shard is not None)},
            "sqs": {"queues": len(queues), "messages": sum(len(queue._messages) for queue in queues)},
        }


def object_types(limit: int = 25) -> dict[str, Any]:
    """The most numerous object types of the process after a collection (slow with millions: a debugging aid)."""
    gc.collect()
    counts = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())
    return {"objects": sum(counts.values()), "types": dict(counts.most_common(limit)),
            "modules": len(sys.modules)}


TRACE_FRAMES = 8  # frames kept per allocation once tracing starts


def allocations(limit: int = 30) -> dict[str, Any]:
    """Where the platform process's memory grew: the first call starts tracing its allocations (Python's
    tracemalloc, this process only: its functions' workers are not slowed), each later one answers the call stacks
    that allocated what is still alive since then, largest first. Unlike the census above it sees strings and
    bytes, which the garbage collector does not track. A debugging aid: tracing slows the process."""
    if not tracemalloc.is_tracing():
        tracemalloc.start(TRACE_FRAMES)
        return {"tracing": "started", "frames": TRACE_FRAMES}
    gc.collect()
    snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    alive = snapshot.statistics("traceback")
    return {"tracing": True, "traced_mib": round(sum(stat.size for stat in alive) / 2**20, 1),
            "top": [{"kib": stat.size >> 10, "blocks": stat.count,
                     "stack": stat.traceback.format(most_recent_first=True)[:12]} for stat in alive[:limit]]}
