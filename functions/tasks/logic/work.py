"""The algorithm side of a task: claim, progress, outputs, the poster, complete, fail.

A claim gives the worker a lease (``lease_id``, renewed by each progress call). Every later call names the
lease and is conditioned on it, so a worker acts only for a task it holds: once its lease has run out and
another worker has claimed the task (the first one died), the first one's calls are refused with 409.
A queued task, or a running one whose lease has run out, can be claimed; anything else is 409 — which is how a
duplicate delivery of the same dispatch message ends in exactly one completion.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from botocore.exceptions import ClientError
from design_agent import errors
from design_agent.clock import iso
from design_agent.contracts.designs import ImportPosterRequest, task_poster_id
from design_agent.contracts.storage import ResolveFilesRequest, StoreFileRequest
from design_agent.contracts.tasks import ProgressStep, TaskError, TaskResult
from design_agent.dynamo import error_code
from design_agent.ids import derived_ulid, new_id

from functions.tasks.dal.tasks import SWEEP_RUNNING, IfAbsent, after, not_found
from functions.tasks.deps import TasksDeps
from functions.tasks.logic.quota import fail_refunded
from functions.tasks.logic.state import conflict, transition, view
from functions.tasks.models.api import (
    ClaimOut,
    CompleteRequest,
    FailRequest,
    ProgressOut,
    ProgressRequest,
    ReferenceFile,
    StoredOutput,
    StoreOutputRequest,
    TaskPosterOut,
    TaskPosterRequest,
)
from functions.tasks.models.domain import Task

HOLDER = "worker_id = :worker AND lease_id = :lease"
REFERENCE_URL_TTL_S = 900  # long enough for a worker to fetch its reference images after the claim
# progress belongs to a lease: a new holder starts again from 0 (items written before had no lease_progress)
LEASE_PROGRESS_AT_MOST = "(attribute_not_exists(lease_progress) OR lease_progress <= :progress)"


def _get(task_id: str, deps: TasksDeps) -> Task:
    task = deps.tasks.get(task_id)
    if task is None:
        raise not_found()
    return task


def held(task_id: str, worker_id: str, lease_id: str, deps: TasksDeps) -> Task:
    """The task, if ``worker_id`` holds it under ``lease_id`` and it is running; 409 otherwise."""
    return _holding(_get(task_id, deps), worker_id, lease_id)


def _holding(task: Task, worker_id: str, lease_id: str) -> Task:
    if task.status != "running":
        raise conflict(task, f"The task is {task.status}; stop working on it", reason="not-running")
    if task.worker_id != worker_id or task.lease_id != lease_id:
        raise conflict(task, "The lease is not yours (it ran out and the task was claimed again)",
                       reason="lease-lost")
    return task


def claim(task_id: str, worker_id: str, deps: TasksDeps) -> ClaimOut:
    task = _get(task_id, deps)
    now = deps.clock()
    lease_s = deps.settings.task_lease_s
    lease_id = new_id("session").replace("ses_", "lse_")
    claimed = transition(
        task, "running", ["queued", "running"], now, deps,
        condition="(#status = :queued OR lease_until < :now)", condition_values={"queued": "queued",
                                                                                 "now": _epoch_ms(now)},
        sweep=(SWEEP_RUNNING, after(now, deps.settings.task_heartbeat_timeout_s)),
        fields={"worker_id": worker_id, "lease_id": lease_id, "deliveries": task.deliveries + 1,
                "lease_progress": 0, "started_at": iso(task.started_at or now), **_heartbeat(now, deps),
                "steps": IfAbsent({})})  # the attempt's steps so far (a worker that takes over keeps them)
    references = _references(claimed.user_id, claimed.params.reference_file_ids, deps)
    assert claimed.lease_expires_at is not None
    return ClaimOut(task=view(claimed), user_id=claimed.user_id, lease_id=lease_id,
                    lease_expires_at=claimed.lease_expires_at,
                    lease_s=lease_s, references=references)


def _epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _heartbeat(now: datetime, deps: TasksDeps) -> dict[str, object]:
    """A claim or a progress call: the worker is alive now and holds the task for another lease period.
    ``lease_until`` (epoch ms) is what conditions compare; ``lease_expires_at`` is for people."""
    expires = after(now, deps.settings.task_lease_s)
    return {"heartbeat_at": iso(now), "lease_expires_at": iso(expires), "lease_until": _epoch_ms(expires)}


def _references(user_id: str, file_ids: list[str], deps: TasksDeps) -> list[ReferenceFile]:
    """The task's reference images with download URLs, in one lookup; one the user has deleted since the task was
    created comes without a URL (the worker goes on without it)."""
    if not file_ids:
        return []
    found = {f.file_id: f for f in deps.storage.resolve_files(ResolveFilesRequest(
        user_id=user_id, file_ids=file_ids, url_ttl_s=REFERENCE_URL_TTL_S)).files}
    return [ReferenceFile(file_id=file_id, content_type=info.content_type, size=info.size, url=info.url)
            if (info := found.get(file_id)) is not None else
            ReferenceFile(file_id=file_id, content_type="application/octet-stream") for file_id in file_ids]


def progress(task_id: str, worker_id: str, request: ProgressRequest, deps: TasksDeps) -> ProgressOut:
    """Progress belongs to the lease: each holder reports from 0 up and never back, and each call renews the
    lease. Clients are shown the highest progress of the attempt, so a worker that took over from a dead one
    (and starts again from 0) moves what they see only once it passes where the first one got. A cancelled
    task, or a lease that is no longer the caller's, answers 409 (stop)."""
    now = deps.clock()
    held_by_caller = {"worker": worker_id, "lease": request.lease_id, "progress": request.progress}
    sweep = (SWEEP_RUNNING, after(now, deps.settings.task_heartbeat_timeout_s))
    reported = {"lease_progress": request.progress, **_heartbeat(now, deps)}
    shown = {"progress": request.progress, "stage": request.stage, **reported}
    step = _step(request, now)
    forward = partial(transition, task_id, "running", ["running"], now, deps, condition_values=held_by_caller,
                      condition=f"{HOLDER} AND {LEASE_PROGRESS_AT_MOST} AND progress <= :progress", sweep=sweep)
    try:  # the common case in one conditioned write; the item is read only on refusal
        try:
            updated = forward(fields={**shown, f"steps.{request.progress}": step})
        except ClientError as exc:
            if error_code(exc) != "ValidationException":
                raise
            # claimed before tasks kept their steps (decision 79): no map to add to yet, so it starts with this one
            updated = forward(fields={**shown, "steps": {str(request.progress): step}})
    except errors.Conflict:
        current = held(task_id, worker_id, request.lease_id, deps)  # 409 with the reason when not held
        if current.lease_progress > request.progress:
            raise conflict(current, f"Progress cannot go back within one lease, from {current.lease_progress} "
                                    f"to {request.progress}", reason="progress-went-back") from None
        # a new holder below what clients were shown: the lease moves on, what they see stays
        updated = transition(task_id, "running", ["running"], now, deps,
                             condition=f"{HOLDER} AND {LEASE_PROGRESS_AT_MOST}", condition_values=held_by_caller,
                             sweep=sweep, fields=reported)
    return ProgressOut(task_id=task_id, status=updated.status, progress=updated.progress,
                       lease_progress=updated.lease_progress, lease_expires_at=updated.lease_expires_at)


