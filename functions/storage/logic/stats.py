"""A user's storage statistics: per-kind counters from the Storage table, quota from the User service."""

from __future__ import annotations

from typing import get_args

from design_agent.contracts.storage import FileKind
from design_agent.contracts.users import QuotaQuery

from functions.storage.deps import StorageDeps
from functions.storage.models.api import KindStats, StorageStats


def storage_stats(user_id: str, deps: StorageDeps) -> StorageStats:
    counters = deps.files.stats(user_id)
    quota = deps.users.read_quota(QuotaQuery(user_id=user_id, resource="storage"))
    by_kind = {kind: KindStats(files=counters.get(f"files_{kind}", 0), bytes=counters.get(f"bytes_{kind}", 0))
               for kind in get_args(FileKind)}
    return StorageStats(used_bytes=quota.used, quota_bytes=quota.limit, remaining_bytes=quota.remaining,
                        files=counters.get("files_total", 0),
                        by_kind={k: v for k, v in by_kind.items() if v.files or v.bytes})
