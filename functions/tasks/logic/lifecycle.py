"""The user's side of a task: create (a saga with compensation), cancel, retry.

Create, step by step — each step's failure is compensated, so quota is never charged for a task that does
not exist and a task never reaches a worker without its quota:

1. check the reference files are the user's (Storage);
2. write the task as ``pending`` (not yet visible to workers; the outbox publishes nothing for it);
3. charge one unit of task quota (User service, idempotency key ``<task_id>#1``) — refused: the pending
   record is removed and the caller gets 429;
4. move it to ``queued``: the stream turns that write into ``TaskCreated`` + ``TaskQueued``, and a rule routes
   ``TaskQueued`` to the dispatch queue. If this write fails, the unit is refunded and the task ends ``failed``.

A crash between 2 and 4 leaves a ``pending`` task on the sweep index; the sweep fails it and refunds the unit
(a refund of a charge that never happened changes nothing).
"""

from __future__ import annotations

from datetime import datetime

from design_agent import errors
from design_agent.clock import iso
from design_agent.contracts.designs import ResolveTemplateRequest
from design_agent.contracts.tasks import TaskError
from design_agent.ids import new_id
from design_agent.observability import logger

from functions.tasks.dal.tasks import after
from functions.tasks.deps import TasksDeps
from functions.tasks.logic.quota import charge, fail_refunded, refund_due, settle
from functions.tasks.logic.state import conflict, owned, transition
from functions.tasks.models.api import CreateTaskRequest
from functions.tasks.models.domain import Task


def _check_references(user_id: str, request: CreateTaskRequest, deps: TasksDeps) -> None:
    """The reference images must be the user's stored images (one batch lookup) and the template one they may
    use (theirs or public); another user's, a missing one and an unusable one all answer alike (422
    ``unknown-reference``), so nothing about other users' files or templates leaks."""
    params, unknown = request.params, []
    if params.reference_file_ids:
        unknown += deps.storage.owned(user_id, [(f"body.params.reference_file_ids.{n}", file_id)
                                                for n, file_id in enumerate(params.reference_file_ids)])[1]
    if params.template_id:
        try:
            deps.designs.resolve_template(ResolveTemplateRequest(user_id=user_id, template_id=params.template_id))
        except errors.NotFound:
            unknown.append({"path": "body.params.template_id", "message": f"no template {params.template_id} that "
                                                                           "you may use", "type": "not_found"})
    if unknown:
        raise errors.UnknownReference("The task refers to files or a template you may not use", errors=unknown)


def create(user_id: str, request: CreateTaskRequest, deps: TasksDeps) -> Task:
    _check_references(user_id, request, deps)
    now = deps.clock()
    task = Task(task_id=new_id("task"), user_id=user_id, type=request.type, params=request.params,
                status="pending", attempt=1, max_attempts=deps.settings.task_max_attempts, quota="reserving",
                created_at=now, updated_at=now)
    deps.tasks.put_new(task, after(now, deps.settings.task_pending_timeout_s))
    try:
        deps.users.consume_quota(charge(task))
    except errors.QuotaExceeded:
        deps.tasks.discard(task.task_id)
        raise
    except Exception:
        _abandon(task, "quota-unavailable", "The quota could not be reserved", deps)
        raise
    try:
        return transition(task, "queued", ["pending"], deps.clock(), deps, fields={"quota": "reserved"})
    except Exception:
        _abandon(task, "create-failed", "The task could not be queued", deps)
        raise


def _abandon(task: Task, code: str, message: str, deps: TasksDeps) -> None:
    """Compensation: the pending task ends failed and its unit (if it was charged) is refunded."""
    try:
        fail_refunded(task, ["pending"], TaskError(code=code, message=message), deps)
    except Exception:  # the pending record stays on the sweep index; the sweep finishes this
        logger("tasks").exception("compensation deferred to the sweep", extra={"task_id": task.task_id})


def cancel(user_id: str, task_id: str, deps: TasksDeps) -> Task:
    """Queued (or pending): cancelled and refunded. Running: cancelled, the unit kept (the worker's time was
    used); the worker learns it on its next progress call and stops."""
    task = owned(task_id, user_id, deps)
    now = deps.clock()
    if task.status == "running":
        return transition(task, "cancelled", ["running"], now, deps, owner=user_id,
                          fields={"quota": "kept", "finished_at": iso(now), "lease_id": None})
    cancelled = transition(task, "cancelled", ["pending", "queued"], now, deps, owner=user_id,
                           fields={"finished_at": iso(now), **refund_due(now)})
    return settle(cancelled, deps)


def retry(user_id: str, task_id: str, deps: TasksDeps) -> Task:
    """A failed or cancelled task gets a new attempt (charged like a new task), up to ``max_attempts``."""
    task = owned(task_id, user_id, deps)
    if task.status not in {"failed", "cancelled"}:
        raise conflict(task, f"Only a failed or cancelled task can be retried; this one is {task.status}")
    if task.attempt >= task.max_attempts:
        raise conflict(task, f"The task has used all {task.max_attempts} attempts")
    attempt = task.model_copy(update={"attempt": task.attempt + 1})
    deps.users.consume_quota(charge(attempt))
    now = deps.clock()
    try:
        return transition(task, "queued", ["failed", "cancelled"], now, deps, owner=user_id,
                          condition="attempt = :attempt", condition_values={"attempt": task.attempt},
                          fields=_fresh_attempt(attempt.attempt))
    except Exception:
        deps.users.refund_quota(charge(attempt))  # compensation: this attempt never started
        raise


def _fresh_attempt(attempt: int) -> dict[str, object]:
    return {"attempt": attempt, "quota": "reserved", "progress": 0, "stage": None, "steps": {}, "result": None,
            "error": None,
            "worker_id": None, "lease_id": None, "lease_expires_at": None, "lease_until": None, "heartbeat_at": None,
            "deliveries": 0,
            "started_at": None, "finished_at": None}


def list_filters_valid(created_after: datetime | None, created_before: datetime | None) -> None:
    if created_after and created_before and created_after > created_before:
        raise errors.Unprocessable("created_after must not be later than created_before")
