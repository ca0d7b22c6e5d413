"""The quota policy of tasks, in one place.

Each attempt holds one unit of the user's monthly task quota, charged before the attempt can reach a worker
(idempotency key ``<task_id>#<attempt>``). The unit is given back when the attempt ends without using a
worker's time through no choice of the user's — it failed (worker error, dispatch failure, heartbeat timeout,
a create that never finished) or it was cancelled before a worker started it. It is kept when the attempt
succeeded or was cancelled while running. A retry is a new attempt and is charged again.

A refund that cannot be made right away stays due (``quota = refund_due`` and the sweep index) and the
scheduled sweep makes it later; refunds are idempotent, so a refund is never made twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from design_agent.clock import iso
from design_agent.contracts.tasks import TaskError
from design_agent.contracts.users import QuotaChange
from design_agent.observability import logger

from functions.tasks.dal.tasks import SWEEP_REFUND, TransitionRefused, Update, after, sweep_fields
from functions.tasks.deps import TasksDeps
from functions.tasks.logic.state import transition
from functions.tasks.models.domain import Task

REFUND_RETRY_S = 30  # how long an immediate refund has before the sweep takes it over


def charge(task: Task) -> QuotaChange:
    return QuotaChange(user_id=task.user_id, resource="tasks", amount=1, idempotency_key=task.quota_key)


def refund_due(now: datetime) -> dict[str, object]:
    """The fields that mark the current attempt's unit as owed back (set in the same write as the status)."""
    return {"quota": "refund_due", **sweep_fields(SWEEP_REFUND, after(now, REFUND_RETRY_S))}


def settle(task: Task, deps: TasksDeps) -> Task:
    """Make a due refund now; on failure it stays due for the sweep."""
    if task.quota != "refund_due":
        return task
    try:
        deps.users.refund_quota(charge(task))
    except Exception:  # any failure: the sweep retries
        logger("tasks").warning("refund failed; left to the sweep", extra={"task_id": task.task_id},
                                exc_info=True)
        return task
    try:
        return deps.tasks.update(task.task_id, Update().set(quota="refunded", **sweep_fields(None)),
                                 "quota = :due AND attempt = :attempt", {"due": "refund_due", "attempt": task.attempt})
    except TransitionRefused as refused:  # settled by someone else meanwhile
        return refused.current or task


def fail_refunded(task: Task, sources: Iterable[str], error: TaskError, deps: TasksDeps, *, condition: str = "",
                  condition_values: Mapping[str, Any] | None = None) -> Task:
    """End the attempt ``failed`` with ``error`` and give its unit back (now, or later by the sweep)."""
    now = deps.clock()
    failed = transition(task, "failed", sources, now, deps, condition=condition, condition_values=condition_values,
                        fields={"error": error.model_dump(), "finished_at": iso(now), **refund_due(now)})
    return settle(failed, deps)
