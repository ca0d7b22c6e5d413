"""Internal operations of the Storage service: other services store and read files through these."""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Literal

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel, Field

from design_agent import errors
from design_agent.clients import AwsClients
from design_agent.internal import InternalClient
from design_agent.observability import logger

FileKind = Literal["image", "font", "asset", "preview", "export", "other"]
FileStatus = Literal["pending", "stored", "rejected", "expired", "deleting", "deleted"]


class FileInfo(BaseModel):
    file_id: str
    user_id: str
    kind: FileKind
    filename: str
    content_type: str
    size: int | None = None
    status: FileStatus
    reason: str | None = None  # why an upload was rejected, for the client to read
    created_at: datetime
    confirmed_at: datetime | None = None
    url: str | None = None  # time-limited download URL (or CDN URL) of a stored file
    url_expires_at: datetime | None = None


class StoreFileRequest(BaseModel):
    user_id: str
    kind: FileKind
    filename: str = Field(min_length=1, max_length=200)
    content_type: str
    data_base64: str
    idempotency_key: str | None = None  # the same key stores once (e.g. a task's preview)


class ResolveFileRequest(BaseModel):
    """Look up a stored file on behalf of ``user_id``; another user's file is not found."""

    user_id: str
    file_id: str
    url_ttl_s: int = Field(default=300, ge=30, le=3600)


RESOLVE_BATCH = 100  # ids per ResolveFiles call


class ResolveFilesRequest(BaseModel):
    """Look up many stored files of ``user_id`` at once (e.g. a batch job's results, to give each a fresh URL; a
    request's referenced ids, to check they are the caller's — ``urls=False`` then, nothing is signed)."""

    user_id: str
    file_ids: list[str] = Field(max_length=RESOLVE_BATCH)
    url_ttl_s: int = Field(default=300, ge=30, le=43200)  # up to the stage's DOWNLOAD_URL_TTL_S limit
    urls: bool = True


class ResolvedFiles(BaseModel):
    """The asked-for files that are ``user_id``'s and stored, in the asked order; the others are left out."""

    files: list[FileInfo]


class UploadToken(BaseModel):
    """A presigned S3 POST: send ``fields`` and then the file as multipart form data to ``url``."""

    file_id: str
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_at: datetime


class BeginStoreRequest(BaseModel):
    """Reserve a file of ``user_id`` that the caller uploads itself (results too large for a Lambda payload)."""

    user_id: str
    kind: FileKind
    filename: str = Field(min_length=1, max_length=200)
    content_type: str
    size: int = Field(ge=1)
    idempotency_key: str | None = None  # the same key reserves (and finally stores) one file


class FinishStoreRequest(BaseModel):
    """Check and store what was uploaded to a reservation now, instead of waiting for the S3 notification."""

    user_id: str
    file_id: str


S3_READ_TIMEOUT_S = 20.0  # a download of a stored file; an S3 that does not answer in time is a 502, not a 500


@contextmanager
def _s3_transfer(refused: str, failed: str) -> Iterator[None]:
    """A transfer to or from S3 that S3 refuses, or that fails on the wire (refused, reset, timed out), is a 502."""
    try:
        yield
    except urllib.error.HTTPError as exc:
        raise errors.UpstreamError(f"{refused} ({exc.code})") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise errors.UpstreamError(failed) from exc


