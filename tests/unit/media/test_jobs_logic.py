"""Media batch jobs against moto DynamoDB: the create limits, the item claim/finish state machine, counting
once under redelivery, completion from the stream's rule, and the DLQ's give-up."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from design_agent import errors
from design_agent.contracts.media import MediaJobCompleted
from design_agent.contracts.storage import StoreFileRequest
from design_agent.settings import Settings
from design_agent.spec import function_name

from functions.media.dal.jobs import JobsRepository
from functions.media.deps import MediaDeps
from functions.media.logic import jobs
from functions.media.logic.outbox import Complete, Enqueue, item_actions, job_actions
from functions.media.models.api import CreateBatchJobRequest, ItemError
from functions.media.service import ITEMS_QUEUE, JOBS_TABLE
from functions.storage.deps import StorageDeps
from functions.storage.logic import files as storage_files
from functions.storage.models.domain import FileRecord
from functions.users.deps import UsersDeps
from functions.users.logic.accounts import register
from functions.users.models.api import RegisterRequest
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.clock import FixedClock
from tests.unit.media.support import flat, png

USER = "usr_01JD8Y3Q7Z0000000000000000"
OTHER = "usr_01JD8Y3Q7Z0000000000000001"




@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def deps(sandbox: AwsSandbox, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> MediaDeps:
    monkeypatch.setenv("MEDIA_MAX_BATCH_ITEMS", "4")
    monkeypatch.setenv("MEDIA_MAX_OPERATIONS", "2")
    settings = Settings.from_env()
    base = MediaDeps.from_env(sandbox.clients)
    _stored_images(USER, [batch_file(i) for i in range(5)], sandbox)
    return MediaDeps(settings=settings, storage=base.storage, clients=sandbox.clients, clock=clock,
                     jobs=JobsRepository(settings.table(JOBS_TABLE), sandbox.clients))


def batch_file(i: int) -> str:
    return f"fil_{i:026d}"


def _stored_images(user_id: str, file_ids: list[str], sandbox: AwsSandbox) -> None:
    """Stored image records of ``user_id`` (a job may name only the caller's images; the bytes are not read)."""
    files = StorageDeps.from_env(sandbox.clients).files
    now = datetime.now(UTC)
    for file_id in file_ids:
        record = FileRecord(file_id=file_id, user_id=user_id, kind="image", filename=f"{file_id}.png",
                            content_type="image/png", key=f"incoming/{user_id}/{file_id}/a.png", max_bytes=100,
                            status="pending", created_at=now, upload_deadline=now + timedelta(minutes=5))
        files.put_pending(record)
        files.mark_stored(record, key=f"files/{user_id}/{file_id}/a.png", size=10, content_type="image/png", now=now)


STORED = {"file_id": "fil_01JD8Y3Q7Z0000000000000009", "user_id": USER, "kind": "image", "filename": "a-batch.png",
          "content_type": "image/png", "size": 123, "status": "stored", "created_at": "2026-11-27T04:00:00Z"}


def batch(n: int, operations: int = 1) -> CreateBatchJobRequest:
    steps = [{"op": "resize", "width": 64}] * operations
    return CreateBatchJobRequest.model_validate(
        {"items": [{"file_id": batch_file(i), "operations": steps} for i in range(n)]})


def test_a_job_is_written_whole_and_starts_queued(deps: MediaDeps) -> None:
    out = jobs.create(USER, batch(3), deps)
    assert (out.status, out.total, out.succeeded, out.failed) == ("queued", 3, 0, 0)
    assert [i.status for i in out.items] == ["queued"] * 3
    assert [i.operations for i in out.items] == [["resize"]] * 3
    assert jobs.get(USER, out.job_id, deps).items[2].file_id == "fil_" + "2".zfill(26)


def test_limits_are_refused_with_the_limit_named(deps: MediaDeps) -> None:
    with pytest.raises(errors.Unprocessable) as too_many:
        jobs.create(USER, batch(5), deps)
    assert too_many.value.extra["max_items"] == 4
    with pytest.raises(errors.Unprocessable) as steps:
        jobs.create(USER, batch(1, operations=3), deps)
    assert steps.value.extra["max_operations"] == 2


def test_another_users_job_is_not_found(deps: MediaDeps) -> None:
    out = jobs.create(USER, batch(1), deps)
    with pytest.raises(errors.NotFound):
        jobs.get(OTHER, out.job_id, deps)
    with pytest.raises(errors.NotFound):
        jobs.get(USER, "mjb_01JD8Y3Q7Z0000000000000000", deps)


def test_an_item_is_claimed_once_until_its_lease_runs_out(deps: MediaDeps, clock: FixedClock) -> None:
    job_id = jobs.create(USER, batch(1), deps).job_id
    first = deps.jobs.claim(job_id, 0, clock.now, lease_s=60)
    assert first is not None
    assert (first.status, first.attempts) == ("running", 1)
    assert deps.jobs.claim(job_id, 0, clock.now + timedelta(seconds=59), lease_s=60) is None  # a duplicate
    again = deps.jobs.claim(job_id, 0, clock.now + timedelta(seconds=61), lease_s=60)  # its worker died
    assert again is not None
    assert again.attempts == 2


def test_a_redelivered_finish_counts_once_and_the_job_completes_once(deps: MediaDeps, clock: FixedClock) -> None:
    job_id = jobs.create(USER, batch(2), deps).job_id
    for index in (0, 1):
        assert deps.jobs.claim(job_id, index, clock.now, lease_s=60) is not None
    assert deps.jobs.finish(job_id, 0, clock.now, result=STORED) is True
    assert deps.jobs.finish(job_id, 0, clock.now, result=STORED) is False
    assert deps.jobs.complete(job_id, clock.now) is False  # one item remains
    assert deps.jobs.finish(job_id, 1, clock.now, error=ItemError(code="corrupt-image", message="bad")) is True
    assert deps.jobs.finish(job_id, 1, clock.now, error=ItemError(code="x", message="again")) is False
    assert deps.jobs.complete(job_id, clock.now) is True
    assert deps.jobs.complete(job_id, clock.now) is False
    out = jobs.get(USER, job_id, deps)
    assert (out.status, out.succeeded, out.failed) == ("completed", 1, 1)
    assert out.items[1].error == ItemError(code="corrupt-image", message="bad")
    assert out.items[0].result is not None
    assert out.items[0].result.file_id == STORED["file_id"]


def test_the_dlq_fails_a_stuck_item_so_the_job_can_end(deps: MediaDeps, clock: FixedClock) -> None:
    job_id = jobs.create(USER, batch(1), deps).job_id
    deps.jobs.claim(job_id, 0, clock.now, lease_s=60)
    assert jobs.give_up(job_id, 0, deps) is True
    assert jobs.give_up(job_id, 0, deps) is False  # a redelivered DLQ message
    item = jobs.get(USER, job_id, deps).items[0]
    assert item.status == "failed"
    assert item.error is not None
    assert item.error.code == "processing-failed"
    assert str(ITEMS_QUEUE.max_receive_count) in item.error.message


def test_the_outbox_rules(deps: MediaDeps, clock: FixedClock) -> None:
    job_id = jobs.create(USER, batch(1), deps).job_id
    found = deps.jobs.get_with_items(job_id)
    assert found is not None
    job, items = found
    assert item_actions(None, items[0]) == [Enqueue(job_id, 0)]
    assert item_actions(items[0], items[0]) == []  # an item's own updates queue nothing
    assert job_actions(None, job) == []
    finished = job.model_copy(update={"remaining": 0, "succeeded": 1})
    assert job_actions(job, finished) == [Complete(job_id)]
    done = finished.model_copy(update={"status": "completed", "completed_at": clock.now})
    [event] = job_actions(finished, done)
    assert isinstance(event, MediaJobCompleted)
    assert (event.total, event.succeeded, event.failed, event.user_id) == (1, 1, 0, USER)
    assert job_actions(done, done) == []  # published once


def test_dynamodb_requests_per_step_of_a_job(deps: MediaDeps, clock: FixedClock) -> None:
    calls: list[str] = []
    deps.clients.dynamodb().meta.events.register("before-call.dynamodb", lambda model, **_: calls.append(model.name))

    job_id = jobs.create(USER, batch(3), deps).job_id
    # Storage's one lookup of every image the job names (its ResolveFiles runs in this process here), then the job
    # and its three items at once
    assert calls == ["BatchGetItem", "TransactWriteItems"]
    calls.clear()
    deps.jobs.claim(job_id, 0, clock.now, lease_s=60)
    assert calls == ["UpdateItem"]  # a conditional update, no read
    calls.clear()
    deps.jobs.finish(job_id, 0, clock.now, result=STORED)
    assert calls == ["TransactWriteItems"]  # the item and its job's counters
    calls.clear()
    deps.jobs.complete(job_id, clock.now)
    assert calls == ["UpdateItem"]
    calls.clear()
    jobs.get(USER, job_id, deps)
    assert calls == ["Query", "BatchGetItem"]  # the job and all its items in one query; their results' files


def test_results_get_fresh_download_urls_from_one_storage_call(deps: MediaDeps, clock: FixedClock,
                                                               sandbox: AwsSandbox) -> None:
    owner = register(RegisterRequest(email="media-owner@example.com", username="mediaowner", password="12345678"),
                     UsersDeps.from_env()).id
    stored = [deps.storage.store_file(StoreFileRequest(
        user_id=owner, kind="image", filename=f"r{i}.png", content_type="image/png",
        data_base64=base64.b64encode(png(flat((4, 4), (i, 0, 0)))).decode())) for i in range(3)]
    fourth = "fil_" + "9" * 26
    _stored_images(owner, [fourth], sandbox)  # the fourth item's image (the job never runs it)
    items = [{"file_id": f, "operations": [{"op": "resize", "width": 64}]} for f in [*(s.file_id for s in stored),
                                                                                   fourth]]
    job_id = jobs.create(owner, CreateBatchJobRequest.model_validate({"items": items}), deps).job_id
    for index, info in enumerate(stored):
        deps.jobs.claim(job_id, index, clock.now, lease_s=60)
        deps.jobs.finish(job_id, index, clock.now, result=info.model_dump(mode="json", exclude={"url",
                                                                                                "url_expires_at"}))
    storage_files.delete(owner, stored[2].file_id, StorageDeps.from_env(sandbox.clients))  # deleted since
    invoked = sandbox.clients.lambdas.invoked
    invoked.clear()

    out = jobs.get(owner, job_id, deps)

    assert invoked == [function_name(STAGE, "storage", "ResolveFiles")]  # one call for the whole job
    first, second, gone, queued = out.items
    for item, info in ((first, stored[0]), (second, stored[1])):
        assert item.result is not None
        assert item.result.file_id == info.file_id
        assert item.result.url
        assert item.result.url_expires_at is not None
    assert gone.result is not None
    assert (gone.result.file_id, gone.result.url) == (stored[2].file_id, None)
    assert queued.result is None


def test_a_job_is_answered_without_urls_when_storage_fails(deps: MediaDeps, clock: FixedClock,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    job_id = jobs.create(USER, batch(1), deps).job_id
    deps.jobs.claim(job_id, 0, clock.now, lease_s=60)
    deps.jobs.finish(job_id, 0, clock.now, result=STORED)

    def down(*_: object) -> None:
        raise errors.UpstreamError("storage.ResolveFiles failed")

    monkeypatch.setattr(deps.storage, "resolve_files", down)
    out = jobs.get(USER, job_id, deps)
    assert out.items[0].result is not None
    assert (out.items[0].result.file_id, out.items[0].result.url) == (STORED["file_id"], None)
