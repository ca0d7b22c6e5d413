"""Scheduled: expire stale reservations, finish interrupted deletions, remove orphaned objects."""

from dataclasses import asdict
from typing import Any

from design_agent.observability import logger, observed

from functions.storage.deps import StorageDeps
from functions.storage.logic.sweep import sweep


@observed("storage", correlation_id_path="id", operation="SweepUploads")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    report = asdict(sweep(StorageDeps.from_env()))
    logger("storage").info("sweep finished", extra=report)
    return report
