"""Internal operations of the Storage service: other services store and read files through these."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from design_agent.clients import AwsClients
from design_agent.internal import InternalClient

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


class StorageClient:
    def __init__(self, stage: str, clients: AwsClients | None = None) -> None:
        self._rpc = InternalClient(stage, clients)

    def store_file(self, request: StoreFileRequest) -> FileInfo:
        return self._rpc.call("storage", "StoreFile", request, FileInfo)

    def resolve_file(self, request: ResolveFileRequest) -> FileInfo:
        return self._rpc.call("storage", "ResolveFile", request, FileInfo)
