"""HTTP input and output of the Task service: the user's side and the worker's side."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from design_agent.contracts.designs import PosterContent
from design_agent.contracts.tasks import PosterGenerateParams, TaskError, TaskResult, TaskStatus, TaskType
from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- the user's side -----------------------------------------------------------------------------
class CreateTaskRequest(_Strict):
    type: TaskType = Field(description="what to generate; each type has its own parameters")
    params: PosterGenerateParams


class TaskOut(BaseModel):
    task_id: str
    type: TaskType
    status: TaskStatus
    params: PosterGenerateParams
    progress: int
    stage: str | None = None
    attempt: int
    max_attempts: int
    result: TaskResult | None = None
    error: TaskError | None = None
    quota_refunded: bool = False
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


class TaskStatusOut(BaseModel):
    task_id: str
    status: TaskStatus
    progress: int
    stage: str | None = None
    attempt: int
    result: TaskResult | None = None
    error: TaskError | None = None
    updated_at: datetime


class TaskList(BaseModel):
    items: list[TaskOut]
    next_cursor: str | None = None


# --- the worker's side ---------------------------------------------------------------------------
class _Leased(_Strict):
    lease_id: str = Field(min_length=1, max_length=64, description="from the claim; proves the caller holds the "
                                                                    "task")


class ReferenceFile(BaseModel):
    file_id: str
    content_type: str
    size: int | None = None
    url: str | None = Field(default=None, description="short-lived download URL")


class ClaimOut(BaseModel):
    task: TaskOut
    user_id: str
    lease_id: str
    lease_expires_at: datetime
    lease_s: int
    references: list[ReferenceFile]


class ProgressRequest(_Leased):
    progress: int = Field(ge=0, le=100)
    stage: str | None = Field(default=None, max_length=200)


class ProgressOut(BaseModel):
    task_id: str
    status: TaskStatus
    progress: int = Field(description="what clients are shown: the highest progress of this attempt")
    lease_progress: int = Field(description="what this lease's holder reported (from 0 for a new holder)")
    lease_expires_at: datetime | None = None


class StoreOutputRequest(_Leased):
    filename: str = Field(min_length=1, max_length=200, pattern=r"^[\w.\- ]+$")
    content_type: Literal["image/png", "image/jpeg", "image/webp"]
    data_base64: str = Field(min_length=4)


class StoredOutput(BaseModel):
    file_id: str
    url: str | None = None
    size: int | None = None
    content_type: str


class TaskPosterRequest(_Leased, PosterContent):
    """The poster document the worker drew: it becomes the user's poster in the Design service."""

    preview_file_id: str | None = Field(default=None, pattern=r"^fil_[0-9A-HJKMNP-TV-Z]{26}$")


class TaskPosterOut(BaseModel):
    poster_id: str
    version: int


class CompleteRequest(_Leased):
    result: TaskResult


class FailRequest(_Leased):
    error: TaskError