def post_form(token: UploadToken, data: bytes, filename: str, content_type: str, timeout_s: float = 60) -> None:
    """Upload ``data`` to a presigned POST (multipart/form-data, the file last as S3 requires)."""
    boundary = f"----design-agent-{uuid.uuid4().hex}"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in token.fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(token.url, data=body, method="POST",  # noqa: S310 - our own presigned URL
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with _s3_transfer("The upload to storage was refused", "The upload to storage did not complete"), \
            urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
        response.read()


class StorageClient:
    def __init__(self, stage: str, clients: AwsClients | None = None) -> None:
        self._rpc = InternalClient(stage, clients)

    def store_file(self, request: StoreFileRequest) -> FileInfo:
        return self._rpc.call("storage", "StoreFile", request, FileInfo)

    def resolve_file(self, request: ResolveFileRequest) -> FileInfo:
        return self._rpc.call("storage", "ResolveFile", request, FileInfo)

    def resolve_files(self, request: ResolveFilesRequest) -> ResolvedFiles:
        return self._rpc.call("storage", "ResolveFiles", request, ResolvedFiles)

    def fresh_files(self, user_id: str, file_ids: Iterable[str], url_ttl_s: int) -> dict[str, FileInfo] | None:
        """The stored files of ``user_id`` among ``file_ids`` with download URLs made now (one call for all):
        presigned URLs expire, so a reader asks at each read, never stores one. None when Storage does not answer
        (the caller still serves what it has, without URLs)."""
        try:
            return self._resolve_all(user_id, file_ids, url_ttl_s)
        except (errors.AppError, BotoCoreError, ClientError) as exc:
            logger("storage-client").warning("no download URLs", extra={"error": str(exc)})
            return None

    def _resolve_all(self, user_id: str, file_ids: Iterable[str], url_ttl_s: int | None) -> dict[str, FileInfo]:
        """The stored files of ``user_id`` among ``file_ids`` by id, one ``ResolveFiles`` per 100 distinct ids
        (none for no ids); with URLs made now when ``url_ttl_s`` is given."""
        ids = list(dict.fromkeys(file_ids))
        found: dict[str, FileInfo] = {}
        for start in range(0, len(ids), RESOLVE_BATCH):
            request = ResolveFilesRequest(user_id=user_id, file_ids=ids[start:start + RESOLVE_BATCH],
                                          urls=url_ttl_s is not None, url_ttl_s=url_ttl_s or 300)
            found |= {f.file_id: f for f in self.resolve_files(request).files}
        return found

    def owned(self, user_id: str, named: Sequence[tuple[str, str]], *, images: bool = True,
              url_ttl_s: int | None = None) -> tuple[dict[str, FileInfo], list[dict[str, str]]]:
        """Check the file ids a request names (``(field path, file id)`` pairs) against ``user_id``'s stored files
        (images only, with ``images``), in one ``ResolveFiles`` per 100 ids: the files found (with URLs when
        ``url_ttl_s`` is given), and a 422 error entry for every other one — another user's file, a missing one
        and an unusable one read alike, so nothing about other users' files leaks."""
        found = {file_id: f for file_id, f in self._resolve_all(user_id, (i for _, i in named), url_ttl_s).items()
                 if not images or f.content_type.startswith("image/")}
        unknown = [{"path": path, "message": f"no {'image' if images else 'file'} {file_id} that you may use",
                    "type": "not_found"} for path, file_id in named if file_id not in found]
        return found, unknown

    def store_object(self, request: BeginStoreRequest, data: bytes) -> FileInfo:
        """Store ``data`` of any size up to the storage limit: reserve, upload to S3 directly, confirm."""
        token = self._rpc.call("storage", "BeginStore", request, UploadToken)
        post_form(token, data, request.filename, request.content_type)
        return self._rpc.call("storage", "FinishStore",
                              FinishStoreRequest(user_id=request.user_id, file_id=token.file_id), FileInfo)

    def read_bytes(self, user_id: str, file_id: str, max_bytes: int) -> tuple[FileInfo, bytes]:
        """A stored file of ``user_id`` and its content, fetched through its short-lived download URL."""
        info = self.resolve_file(ResolveFileRequest(user_id=user_id, file_id=file_id, url_ttl_s=60))
        if info.size is not None and info.size > max_bytes:
            raise errors.PayloadTooLarge(f"The file is larger than {max_bytes} bytes", max_bytes=max_bytes)
        if not info.url or not info.url.startswith(("https://", "http://")):
            raise errors.UpstreamError("The storage service gave no download URL")
        with _s3_transfer("Storage refused the download", "Storage did not deliver the file"), \
                urllib.request.urlopen(info.url, timeout=S3_READ_TIMEOUT_S) as response:  # noqa: S310 - ours
            data: bytes = response.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise errors.PayloadTooLarge(f"The file is larger than {max_bytes} bytes", max_bytes=max_bytes)
        return info, data