def _step(request: ProgressRequest, now: datetime) -> dict[str, object]:
    """What the task's events carry of this step (see ``ProgressStep``)."""
    return ProgressStep(progress=request.progress, stage=request.stage, at=now).model_dump(mode="json",
                                                                                        exclude_none=True)


def store_output(task_id: str, worker_id: str, request: StoreOutputRequest, deps: TasksDeps) -> StoredOutput:
    """An image the worker produced, stored as the task owner's file (once per attempt and file name)."""
    task = held(task_id, worker_id, request.lease_id, deps)
    stored = deps.storage.store_file(StoreFileRequest(
        user_id=task.user_id, kind="preview", filename=request.filename, content_type=request.content_type,
        data_base64=request.data_base64, idempotency_key=derived_ulid(task.task_id, task.attempt, request.filename)))
    return StoredOutput(file_id=stored.file_id, url=stored.url, size=stored.size, content_type=stored.content_type)


def create_poster(task_id: str, worker_id: str, request: TaskPosterRequest, deps: TasksDeps) -> TaskPosterOut:
    """The document the worker drew becomes the owner's poster (Design service), once per attempt."""
    task = held(task_id, worker_id, request.lease_id, deps)
    imported = deps.designs.import_poster(ImportPosterRequest(
        **request.content(), owner_id=task.user_id, task_id=task.task_id, attempt=task.attempt,
        preview_file_id=request.preview_file_id, template_id=task.params.template_id))
    return TaskPosterOut(poster_id=imported.poster_id, version=imported.version)


