"""File records as the Storage service keeps them."""

from __future__ import annotations

from datetime import datetime

from design_agent.contracts.storage import FileKind, FileStatus
from pydantic import BaseModel


class FileRecord(BaseModel):
    file_id: str
    user_id: str
    kind: FileKind
    filename: str
    content_type: str
    key: str  # where the object is now: incoming/... while pending, files/... once stored
    max_bytes: int
    status: FileStatus
    created_at: datetime
    upload_deadline: datetime  # a pending upload not confirmed by then expires
    size: int | None = None
    reason: str | None = None
    confirmed_at: datetime | None = None
