"""What the embedded moto holds (``GET /_local/emulator``) and what the platform process is made of
(``GET /_local/objects``), and where its memory grew (``GET /_local/allocations``, when started with
``PYTHONTRACEMALLOC``): the figures that tell stored data apart from a leak when the platform grows."""

from __future__ import annotations

import gc
import sys
import threading
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


_BASELINE: list[tracemalloc.Snapshot] = []
_BASELINE_LOCK = threading.Lock()


def allocations(limit: int = 30) -> dict[str, Any]:
    """Where the process's memory grew since the first call, by allocating call stack (the platform must run with
    ``PYTHONTRACEMALLOC=<frames>``; Python's own tracing slows it down several times: a debugging aid). Unlike the
    census above it sees strings and bytes, which the garbage collector does not track."""
    if not tracemalloc.is_tracing():
        return {"tracing": False, "how": "start the platform with PYTHONTRACEMALLOC=10 (frames per stack)"}
    gc.collect()
    snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    with _BASELINE_LOCK:
        if not _BASELINE:
            _BASELINE.append(snapshot)
            return {"tracing": True, "baseline": True, "traced_mib": tracemalloc.get_traced_memory()[0] >> 20}
        grown = snapshot.compare_to(_BASELINE[0], "traceback")
    return {"tracing": True, "traced_mib": tracemalloc.get_traced_memory()[0] >> 20,
            "grown_mib": round(sum(stat.size_diff for stat in grown) / 2**20, 1),
            "top": [{"kib": stat.size_diff >> 10, "blocks": stat.count_diff,
                     "stack": stat.traceback.format(most_recent_first=True)[:12]} for stat in grown[:limit]]}
