"""Uploads with exact quota accounting.

Every file starts as a *pending* record with an object key under ``incoming/<user>/<file>/``. It becomes
*stored* only after the real object was checked (owner prefix, size, content type by magic bytes) and the
user's storage quota was charged (idempotently, keyed by the file id); then the object moves to
``files/<user>/<file>/``. Anything that fails a check is deleted and the record says why. A delete refunds
exactly what was charged. Browser uploads (presigned POST, confirmed from the S3 notification) and
server-side uploads go through the same ``confirm``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
from datetime import datetime, timedelta

from design_agent import errors
from design_agent.contracts.storage import FileInfo, FileKind, UploadToken
from design_agent.contracts.users import QuotaChange, QuotaQuery
from design_agent.ids import new_id
from design_agent.sniffing import sniff

from functions.storage.dal.files import StaleRecord
from functions.storage.deps import StorageDeps
from functions.storage.logic.content_types import disposition, normalise, require_allowed
from functions.storage.models.domain import FileRecord
from functions.storage.service import INCOMING_PREFIX

STORED_PREFIX = "files/"
_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_filename(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name.strip()).strip("._") or "file"
    return cleaned[:120]


def incoming_key(user_id: str, file_id: str, filename: str) -> str:
    return f"{INCOMING_PREFIX}{user_id}/{file_id}/{safe_filename(filename)}"


def stored_key(record: FileRecord) -> str:
    return f"{STORED_PREFIX}{record.user_id}/{record.file_id}/{safe_filename(record.filename)}"


def to_info(record: FileRecord, deps: StorageDeps, with_url: bool = True, url_ttl_s: int | None = None) -> FileInfo:
    """The file as clients see it; a stored one with a download URL that stops working at ``url_expires_at``."""
    url = expires = None
    if with_url and record.status == "stored":
        ttl = url_ttl_s or deps.settings.download_url_ttl_s
        expires = deps.clock() + timedelta(seconds=ttl)
        url = deps.objects.download_url(record.key, ttl, expires, record.content_type,
                                        disposition(record.content_type, record.filename))
    return FileInfo(file_id=record.file_id, user_id=record.user_id, kind=record.kind, filename=record.filename,
                    content_type=record.content_type, size=record.size, status=record.status, reason=record.reason,
                    created_at=record.created_at, confirmed_at=record.confirmed_at, url=url, url_expires_at=expires)


def _remaining_bytes(user_id: str, deps: StorageDeps) -> int:
    return deps.users.read_quota(QuotaQuery(user_id=user_id, resource="storage")).remaining


def reserve(user_id: str, kind: FileKind, filename: str, content_type: str, max_bytes: int, deps: StorageDeps,
            file_id: str | None = None) -> FileRecord:
    now = deps.clock()
    file_id = file_id or new_id("file")
    record = FileRecord(file_id=file_id, user_id=user_id, kind=kind, filename=filename, content_type=content_type,
                        key=incoming_key(user_id, file_id, filename), max_bytes=max_bytes, status="pending",
                        created_at=now, upload_deadline=now + timedelta(seconds=deps.settings.upload_token_ttl_s))
    deps.files.put_pending(record)
    return record


def _upload_limit(user_id: str, declared: int | None, deps: StorageDeps) -> int:
    limit = min(deps.settings.max_file_bytes, _remaining_bytes(user_id, deps))
    if limit <= 0:
        raise errors.QuotaExceeded("The storage quota is used up", resource="storage")
    if declared is not None and declared > limit:
        if declared > deps.settings.max_file_bytes:
            raise errors.PayloadTooLarge(f"Files may be at most {deps.settings.max_file_bytes} bytes",
                                         max_bytes=deps.settings.max_file_bytes)
        raise errors.QuotaExceeded(f"Only {limit} bytes of storage quota are left", resource="storage",
                                   remaining=limit)
    return limit


def issue_upload_token(user_id: str, kind: FileKind, filename: str, content_type: str, declared_size: int | None,
                       deps: StorageDeps, file_id: str | None = None) -> UploadToken:
    """A presigned POST into a new reservation (``file_id``: the same reservation again, for a retried store)."""
    ct = require_allowed(kind, content_type)
    existing = deps.files.get(file_id) if file_id else None
    if existing is not None and existing.user_id != user_id:
        raise errors.Conflict("That idempotency key belongs to another file")
    limit = existing.max_bytes if existing else _upload_limit(user_id, declared_size, deps)
    record = existing or reserve(user_id, kind, filename, ct, limit, deps, file_id=file_id)
    post = deps.objects.presigned_post(record.key, ct, limit, deps.settings.upload_token_ttl_s)
    return UploadToken(file_id=record.file_id, url=post["url"], fields=post["fields"], max_bytes=limit,
                       expires_at=record.upload_deadline)


def _reject(record: FileRecord, reason: str, deps: StorageDeps, status: str = "rejected") -> None:
    deps.objects.delete(record.key)
    with contextlib.suppress(StaleRecord):  # a concurrent delivery finished it
        deps.files.finish_pending(record.file_id, status, reason)


def parse_incoming(key: str) -> tuple[str, str] | None:
    """``incoming/<user>/<file>/<name>`` -> (user, file)."""
    parts = key.removeprefix(INCOMING_PREFIX).split("/")
    if not key.startswith(INCOMING_PREFIX) or len(parts) != 3:
        return None
    return parts[0], parts[1]


def confirm(key: str, deps: StorageDeps) -> FileRecord | None:
    """Check an arrived object against its reservation; store it or reject it. Safe to run twice."""
    parsed = parse_incoming(key)
    record = deps.files.get(parsed[1]) if parsed else None
    if record is None:
        deps.objects.delete(key)  # no reservation: an orphan
        return None
    if record.status != "pending":
        if key != record.key or record.status != "stored":
            deps.objects.delete(key)  # a leftover or an object written to someone else's finished reservation
        return record
    if parsed is None or parsed[0] != record.user_id or key != record.key:
        deps.objects.delete(key)  # written outside the key this reservation pinned: never charged
        return record
    head = deps.objects.head(key)
    if head is None:
        # A concurrent confirmation (the S3 notification beside FinishStore) may have checked, charged and moved
        # it and not yet marked it stored: the object at the stored key proves it passed; finish that work here.
        moved = deps.objects.head(stored_key(record))
        if moved is None:
            return record  # not there (yet): the notification raced a delete; the sweep expires the reservation
        return _charge_and_mark(record, moved.size, deps, move=False)
    reason = _check(record, head.size, head.first_bytes, head.last_modified, deps)
    if reason:
        _reject(record, reason, deps)
        return deps.files.get(record.file_id)
    return _charge_and_mark(record, head.size, deps, move=True)


def _charge_and_mark(record: FileRecord, size: int, deps: StorageDeps, *, move: bool) -> FileRecord | None:
    """Charge the storage quota (keyed by file id: once however many confirmations run), move the object to its
    stored key unless already there, and mark the record stored (a concurrent confirmation may have done it)."""
    try:
        deps.users.consume_quota(QuotaChange(user_id=record.user_id, resource="storage", amount=size,
                                             idempotency_key=record.file_id))
    except errors.QuotaExceeded:
        _reject(record, "quota-exceeded", deps)
        return deps.files.get(record.file_id)
    target = stored_key(record)
    if move:
        deps.objects.move(record.key, target, record.content_type, disposition(record.content_type, record.filename))
    with contextlib.suppress(StaleRecord):  # a duplicate delivery stored it first; the charge is keyed by file id
        deps.files.mark_stored(record, key=target, size=size, content_type=record.content_type, now=deps.clock())
    return deps.files.get(record.file_id)


def _check(record: FileRecord, size: int, first_bytes: bytes, arrived: datetime, deps: StorageDeps) -> str | None:
    if size == 0:
        return "empty"
    if size > record.max_bytes:
        return f"too-large: {size} bytes, at most {record.max_bytes} allowed"
    if arrived > record.upload_deadline + timedelta(seconds=deps.settings.upload_grace_s):
        return "expired: the upload arrived after its token expired"
    found = sniff(first_bytes)
    if found is None or normalise(found) != record.content_type:
        return f"content-type-mismatch: declared {record.content_type}, content is {found or 'unknown'}"
    return None


def upload_inline(user_id: str, kind: FileKind, filename: str, content_type: str, data_base64: str,
                  deps: StorageDeps, file_id: str | None = None) -> FileRecord:
    """Server-side upload (API clients that cannot POST a form, and other services): same checks."""
    ct = require_allowed(kind, content_type)
    try:
        data = base64.b64decode(data_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise errors.BadRequest("data_base64 is not valid base64") from exc
    if len(data) > deps.settings.max_inline_upload_bytes:
        raise errors.PayloadTooLarge(f"Inline uploads may be at most {deps.settings.max_inline_upload_bytes} bytes;"
                                     " use an upload token for larger files")
    limit = _upload_limit(user_id, len(data), deps)
    if file_id is not None and (existing := deps.files.get(file_id)) is not None:
        record = existing  # an idempotent retry
    else:
        record = reserve(user_id, kind, filename, ct, limit, deps, file_id=file_id)
    if record.status == "pending":
        deps.objects.put(record.key, data, ct)
        record = confirm(record.key, deps) or record
    if record.status == "rejected":
        raise errors.Unprocessable(f"The file was rejected: {record.reason}", file_id=record.file_id,
                                   reason=record.reason)
    return record


def finish_store(user_id: str, file_id: str, deps: StorageDeps) -> FileRecord:
    """Confirm an upload to ``file_id`` now (the S3 notification's later confirmation changes nothing)."""
    record = visible(user_id, file_id, deps)
    if record.status == "pending":
        record = confirm(record.key, deps) or record
    if record.status == "pending":
        raise errors.Conflict("Nothing was uploaded to that file yet", file_id=file_id)
    if record.status != "stored":
        raise errors.Unprocessable(f"The file was rejected: {record.reason}", file_id=file_id, reason=record.reason)
    return record


def visible(user_id: str, file_id: str, deps: StorageDeps) -> FileRecord:
    record = deps.files.get(file_id)
    if record is None or record.user_id != user_id or record.status == "deleted":
        raise errors.NotFound("No such file")
    return record


def resolve_many(user_id: str, file_ids: list[str], url_ttl_s: int, deps: StorageDeps,
                 urls: bool = True) -> list[FileInfo]:
    """The stored files of ``user_id`` among ``file_ids`` (with download URLs unless ``urls`` is False), in that
    order (one batch read); another user's, one not stored and one that does not exist are all left out alike."""
    records = deps.files.get_many(list(dict.fromkeys(file_ids)))
    return [to_info(record, deps, with_url=urls, url_ttl_s=url_ttl_s) for file_id in file_ids
            if (record := records.get(file_id)) is not None and record.user_id == user_id
            and record.status == "stored"]


def delete(user_id: str, file_id: str, deps: StorageDeps) -> None:
    visible(user_id, file_id, deps)
    try:
        record = deps.files.begin_delete(file_id, user_id, deps.clock() + timedelta(minutes=5))
    except StaleRecord:
        raise errors.Conflict("Only stored files can be deleted") from None
    finish_delete(record, deps)


def finish_delete(record: FileRecord, deps: StorageDeps) -> None:
    """Refund (keyed by the file id, so at most once), remove the object, then settle the record."""
    deps.users.refund_quota(QuotaChange(user_id=record.user_id, resource="storage", amount=record.size or 0,
                                        idempotency_key=record.file_id))
    deps.objects.delete(record.key)
    with contextlib.suppress(StaleRecord):
        deps.files.finish_delete(record, deps.clock())