def complete(task_id: str, worker_id: str, request: CompleteRequest, deps: TasksDeps) -> Task:
    """Succeeded with a result. Repeating the same completion (a retried request) answers the same task."""
    task = _get(task_id, deps)
    if task.status == "succeeded" and task.lease_id == request.lease_id and task.result is not None and \
            _without_url(task.result) == _without_url(request.result):
        return task
    result = _checked_result(_holding(task, worker_id, request.lease_id), request.result, deps)
    now = deps.clock()
    return transition(task, "succeeded", ["running"], now, deps, condition=HOLDER,
                      condition_values={"worker": worker_id, "lease": request.lease_id},
                      fields={"result": result.model_dump(mode="json", exclude_none=True),
                              "progress": 100, "quota": "kept", "finished_at": iso(now)})


def _without_url(result: TaskResult) -> TaskResult:
    return result.model_copy(update={"preview_url": None})


def _checked_result(task: Task, result: TaskResult, deps: TasksDeps) -> TaskResult:
    """What a worker reports is held to the task: the poster is the one made for this attempt (``CreateTaskPoster``
    names it), the files are the task owner's stored files (one lookup), and the preview's URL is the platform's
    own — a worker cannot point a user (or the e-mail telling them) at another user's poster, files or any URL."""
    unknown = []
    if result.poster_id != task_poster_id(task.task_id, task.attempt):
        unknown.append({"path": "body.result.poster_id", "message": "not the poster of this task's attempt",
                        "type": "not_found"})
    named = [("body.result.preview_file_id", result.preview_file_id)] if result.preview_file_id else []
    named += [(f"body.result.output_file_ids.{n}", file_id) for n, file_id in enumerate(result.output_file_ids)]
    found, foreign = deps.storage.owned(task.user_id, named, url_ttl_s=deps.settings.download_url_ttl_s) \
        if named else ({}, [])
    unknown += foreign
    if unknown:
        raise errors.UnknownReference("The result refers to things that are not this task's", errors=unknown)
    preview = found.get(result.preview_file_id or "")
    return result.model_copy(update={"preview_url": preview.url if preview else None})


def fail(task_id: str, worker_id: str, request: FailRequest, deps: TasksDeps) -> Task:
    """Failed with the worker's error; the attempt's unit is refunded (see ``logic.quota``)."""
    return fail_refunded(_get(task_id, deps), ["running"], request.error, deps, condition=HOLDER,
                         condition_values={"worker": worker_id, "lease": request.lease_id})


def end_undelivered(task_id: str, attempt: int, reason: str, deps: TasksDeps) -> Task | None:
    """A dispatch message of this attempt went to the DLQ: the attempt fails and is refunded. A task that moved
    on meanwhile (finished, cancelled, retried) is left alone."""
    task = deps.tasks.get(task_id)
    if task is None or task.attempt != attempt or task.status not in {"queued", "running"}:
        return None
    try:
        return fail_refunded(task, ["queued", "running"], TaskError(code="dispatch-failed", message=reason), deps,
                             condition="attempt = :attempt", condition_values={"attempt": attempt})
    except errors.Conflict:
        return None
