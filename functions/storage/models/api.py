"""HTTP input and output of the Storage service."""

from __future__ import annotations

from design_agent.contracts.storage import FileInfo, FileKind
from pydantic import BaseModel, ConfigDict, Field

FILENAME = r"^[^/\\\x00-\x1f]{1,200}$"


class UploadTokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: str = Field(pattern=FILENAME)
    content_type: str = Field(min_length=3, max_length=100)
    kind: FileKind = "image"
    size: int | None = Field(default=None, ge=1, description="Declared size; the real object is checked anyway")


class UploadFileRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: str = Field(pattern=FILENAME)
    content_type: str = Field(min_length=3, max_length=100)
    kind: FileKind = "image"
    data_base64: str = Field(min_length=4)


class FileList(BaseModel):
    items: list[FileInfo]
    next_cursor: str | None = None


class KindStats(BaseModel):
    files: int
    bytes: int


class StorageStats(BaseModel):
    used_bytes: int
    quota_bytes: int
    remaining_bytes: int
    files: int
    by_kind: dict[str, KindStats]
