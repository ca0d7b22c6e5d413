"""The state machine: every status change is one conditional write on the transition's "from" side.

An illegal transition (or one that lost a race) is 409 with the task's current state; a task that is not the
caller's is 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from design_agent import errors
from design_agent.clock import iso
from design_agent.contracts.tasks import TRANSITIONS
from design_agent.observability import correlation_id

from functions.tasks.dal.tasks import TransitionRefused, Update, not_found, status_fields, sweep_fields
from functions.tasks.deps import TasksDeps
from functions.tasks.models.api import TaskOut, TaskStatusOut
from functions.tasks.models.domain import Task


def conflict(task: Task, detail: str, reason: str | None = None) -> errors.Conflict:
    """409 with the task's state; ``reason`` tells a worker why (``not-running``, ``lease-lost``: stop)."""
    found = errors.Conflict(detail, current_status=task.status, progress=task.progress, attempt=task.attempt)
    if reason:
        found.extra["reason"] = reason
    return found


def check_allowed(sources: Iterable[str], target: str) -> list[str]:
    """The "from" statuses, each checked against the state machine (a bug here must not reach the table)."""
    allowed = [s for s in sources if target in TRANSITIONS[s]]
    if not allowed:
        raise ValueError(f"no transition to {target} from {sorted(sources)}")
    return allowed


def transition(task: Task | str, target: str, sources: Iterable[str], now: datetime, deps: TasksDeps, *,
               fields: Mapping[str, Any] | None = None, sweep: tuple[str, datetime] | None = None,
               condition: str = "", condition_values: Mapping[str, Any] | None = None,
               owner: str | None = None) -> Task:
    """Move ``task`` to ``target`` if its status is one of ``sources`` (and ``condition`` holds).

    A write that keeps the status (running -> running) may name the task by id alone: it leaves the status
    index as it is, so it needs no read first."""
    allowed = check_allowed(sources, target)
    task_id = task if isinstance(task, str) else task.task_id
    placeholders = {f"from{i}": status for i, status in enumerate(allowed)}
    clause = f"#status IN ({', '.join(':' + p for p in placeholders)})"
    condition_all = " AND ".join(c for c in (clause, condition, "user_id = :owner" if owner else "") if c)
    # later entries win: the caller's fields (e.g. a refund due on the sweep index) over the default sweep entry
    if allowed == [target]:
        status: dict[str, Any] = {"updated_at": iso(now), "correlation_id": correlation_id()}
    elif isinstance(task, Task):
        status = status_fields(task, target, now)
    else:
        raise ValueError("a status change needs the task, not only its id")
    update = Update().set(**{**status, **sweep_fields(*(sweep or (None, None))), **(fields or {})})
    try:
        return deps.tasks.update(task_id, update, condition_all,
                                 {**placeholders, **(condition_values or {}), **({"owner": owner} if owner else {})},
                                 condition_names={"#status": "status"})
    except TransitionRefused as refused:
        current = refused.current
        if current is None or (owner and current.user_id != owner):
            raise not_found() from refused
        raise conflict(current, f"The task is {current.status}; it cannot become {target}") from refused


def owned(task_id: str, user_id: str, deps: TasksDeps) -> Task:
    task = deps.tasks.get(task_id)
    if task is None or task.user_id != user_id:
        raise not_found()
    return task


def with_fresh_previews(tasks: list[Task], user_id: str, deps: TasksDeps) -> list[Task]:
    """Each result's preview URL made at this read (one storage call for all): the URL a worker reported at
    completion expires within DOWNLOAD_URL_TTL_S. A preview deleted since, or Storage not answering: no URL."""
    previews = [t.result.preview_file_id for t in tasks if t.result is not None and t.result.preview_file_id]
    if not previews:
        return tasks
    fresh = deps.storage.fresh_files(user_id, previews, deps.settings.download_url_ttl_s) or {}
    out = []
    for task in tasks:
        if task.result is not None and task.result.preview_file_id:
            info = fresh.get(task.result.preview_file_id)
            task = task.model_copy(update={"result": task.result.model_copy(
                update={"preview_url": info.url if info else None})})
        out.append(task)
    return out


def view(task: Task) -> TaskOut:
    return TaskOut(task_id=task.task_id, type=task.type, status=task.status, params=task.params,
                   progress=task.progress, stage=task.stage, attempt=task.attempt, max_attempts=task.max_attempts,
                   result=task.result, error=task.error, quota_refunded=task.quota in {"refund_due", "refunded"},
                   created_at=task.created_at, updated_at=task.updated_at, started_at=task.started_at,
                   finished_at=task.finished_at)


def status_view(task: Task) -> TaskStatusOut:
    return TaskStatusOut(task_id=task.task_id, status=task.status, progress=task.progress, stage=task.stage,
                         attempt=task.attempt, result=task.result, error=task.error, updated_at=task.updated_at)
