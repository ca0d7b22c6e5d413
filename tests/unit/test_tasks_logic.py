"""Task logic against moto DynamoDB, with the real User service answering quota calls in-process."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from design_agent import errors
from design_agent.contracts.designs import task_poster_id
from design_agent.contracts.tasks import TaskError, TaskResult
from design_agent.contracts.users import QuotaQuery, UsersClient
from design_agent.ids import new_id
from design_agent.settings import Settings

from functions.tasks.dal.tasks import TasksRepository
from functions.tasks.deps import TasksDeps
from functions.tasks.logic import lifecycle, work
from functions.tasks.logic.idempotency import create_once
from functions.tasks.logic.outbox import events_for
from functions.tasks.logic.sweep import sweep
from functions.tasks.models.api import CompleteRequest, CreateTaskRequest, FailRequest, ProgressRequest
from functions.tasks.models.domain import Task
from functions.tasks.service import TASKS_TABLE
from functions.users.deps import UsersDeps
from functions.users.logic.accounts import register
from functions.users.models.api import RegisterRequest
from tests.unit.aws import STAGE, AwsSandbox, answer_lost

WORKER = "cli_worker1"
QUOTA = 3


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)  # every read of the clock is a distinct instant
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def deps(sandbox: AwsSandbox, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> TasksDeps:
    monkeypatch.setenv("QUOTA_TASKS_USER", str(QUOTA))
    monkeypatch.setenv("TASK_MAX_ATTEMPTS", "2")
    settings = Settings.from_env()
    base = TasksDeps.from_env(sandbox.clients)
    return TasksDeps(settings=settings, tasks=TasksRepository(settings.table(TASKS_TABLE), sandbox.clients),
                     users=UsersClient(STAGE, sandbox.clients), storage=base.storage, designs=base.designs,
                     clients=sandbox.clients, clock=clock)


def new_user() -> str:
    name = f"u{random.randrange(10**9)}"
    return register(RegisterRequest(email=f"{name}@example.com", username=name, password="12345678"),
                    UsersDeps.from_env()).id


@pytest.fixture
def user(deps: TasksDeps) -> str:
    return new_user()


def request(prompt: str = "Autumn jazz night") -> CreateTaskRequest:
    return CreateTaskRequest.model_validate({"type": "poster.generate", "params": {"prompt": prompt}})


def used(deps: TasksDeps, user_id: str) -> int:
    return deps.users.read_quota(QuotaQuery(user_id=user_id, resource="tasks")).used


def result(task_id: str = "", attempt: int = 1) -> TaskResult:
    """A result as a worker reports it: the poster made for this attempt (any id without a task)."""
    return TaskResult(poster_id=task_poster_id(task_id, attempt) if task_id else new_id("poster"))


def test_create_reserves_quota_and_queues(deps: TasksDeps, user: str) -> None:
    task = lifecycle.create(user, request(), deps)
    assert (task.status, task.attempt, task.quota) == ("queued", 1, "reserved")
    assert used(deps, user) == 1


def test_quota_refusal_leaves_no_task(deps: TasksDeps, user: str) -> None:
    for _ in range(QUOTA):
        lifecycle.create(user, request(), deps)
    with pytest.raises(errors.QuotaExceeded):
        lifecycle.create(user, request(), deps)
    tasks, _ = deps.tasks.list_for_user(user, status=None, task_type=None, created_after=None,
                                        created_before=None, limit=50, start=None)
    assert len(tasks) == QUOTA
    assert {t.status for t in tasks} == {"queued"}


def test_idempotency_key_replays_without_charging_again(deps: TasksDeps, user: str) -> None:
    first, replayed_first = create_once(user, "key-1", request(), deps)
    again, replayed_again = create_once(user, "key-1", request(), deps)
    assert (again.task_id, replayed_first, replayed_again) == (first.task_id, False, True)
    assert used(deps, user) == 1
    with pytest.raises(errors.Unprocessable):
        create_once(user, "key-1", request("something else"), deps)
    other, _ = create_once(new_user(), "key-1", request(), deps)  # keys are per user
    assert other.task_id != first.task_id
    with pytest.raises(errors.BadRequest):
        create_once(user, "bad key with spaces", request(), deps)


def test_worker_flow_claim_progress_complete(deps: TasksDeps, user: str) -> None:
    task = lifecycle.create(user, request(), deps)
    claim = work.claim(task.task_id, WORKER, deps)
    assert claim.task.status == "running"
    with pytest.raises(errors.Conflict):  # a duplicate delivery: someone holds it
        work.claim(task.task_id, "cli_other", deps)
    work.progress(task.task_id, WORKER, ProgressRequest(lease_id=claim.lease_id, progress=40, stage="drawing"),
                  deps)
    with pytest.raises(errors.Conflict) as backwards:
        work.progress(task.task_id, WORKER, ProgressRequest(lease_id=claim.lease_id, progress=10), deps)
    assert backwards.value.extra["current_status"] == "running"
    with pytest.raises(errors.Conflict):  # not the lease holder
        work.progress(task.task_id, "cli_other", ProgressRequest(lease_id=claim.lease_id, progress=50), deps)
    done = CompleteRequest(lease_id=claim.lease_id, result=result(task.task_id))
    finished = work.complete(task.task_id, WORKER, done, deps)
    assert (finished.status, finished.progress, finished.quota) == ("succeeded", 100, "kept")
    assert work.complete(task.task_id, WORKER, done, deps).status == "succeeded"  # a retried request
    with pytest.raises(errors.Conflict):
        work.complete(task.task_id, WORKER, CompleteRequest(lease_id=claim.lease_id, result=result()), deps)
    assert used(deps, user) == 1


def test_a_transition_whose_answer_was_lost_is_recognised_as_done_when_the_sdk_retries(deps: TasksDeps,
                                                                                         user: str) -> None:
    """A chaos run found it: a claim applied, its answer lost, the SDK's retry refused by its own condition (the
    task already running) — the worker was told 409, and the task stayed running with no one working on it."""
    task = lifecycle.create(user, request(), deps)
    with answer_lost("UpdateItem") as lost:
        claim = work.claim(task.task_id, WORKER, deps)
    assert lost == ["UpdateItem"]
    stored = deps.tasks.get(task.task_id)
    assert stored is not None
    assert (claim.task.status, claim.lease_id) == ("running", stored.lease_id)
    assert stored.deliveries == 1  # applied once
    with pytest.raises(errors.Conflict):  # another worker is still refused
        work.claim(task.task_id, "cli_other", deps)
    other = lifecycle.create(user, request(), deps)
    with answer_lost("UpdateItem"):
        assert lifecycle.cancel(user, other.task_id, deps).status == "cancelled"


def test_expired_lease_is_reclaimed_and_the_old_worker_is_refused(deps: TasksDeps, user: str,
                                                                  clock: Clock) -> None:
    task = lifecycle.create(user, request(), deps)
    first = work.claim(task.task_id, WORKER, deps)
    clock.now += timedelta(seconds=deps.settings.task_lease_s + 1)
    second = work.claim(task.task_id, WORKER, deps)  # same client, another process: a new lease
    assert second.lease_id != first.lease_id
    assert deps.tasks.get(task.task_id).deliveries == 2  # type: ignore[union-attr]
    with pytest.raises(errors.Conflict):
        work.progress(task.task_id, WORKER, ProgressRequest(lease_id=first.lease_id, progress=10), deps)
    work.progress(task.task_id, WORKER, ProgressRequest(lease_id=second.lease_id, progress=10), deps)


def test_the_task_keeps_the_steps_of_its_attempt_and_its_events_carry_them(deps: TasksDeps, user: str,
                                                                           clock: Clock) -> None:
    """Each step clients were shown is kept (by progress, one per value), a worker that takes over keeps them, a
    retry starts afresh; every event carries them in order, so a consumer that gets an update before an earlier
    one can deliver the earlier one first."""
    task = lifecycle.create(user, request(), deps)
    first = work.claim(task.task_id, WORKER, deps)

    def report(lease_id: str, progress: int, stage: str) -> Task:
        before = deps.tasks.get(task.task_id)
        work.progress(task.task_id, WORKER, ProgressRequest(lease_id=lease_id, progress=progress, stage=stage), deps)
        after = deps.tasks.get(task.task_id)
        assert before is not None
        assert after is not None
        assert [e.steps for e in events_for(before, after)] in ([], [sorted(after.steps.values(),
                                                                             key=lambda s: s.progress)])
        return after

    report(first.lease_id, 5, "started")
    report(first.lease_id, 25, "fetching")
    stored = report(first.lease_id, 25, "fetched 1 image")  # same progress, new stage: that step's stage
    assert [(s.progress, s.stage) for s in stored.steps.values()] == [(5, "started"), (25, "fetched 1 image")]
    clock.now += timedelta(seconds=deps.settings.task_lease_s + 1)
    second = work.claim(task.task_id, WORKER, deps)  # the first worker died; the next one starts from 0
    stored = report(second.lease_id, 10, "again")  # below what clients were shown: not a step
    assert sorted(stored.steps) == [5, 25]
    stored = report(second.lease_id, 45, "layout")
    assert sorted(stored.steps) == [5, 25, 45]
    failed = work.fail(task.task_id, WORKER, FailRequest(lease_id=second.lease_id, error=TaskError(
        code="render-error", message="out of paint")), deps)
    assert [s.progress for s in events_for(stored, failed)[0].steps] == [5, 25, 45]
    retried = lifecycle.retry(user, task.task_id, deps)
    assert retried.steps == {}
    claim = work.claim(task.task_id, WORKER, deps)
    assert [s.progress for s in report(claim.lease_id, 30, "afresh").steps.values()] == [30]

    # a task claimed before tasks kept their steps (an upgraded stage): its next step starts the map
    deps.tasks._db.update_item(TableName=deps.tasks._table, Key={"pk": {"S": f"TASK#{task.task_id}"},
                                                                             "sk": {"S": "META"}},
                                      UpdateExpression="REMOVE steps")
    assert [s.progress for s in report(claim.lease_id, 50, "upgraded").steps.values()] == [50]


def test_cancel_queued_refunds_and_cancel_running_stops_the_worker(deps: TasksDeps, user: str) -> None:
    queued = lifecycle.create(user, request(), deps)
    cancelled = lifecycle.cancel(user, queued.task_id, deps)
    assert (cancelled.status, cancelled.quota) == ("cancelled", "refunded")
    assert used(deps, user) == 0
    with pytest.raises(errors.Conflict):  # a cancelled task cannot be claimed
        work.claim(queued.task_id, WORKER, deps)

    running = lifecycle.create(user, request(), deps)
    claim = work.claim(running.task_id, WORKER, deps)
    assert lifecycle.cancel(user, running.task_id, deps).quota == "kept"
    with pytest.raises(errors.Conflict) as stop:
        work.progress(running.task_id, WORKER, ProgressRequest(lease_id=claim.lease_id, progress=50), deps)
    assert stop.value.extra["current_status"] == "cancelled"
    with pytest.raises(errors.Conflict):
        lifecycle.cancel(user, running.task_id, deps)
    assert used(deps, user) == 1


def test_another_users_task_is_not_found(deps: TasksDeps, user: str) -> None:
    task = lifecycle.create(user, request(), deps)
    stranger = new_user()
    for action in (lifecycle.cancel, lifecycle.retry):
        with pytest.raises(errors.NotFound):
            action(stranger, task.task_id, deps)
    with pytest.raises(errors.NotFound):
        work.claim(new_id("task"), WORKER, deps)


def test_fail_refunds_and_retry_charges_a_new_attempt_up_to_the_maximum(deps: TasksDeps, user: str) -> None:
    task = lifecycle.create(user, request(), deps)
    claim = work.claim(task.task_id, WORKER, deps)
    failed = work.fail(task.task_id, WORKER, FailRequest(lease_id=claim.lease_id, error=TaskError(
        code="render-error", message="out of paint")), deps)
    assert (failed.status, failed.quota, failed.error.code) == ("failed", "refunded", "render-error")  # type: ignore[union-attr]
    assert used(deps, user) == 0
    retried = lifecycle.retry(user, task.task_id, deps)
    assert (retried.status, retried.attempt, retried.progress, retried.error) == ("queued", 2, 0, None)
    assert used(deps, user) == 1
    claim = work.claim(task.task_id, WORKER, deps)
    work.fail(task.task_id, WORKER, FailRequest(lease_id=claim.lease_id, error=TaskError(
        code="render-error", message="again")), deps)
    with pytest.raises(errors.Conflict):  # TASK_MAX_ATTEMPTS=2
        lifecycle.retry(user, task.task_id, deps)
    assert used(deps, user) == 0
    with pytest.raises(errors.Conflict):
        lifecycle.retry(user, lifecycle.create(user, request(), deps).task_id, deps)  # queued: not retryable


def test_sweep_fails_silent_and_unfinished_tasks_with_refunds(deps: TasksDeps, user: str, clock: Clock) -> None:
    silent = lifecycle.create(user, request(), deps)
    work.claim(silent.task_id, WORKER, deps)
    alive = lifecycle.create(user, request(), deps)
    now = clock()
    unfinished = Task(task_id=new_id("task"), user_id=user, type="poster.generate", params=request().params,
                      status="pending", attempt=1, max_attempts=2, created_at=now, updated_at=now)
    deps.tasks.put_new(unfinished, now + timedelta(seconds=deps.settings.task_pending_timeout_s))
    assert sweep(deps) == {}  # nothing is due yet
    clock.now += timedelta(seconds=deps.settings.task_heartbeat_timeout_s + 1)
    assert sweep(deps) == {"pending_failed": 1, "running_failed": 1}
    after = deps.tasks.get(silent.task_id)
    assert after is not None
    assert (after.status, after.error.code, after.quota) == ("failed", "heartbeat-timeout", "refunded")  # type: ignore[union-attr]
    assert deps.tasks.get(unfinished.task_id).error.code == "create-unfinished"  # type: ignore[union-attr]
    assert deps.tasks.get(alive.task_id).status == "queued"  # type: ignore[union-attr]
    assert used(deps, user) == 1  # only the queued task still holds a unit
    assert sweep(deps) == {}


def test_undelivered_dispatch_fails_the_attempt_once(deps: TasksDeps, user: str) -> None:
    task = lifecycle.create(user, request(), deps)
    ended = work.end_undelivered(task.task_id, 1, "no worker", deps)
    assert ended is not None
    assert (ended.status, ended.error.code, ended.quota) == ("failed", "dispatch-failed", "refunded")  # type: ignore[union-attr]
    assert work.end_undelivered(task.task_id, 1, "no worker", deps) is None  # a duplicate DLQ delivery
    assert used(deps, user) == 0


def test_list_filters_and_pages_newest_first(deps: TasksDeps, user: str, clock: Clock) -> None:
    ids = [lifecycle.create(user, request(f"p{n}"), deps).task_id for n in range(3)]
    lifecycle.cancel(user, ids[1], deps)

    def page(**kw: object) -> tuple[list[str], str | None]:
        args: dict[str, object] = {"status": None, "task_type": None, "created_after": None,
                                   "created_before": None, "limit": 2, "start": None, **kw}
        tasks, last = deps.tasks.list_for_user(user, **args)  # type: ignore[arg-type]
        return [t.task_id for t in tasks], last

    first, last = page()
    assert first == [ids[2], ids[1]]
    rest, end = page(start=last)
    assert (rest, end) == ([ids[0]], None)
    assert page(status="cancelled")[0] == [ids[1]]
    assert page(status="queued", limit=5)[0] == [ids[2], ids[0]]
    assert page(task_type="poster.generate", limit=1)[0] == [ids[2]]
    assert page(created_before=clock.now - timedelta(days=1))[0] == []


def test_outbox_maps_changes_to_events(deps: TasksDeps, user: str) -> None:
    now = datetime.now(UTC)
    base = Task(task_id=new_id("task"), user_id=user, type="poster.generate", params=request().params,
                status="pending", attempt=1, max_attempts=3, created_at=now, updated_at=now)

    def names(old: Task | None, new: Task | None) -> list[str]:
        return [e.event_type for e in events_for(old, new)]

    queued = base.model_copy(update={"status": "queued", "quota": "reserved"})
    running = queued.model_copy(update={"status": "running", "lease_id": "l1", "worker_id": WORKER,
                                        "lease_expires_at": now})
    assert names(None, base) == []
    assert names(base, queued) == ["TaskCreated", "TaskQueued"]
    assert names(queued, running) == ["TaskStarted"]
    assert names(running, running.model_copy(update={"lease_id": "l2"})) == ["TaskStarted"]
    assert names(running, running.model_copy(update={"progress": 30})) == ["TaskProgressed"]
    assert names(running, running.model_copy(update={"heartbeat_at": now})) == []
    assert names(running, running.model_copy(update={"status": "succeeded", "result": result()})) == [
        "TaskCompleted"]
    failed = running.model_copy(update={"status": "failed", "quota": "refund_due"})
    assert names(running, failed) == ["TaskFailed"]
    assert events_for(running, failed)[0].quota_refunded is True  # type: ignore[attr-defined]
    assert names(failed, failed.model_copy(update={"quota": "refunded"})) == []  # bookkeeping
    assert names(failed, queued.model_copy(update={"attempt": 2})) == ["TaskRetried", "TaskQueued"]
    assert names(queued, queued.model_copy(update={"status": "cancelled"})) == ["TaskCancelled"]


def test_a_finished_tasks_preview_url_is_made_at_each_read(deps: TasksDeps, user: str, sandbox: AwsSandbox) -> None:
    import base64
    import io

    from design_agent.contracts.storage import StoreFileRequest
    from PIL import Image

    from functions.tasks.logic.state import with_fresh_previews

    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    stored = deps.storage.store_file(StoreFileRequest(user_id=user, kind="preview", filename="preview.png",
                                                      content_type="image/png",
                                                      data_base64=base64.b64encode(png.getvalue()).decode()))
    stale = "https://bucket.s3.us-east-1.amazonaws.com/p.png?X-Amz-Expires=900&X-Amz-Signature=old"
    queued = lifecycle.create(user, request(), deps)
    finished = queued.model_copy(update={"result": TaskResult(poster_id=new_id("poster"), preview_url=stale,
                                                              preview_file_id=stored.file_id)})
    gone = queued.model_copy(update={"result": TaskResult(poster_id=new_id("poster"), preview_url=stale,
                                                          preview_file_id=new_id("file"))})
    before = len(sandbox.clients.lambdas.invoked)
    fresh, untouched, missing = with_fresh_previews([finished, queued, gone], user, deps)
    assert sandbox.clients.lambdas.invoked[before:] == [f"design-agent-{STAGE}-storage-resolve-files"]  # one call
    assert fresh.result is not None
    assert fresh.result.preview_url not in (None, stale)
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in fresh.result.preview_url
    assert untouched is queued
    assert missing.result is not None
    assert missing.result.preview_url is None
