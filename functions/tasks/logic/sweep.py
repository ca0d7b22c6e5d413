"""The scheduled sweep: finishes what a crash or a silent worker left behind, and makes refunds that are due.

- a ``pending`` task older than the pending timeout (its create never finished) fails, refunded;
- a ``running`` task with no progress for the heartbeat timeout fails, refunded (the user may retry);
- a refund that could not be made when its attempt ended is made now.
"""

from __future__ import annotations

from collections import Counter

from design_agent import errors
from design_agent.clock import iso
from design_agent.contracts.tasks import TaskError
from design_agent.observability import logger

from functions.tasks.dal.tasks import SWEEP_PENDING, SWEEP_REFUND, SWEEP_RUNNING
from functions.tasks.deps import TasksDeps
from functions.tasks.logic.quota import fail_refunded, settle
from functions.tasks.models.domain import Task

UNFINISHED = TaskError(code="create-unfinished", message="The task's creation did not complete")
SILENT = TaskError(code="heartbeat-timeout", message="The worker stopped reporting progress")


def sweep(deps: TasksDeps) -> dict[str, int]:
    now = deps.clock()
    done: Counter[str] = Counter()
    for task in deps.tasks.due(SWEEP_PENDING, now):
        done["pending_failed"] += _ended(task, UNFINISHED, deps)
    for task in deps.tasks.due(SWEEP_RUNNING, now):
        done["running_failed"] += _ended(task, SILENT, deps)
    for task in deps.tasks.due(SWEEP_REFUND, now):
        done["refunded"] += int(settle(task, deps).quota == "refunded")
    logger("tasks").info("sweep finished", extra=dict(done))
    return dict(done)


def _ended(task: Task, error: TaskError, deps: TasksDeps) -> int:
    """1 if the task was failed now; 0 if it moved on since it was read (a worker reported, a user cancelled)."""
    try:
        fail_refunded(task, [task.status], error, deps, condition="updated_at = :seen",
                      condition_values={"seen": iso(task.updated_at)})
    except errors.Conflict:
        return 0
    return 1
