"""Storage logic against moto S3 + DynamoDB, with the real User service answering quota calls in-process."""

from __future__ import annotations

import base64
import io
import random
from datetime import timedelta

import pytest
from design_agent import errors
from design_agent.contracts.users import QuotaQuery, UsersClient
from design_agent.settings import Settings
from PIL import Image

from functions.storage.dal.files import FilesRepository
from functions.storage.dal.objects import ObjectStore
from functions.storage.deps import StorageDeps
from functions.storage.logic import files
from functions.storage.logic.stats import storage_stats
from functions.storage.logic.sweep import sweep
from functions.storage.service import FILES_BUCKET, FILES_TABLE
from functions.users.deps import UsersDeps
from functions.users.logic.accounts import register
from functions.users.models.api import RegisterRequest
from tests.unit.aws import STAGE, AwsSandbox, answer_lost
from tests.unit.clock import FixedClock

QUOTA = 20_000




def png(size: int = 8, noise: int = 0) -> bytes:
    image = Image.new("RGB", (size, size), (10, 20, 30))
    if noise:
        rng = random.Random(noise)
        image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size * size)])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def deps(sandbox: AwsSandbox, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> StorageDeps:
    monkeypatch.setenv("QUOTA_STORAGE_USER", str(QUOTA))
    monkeypatch.setenv("STORAGE_MAX_FILE_BYTES", "15000")
    settings = Settings.from_env()
    return StorageDeps(settings=settings,
                       files=FilesRepository(settings.table(FILES_TABLE), sandbox.clients),
                       objects=ObjectStore(settings.bucket(FILES_BUCKET), sandbox.clients),
                       users=UsersClient(STAGE, sandbox.clients), clock=clock)


@pytest.fixture
def user_id(deps: StorageDeps) -> str:
    return new_user()


def new_user() -> str:
    name = f"u{random.randrange(10**9)}"
    return register(RegisterRequest(email=f"{name}@example.com", username=name, password="12345678"),
                    UsersDeps.from_env()).id


def used(deps: StorageDeps, user: str) -> int:
    return deps.users.read_quota(QuotaQuery(user_id=user, resource="storage")).used


def upload(deps: StorageDeps, user: str, data: bytes, content_type: str = "image/png", key: str | None = None
           ) -> tuple[str, files.FileRecord | None]:
    """What a browser does: get a token, then POST the object to the pinned key; then S3 notifies."""
    token = files.issue_upload_token(user, "image", "photo one.png", content_type, None, deps)
    target = key or token.fields["key"]
    deps.objects.put(target, data, content_type)
    return token.file_id, files.confirm(target, deps)


def test_token_pins_key_type_and_size_limit(deps: StorageDeps, user_id: str) -> None:
    token = files.issue_upload_token(user_id, "image", "a b.png", "image/png", 100, deps)
    assert token.fields["key"] == f"incoming/{user_id}/{token.file_id}/a_b.png"
    assert token.max_bytes == 15_000  # the per-file limit is below the remaining quota
    assert token.fields["Content-Type"] == "image/png"
    with pytest.raises(errors.UnsupportedContentType):
        files.issue_upload_token(user_id, "image", "x.exe", "application/x-msdownload", None, deps)
    with pytest.raises(errors.PayloadTooLarge):
        files.issue_upload_token(user_id, "image", "big.png", "image/png", 15_001, deps)
    assert deps.files.get(token.file_id).status == "pending"  # type: ignore[union-attr]


def test_upload_is_confirmed_and_charged_exactly(deps: StorageDeps, user_id: str) -> None:
    data = png()
    file_id, record = upload(deps, user_id, data)
    assert record is not None
    assert (record.status, record.size, record.key) == ("stored", len(data), f"files/{user_id}/{file_id}/photo_one.png")
    assert used(deps, user_id) == len(data)
    assert deps.objects.read(record.key) == data
    assert deps.objects.head(f"incoming/{user_id}/{file_id}/photo_one.png") is None
    stats = storage_stats(user_id, deps)
    assert (stats.files, stats.used_bytes, stats.by_kind["image"].bytes) == (1, len(data), len(data))


@pytest.mark.parametrize(("data", "reason"), [
    (b"GIF89a this is not what was declared", "content-type-mismatch"),
    (b"#!/bin/sh\nrm -rf /\n", "content-type-mismatch"),
    (b"", "empty"),
])
def test_wrong_content_is_rejected_deleted_and_not_charged(deps: StorageDeps, user_id: str, data: bytes,
                                                            reason: str) -> None:
    _file_id, record = upload(deps, user_id, data)
    assert record is not None
    assert record.status == "rejected"
    assert record.reason is not None
    assert record.reason.startswith(reason)
    assert deps.objects.head(record.key) is None
    assert used(deps, user_id) == 0


def test_declared_type_must_match_magic_bytes(deps: StorageDeps, user_id: str) -> None:
    _, record = upload(deps, user_id, jpeg(), content_type="image/png")
    assert record is not None
    assert record.status == "rejected"
    assert "image/jpeg" in (record.reason or "")


def test_oversize_object_is_rejected(deps: StorageDeps, user_id: str) -> None:
    big = png(size=200, noise=1)
    assert len(big) > 15_000
    _, record = upload(deps, user_id, big)
    assert record is not None
    assert (record.status, used(deps, user_id)) == ("rejected", 0)
    assert (record.reason or "").startswith("too-large")


def test_key_outside_the_callers_prefix_is_deleted_and_not_charged(deps: StorageDeps, user_id: str) -> None:
    victim = new_user()
    token = files.issue_upload_token(victim, "image", "v.png", "image/png", None, deps)
    stray = token.fields["key"].replace(victim, user_id)
    deps.objects.put(stray, png(), "image/png")
    files.confirm(stray, deps)
    assert deps.objects.head(stray) is None
    assert (used(deps, user_id), used(deps, victim)) == (0, 0)
    assert deps.files.get(token.file_id).status == "pending"  # type: ignore[union-attr]


def test_over_quota_upload_is_rejected(deps: StorageDeps, user_id: str) -> None:
    first = files.issue_upload_token(user_id, "image", "a.png", "image/png", None, deps)
    second = files.issue_upload_token(user_id, "image", "b.png", "image/png", None, deps)
    a, b = png(size=40, noise=2), png(size=40, noise=3)
    for token, data in ((first, a), (second, b)):
        deps.objects.put(token.fields["key"], data, "image/png")
    # fill the quota with a third file so the second cannot fit
    filler = png(size=60, noise=4)
    assert len(a) + len(filler) <= QUOTA < len(a) + len(filler) + len(b)
    _, stored = upload(deps, user_id, filler)
    assert stored is not None
    assert stored.status == "stored"
    assert files.confirm(first.fields["key"], deps).status == "stored"  # type: ignore[union-attr]
    rejected = files.confirm(second.fields["key"], deps)
    assert rejected is not None
    assert (rejected.status, rejected.reason) == ("rejected", "quota-exceeded")
    assert used(deps, user_id) == len(a) + len(filler)


def test_duplicate_delivery_charges_once(deps: StorageDeps, user_id: str) -> None:
    token = files.issue_upload_token(user_id, "image", "a.png", "image/png", None, deps)
    deps.objects.put(token.fields["key"], png(), "image/png")
    files.confirm(token.fields["key"], deps)
    files.confirm(token.fields["key"], deps)
    assert used(deps, user_id) == len(png())


def test_confirmation_racing_one_midway_finishes_it_and_charges_once(deps: StorageDeps, user_id: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """FinishStore beside the S3 notification: the notification has checked, charged and moved the object but not
    yet marked it stored (or died there). FinishStore then finds nothing at the incoming key: it must see the
    moved object and finish, never answer 409 "nothing was uploaded"."""
    token = files.issue_upload_token(user_id, "image", "a.png", "image/png", None, deps)
    data = png()
    deps.objects.put(token.fields["key"], data, "image/png")
    with monkeypatch.context() as halted:
        def crash(*_: object, **__: object) -> None:
            raise RuntimeError("the notification's confirmation stops after the move")
        halted.setattr(deps.files, "mark_stored", crash)
        with pytest.raises(RuntimeError):
            files.confirm(token.fields["key"], deps)
    assert deps.files.get(token.file_id).status == "pending"  # type: ignore[union-attr]
    stored = files.finish_store(user_id, token.file_id, deps)
    assert (stored.status, stored.size) == ("stored", len(data))
    assert deps.objects.read(stored.key) == data
    assert used(deps, user_id) == len(data)
    assert files.confirm(token.fields["key"], deps).status == "stored"  # type: ignore[union-attr]  # late redelivery
    assert used(deps, user_id) == len(data)


def test_confirmation_of_a_vanished_upload_stays_pending(deps: StorageDeps, user_id: str) -> None:
    token = files.issue_upload_token(user_id, "image", "a.png", "image/png", None, deps)
    with pytest.raises(errors.Conflict):
        files.finish_store(user_id, token.file_id, deps)
    assert deps.files.get(token.file_id).status == "pending"  # type: ignore[union-attr]
    assert used(deps, user_id) == 0


def test_delete_refunds_and_other_users_get_404(deps: StorageDeps, user_id: str) -> None:
    file_id, record = upload(deps, user_id, png())
    stranger = new_user()
    with pytest.raises(errors.NotFound):
        files.delete(stranger, file_id, deps)
    with pytest.raises(errors.NotFound):
        files.visible(stranger, file_id, deps)
    files.delete(user_id, file_id, deps)
    assert used(deps, user_id) == 0
    assert deps.objects.head(record.key) is None  # type: ignore[union-attr]
    with pytest.raises(errors.NotFound):
        files.delete(user_id, file_id, deps)
    assert storage_stats(user_id, deps).files == 0


def test_a_reservation_and_a_delete_whose_answers_were_lost_are_done_not_refused(deps: StorageDeps,
                                                                                 user_id: str) -> None:
    """Applied, answer lost, sent again by the SDK: refused by their own conditions, they answered 500 / 409."""
    with answer_lost("PutItem") as lost:
        token = files.issue_upload_token(user_id, "image", "photo.png", "image/png", None, deps)
    assert lost == ["PutItem"]
    record = deps.files.get(token.file_id)
    assert record is not None
    assert record.status == "pending"
    file_id, _ = upload(deps, user_id, png())
    with answer_lost("UpdateItem") as lost:
        files.delete(user_id, file_id, deps)
    assert lost == ["UpdateItem"]
    assert used(deps, user_id) == 0
    assert storage_stats(user_id, deps).files == 0


def test_many_files_resolve_in_one_read_with_only_the_callers_stored_ones(deps: StorageDeps, user_id: str,
                                                                          sandbox: AwsSandbox) -> None:
    first, _ = upload(deps, user_id, png())
    second, _ = upload(deps, user_id, png(noise=2))
    deleted, _ = upload(deps, user_id, png(noise=3))
    files.delete(user_id, deleted, deps)
    pending = files.issue_upload_token(user_id, "image", "later.png", "image/png", None, deps).file_id
    theirs, _ = upload(deps, new_user(), png())
    calls: list[str] = []
    sandbox.clients.dynamodb().meta.events.register("before-call.dynamodb", lambda model, **_: calls.append(model.name))

    found = files.resolve_many(user_id, [second, theirs, pending, "fil_unknown", deleted, first, second], 120, deps)

    assert [info.file_id for info in found] == [second, first, second]  # the asked order, nobody else's
    assert calls == ["BatchGetItem"]
    assert all(info.url and info.url_expires_at == deps.clock() + timedelta(seconds=120) for info in found)
    assert files.resolve_many(user_id, [], 120, deps) == []


def test_random_uploads_rejections_and_deletes_keep_exact_accounting(deps: StorageDeps, user_id: str) -> None:
    rng = random.Random(7)
    stored: dict[str, int] = {}
    for step in range(40):
        if stored and rng.random() < 0.3:
            victim = rng.choice(sorted(stored))
            files.delete(user_id, victim, deps)
            del stored[victim]
            continue
        good = rng.random() < 0.75
        data = png(size=rng.randrange(4, 30), noise=step) if good else b"not an image " * rng.randrange(1, 50)
        file_id, record = upload(deps, user_id, data)
        if record is not None and record.status == "stored":
            stored[file_id] = len(data)
    assert used(deps, user_id) == sum(stored.values())
    stats = storage_stats(user_id, deps)
    assert (stats.files, stats.used_bytes) == (len(stored), sum(stored.values()))
    listed, _ = deps.files.list_stored(user_id, None, 100, None)
    assert {r.file_id: r.size for r in listed} == stored


def test_inline_upload_uses_the_same_checks(deps: StorageDeps, user_id: str) -> None:
    record = files.upload_inline(user_id, "image", "x.png", "image/png", base64.b64encode(png()).decode(), deps)
    assert record.status == "stored"
    with pytest.raises(errors.BadRequest):
        files.upload_inline(user_id, "image", "x.png", "image/png", "%%%not base64", deps)
    with pytest.raises(errors.Unprocessable):
        files.upload_inline(user_id, "image", "x.png", "image/png", base64.b64encode(b"text").decode(), deps)
    assert used(deps, user_id) == len(png())


def test_sweep_expires_reservations_finishes_deletes_and_removes_orphans(deps: StorageDeps, user_id: str,
                                                                         clock: FixedClock) -> None:
    stale = files.issue_upload_token(user_id, "image", "late.png", "image/png", None, deps)
    file_id, _record = upload(deps, user_id, png())
    interrupted = deps.files.begin_delete(file_id, user_id, clock.now)  # a crash right after this step
    orphan = f"files/{user_id}/fil_01ORPHAN000000000000000000/x.png"
    deps.objects.put(orphan, png(), "image/png")
    clock.now += timedelta(hours=1)
    report = sweep(deps)
    assert (report.expired, report.deletions_finished) == (1, 1)
    assert orphan in report.orphans_removed
    assert deps.files.get(stale.file_id).status == "expired"  # type: ignore[union-attr]
    assert deps.files.get(interrupted.file_id).status == "deleted"  # type: ignore[union-attr]
    assert used(deps, user_id) == 0
    deps.objects.put(stale.fields["key"], png(), "image/png")  # the upload arrives after expiry: never charged
    files.confirm(stale.fields["key"], deps)
    assert used(deps, user_id) == 0
