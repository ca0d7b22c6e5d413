"""The Media service's records: a batch job (counters) and its items (steps, status, result)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from functions.media.models.api import ItemError, ItemStatus


class Job(BaseModel):
    job_id: str
    user_id: str
    total: int
    succeeded: int = 0
    failed: int = 0
    remaining: int
    status: Literal["queued", "completed"] = "queued"
    created_at: datetime
    completed_at: datetime | None = None


class Item(BaseModel):
    job_id: str
    index: int
    user_id: str
    file_id: str
    steps: list[dict[str, Any]]  # the validated step models, dumped
    status: ItemStatus = "queued"
    attempts: int = 0
    lease_until: datetime | None = None
    result: dict[str, Any] | None = None  # the stored file (FileInfo without its URL)
    error: ItemError | None = None
    finished_at: datetime | None = None
