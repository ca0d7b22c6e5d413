"""The outbox: which task events a change of the task item stands for (the stream publisher's rule).

Nothing is published for a ``pending`` task (it has no quota yet) nor for bookkeeping writes (a refund made).
"""

from __future__ import annotations

from design_agent.contracts.tasks import (
    TaskCancelled,
    TaskCompleted,
    TaskCreated,
    TaskError,
    TaskEvent,
    TaskFailed,
    TaskProgressed,
    TaskQueued,
    TaskRetried,
    TaskStarted,
    task_title,
)

from functions.tasks.models.domain import Task


def _common(task: Task) -> dict[str, object]:
    return {"task_id": task.task_id, "user_id": task.user_id, "task_type": task.type, "attempt": task.attempt,
            "title": task_title(task.params), "status": task.status, "occurred_at": task.updated_at,
            "steps": [task.steps[progress] for progress in sorted(task.steps)]}


def events_for(old: Task | None, new: Task | None) -> list[TaskEvent]:
    if new is None or old is None:  # an insert is pending (nothing yet); a removal is a discarded pending task
        return []
    common = _common(new)
    if old.status == "pending" and new.status == "queued":
        return [TaskCreated(**common, params=new.params), TaskQueued(**common, params=new.params)]
    if old.status in {"failed", "cancelled"} and new.status == "queued":
        return [TaskRetried(**common, previous_status=old.status), TaskQueued(**common, params=new.params)]
    if new.status == "running" and (old.status != "running" or old.lease_id != new.lease_id):
        return [TaskStarted(**common, worker_id=new.worker_id or "", lease_expires_at=new.lease_expires_at or
                            new.updated_at)]
    if new.status == "running" and (old.progress, old.stage) != (new.progress, new.stage):
        return [TaskProgressed(**common, progress=new.progress, stage=new.stage)]
    if old.status == new.status:
        return []
    refunded = new.quota in {"refund_due", "refunded"}
    if new.status == "succeeded" and new.result is not None:
        return [TaskCompleted(**common, result=new.result)]
    if new.status == "failed":
        error = new.error or TaskError(code="failed", message="The task failed")
        return [TaskFailed(**common, error=error, quota_refunded=refunded,
                           retryable=new.attempt < new.max_attempts)]
    if new.status == "cancelled":
        return [TaskCancelled(**common, previous_status=old.status, quota_refunded=refunded)]
    return []
