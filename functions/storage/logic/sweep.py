"""The scheduled sweep: expire stale reservations, finish interrupted deletions, remove orphaned objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from functions.storage.dal.files import StaleRecord
from functions.storage.deps import StorageDeps
from functions.storage.logic.files import STORED_PREFIX, finish_delete, parse_incoming
from functions.storage.service import INCOMING_PREFIX


@dataclass
class SweepReport:
    expired: int = 0
    deletions_finished: int = 0
    orphans_removed: list[str] = field(default_factory=list)


def sweep(deps: StorageDeps, max_objects: int = 1000) -> SweepReport:
    report = SweepReport()
    now = deps.clock()
    grace = timedelta(seconds=deps.settings.upload_grace_s)
    for record in deps.files.due_for_sweep(now):
        if record.status == "pending" and record.upload_deadline + grace <= now:
            deps.objects.delete(record.key)
            try:
                deps.files.finish_pending(record.file_id, "expired", "expired: no upload arrived before the token "
                                                                     "expired")
                report.expired += 1
            except StaleRecord:
                pass
        elif record.status == "deleting":
            finish_delete(record, deps)
            report.deletions_finished += 1
    report.orphans_removed = _orphans(deps, max_objects)
    return report


def _file_id(key: str) -> str | None:
    if key.startswith(STORED_PREFIX):
        parts = key.removeprefix(STORED_PREFIX).split("/")
        return parts[1] if len(parts) == 3 else None
    parsed = parse_incoming(key)
    return parsed[1] if parsed else None


def _orphans(deps: StorageDeps, max_objects: int) -> list[str]:
    """Objects whose record does not claim them: stored objects need a stored record at that key, incoming
    objects a pending one (older incoming leftovers are the bucket lifecycle rule's job too)."""
    removed: list[str] = []
    for prefix, status in ((STORED_PREFIX, "stored"), (INCOMING_PREFIX, "pending")):
        keys = [key for key, _ in deps.objects.keys(prefix, max_objects)]
        records = deps.files.get_many(sorted({fid for k in keys if (fid := _file_id(k))}))
        for key in keys:
            record = records.get(_file_id(key) or "")
            if record is None or record.status != status or record.key != key:
                deps.objects.delete(key)
                removed.append(key)
    return removed
