"""``upload(path)``: an upload token (a presigned POST pinned to the caller's prefix, type and size), the file
straight to the bucket as multipart form data with progress, then the platform's confirmation (it re-checks
size, owner and type by the file's magic bytes), which ends as a stored or a rejected file."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

import httpx

from design_agent_sdk.errors import UploadFailed
from design_agent_sdk.openapi.api.storage import get_file, get_upload_token
from design_agent_sdk.openapi.client import AuthenticatedClient
from design_agent_sdk.openapi.models import FileInfo, FileInfoStatus, UploadTokenRequest, UploadTokenRequestKind
from design_agent_sdk.responses import expect

Progress = Callable[[int, int], None]
"""Called with (bytes sent, bytes in all) as the file goes out."""

FONT_SUFFIXES = {".ttf", ".otf", ".woff", ".woff2"}
FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}


def guess(path: Path, content_type: str | None, kind: str | None) -> tuple[str, UploadTokenRequestKind]:
    """The content type (from the name when not given) and the storage kind (images, fonts, anything else)."""
    suffix = path.suffix.lower()
    content_type = content_type or FONT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] \
        or "application/octet-stream"
    if kind is None:
        kind = "image" if content_type.startswith("image/") else "font" if suffix in FONT_SUFFIXES else "other"
    return content_type, UploadTokenRequestKind(kind)


class _Reporting:
    """The file as httpx reads it for the form, telling ``progress`` how far it got."""

    def __init__(self, file: IO[bytes], size: int, progress: Progress | None) -> None:
        self._file, self._size, self._progress, self._sent = file, size, progress, 0

    def read(self, n: int = -1) -> bytes:
        chunk = self._file.read(n)
        self._sent += len(chunk)
        if self._progress is not None and chunk:
            self._progress(self._sent, self._size)
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        position = self._file.seek(offset, whence)
        if position == 0:
            self._sent = 0  # sent again from the start (a retried upload)
        return position

    def tell(self) -> int:
        return self._file.tell()

    def fileno(self) -> int:
        return self._file.fileno()


def _bucket_error(response: httpx.Response) -> str:
    """S3 answers an error as XML (``<Error><Code>EntityTooLarge</Code><Message>...``)."""
    try:
        root = ElementTree.fromstring(response.content)  # noqa: S314 - the bucket's own error document
        return f"{root.findtext('Code') or response.status_code}: {root.findtext('Message') or ''}".strip()
    except ElementTree.ParseError:
        return f"{response.status_code}: {response.text[:200]}"


def send_to_bucket(http: httpx.Client, url: str, fields: dict[str, Any], path: Path, content_type: str,
                   progress: Progress | None) -> None:
    """POST the form (the token's fields, then the file) to the bucket; raises UploadFailed when it refuses."""
    size = path.stat().st_size
    with path.open("rb") as raw:
        file = _Reporting(raw, size, progress)
        response = http.post(url, data=fields, files={"file": (path.name, file, content_type)})  # type: ignore[dict-item]
    if response.status_code >= 300:
        raise UploadFailed(f"the bucket refused {path.name}: {_bucket_error(response)}")


def wait_until_confirmed(api: AuthenticatedClient, file_id: str, timeout_s: float,
                         sleep: Callable[[float], None] = time.sleep) -> FileInfo:
    """Poll the file until the confirmation has run: ``stored``, or UploadFailed with the reason."""
    deadline, pause = time.monotonic() + timeout_s, 0.1
    while True:
        info = expect(get_file.sync_detailed(file_id, client=api))
        if info.status is FileInfoStatus.STORED:
            return info
        if info.status is not FileInfoStatus.PENDING:
            reason = info.reason if isinstance(info.reason, str) else info.status.value
            raise UploadFailed(f"{info.filename} was not stored: {reason}", file_id=file_id, reason=reason)
        if time.monotonic() > deadline:
            raise UploadFailed(f"{info.filename} was not confirmed within {timeout_s:.0f} s", file_id=file_id)
        sleep(pause)
        pause = min(pause * 1.5, 2.0)


def upload(api: AuthenticatedClient, bucket: httpx.Client, path: Path, *, kind: str | None = None,
           content_type: str | None = None, on_progress: Progress | None = None,
           confirm_timeout_s: float = 60.0) -> FileInfo:
    path = Path(path)
    content_type, storage_kind = guess(path, content_type, kind)
    token = expect(get_upload_token.sync_detailed(client=api, body=UploadTokenRequest(
        filename=path.name, content_type=content_type, kind=storage_kind, size=path.stat().st_size or None)))
    send_to_bucket(bucket, token.url, dict(token.fields.additional_properties), path, content_type, on_progress)
    return wait_until_confirmed(api, token.file_id, confirm_timeout_s)
