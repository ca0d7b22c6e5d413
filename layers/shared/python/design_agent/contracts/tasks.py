"""The Task service's public shapes: task types and their parameters, results, and the task events.

Shared by the Task service (validation, storage, stream publisher), the reference algorithm worker
(what it reads from a claim and reports back) and event consumers such as the Notification service.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from design_agent.contracts.designs import Colour
from design_agent.events import DomainEvent

TaskStatus = Literal["pending", "queued", "running", "succeeded", "failed", "cancelled"]
TaskType = Literal["poster.generate"]

# The allowed transitions; every write that changes a status is conditioned on the "from" side.
TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"queued", "failed", "cancelled"}),
    "queued": frozenset({"running", "failed", "cancelled"}),
    "running": frozenset({"running", "succeeded", "failed", "cancelled"}),  # running -> running: reclaimed
    "failed": frozenset({"queued"}),  # retry
    "cancelled": frozenset({"queued"}),  # retry
    "succeeded": frozenset(),
}

Style = Literal["minimal", "bold", "elegant", "playful", "retro"]
FileId = Annotated[str, Field(pattern=r"^fil_[0-9A-HJKMNP-TV-Z]{26}$")]


class PosterSize(BaseModel):
    model_config = ConfigDict(extra="forbid")

    width: int = Field(default=1080, ge=64, le=4096)
    height: int = Field(default=1920, ge=64, le=4096)


class PosterGenerateParams(BaseModel):
    """Parameters of a ``poster.generate`` task."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=2000, examples=["Autumn jazz night at the riverside"])
    title: str | None = Field(default=None, max_length=120, description="drawn as the headline; from the prompt "
                                                                         "when absent")
    subtitle: str | None = Field(default=None, max_length=240)
    size: PosterSize = Field(default_factory=PosterSize)
    style: Style = "minimal"
    palette: list[Colour] = Field(default_factory=list, max_length=6,
                                  description="background first, then accents; the style's palette when empty")
    template_id: str | None = Field(default=None, pattern=r"^tpl_[0-9A-HJKMNP-TV-Z]{26}$")
    reference_file_ids: list[FileId] = Field(default_factory=list, max_length=4)


def task_title(params: PosterGenerateParams) -> str:
    if params.title:
        return params.title
    return params.prompt if len(params.prompt) <= 60 else params.prompt[:59].rstrip() + "…"


class TaskResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    poster_id: str = Field(pattern=r"^pst_[0-9A-HJKMNP-TV-Z]{26}$")
    preview_file_id: FileId | None = None
    preview_url: str | None = Field(default=None, max_length=4096)
    output_file_ids: list[FileId] = Field(default_factory=list, max_length=20)


class TaskError(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_.-]+$")
    message: str = Field(min_length=1, max_length=1000)


class ProgressStep(BaseModel):
    """One step clients were shown in an attempt: the progress it reached, what the worker was doing, when."""

    model_config = ConfigDict(extra="forbid")

    progress: int = Field(ge=0, le=100)
    stage: str | None = None
    at: datetime


# --- events ------------------------------------------------------------------------------------------
class TaskEvent(DomainEvent):
    """What every task event carries, so a consumer can route it without reading the task."""

    task_id: str
    user_id: str
    task_type: TaskType
    title: str = Field(description="what the task is about, for people (its title, or its prompt's start)")
    attempt: int = Field(ge=1)
    status: TaskStatus
    occurred_at: datetime
    steps: list[ProgressStep] = Field(
        default_factory=list, max_length=101,
        description="the attempt's steps so far, in order (this one included): the bus may deliver an update "
                    "before an earlier one, and a consumer fills the gap from here instead of losing a step")


class TaskCreated(TaskEvent):
    event_type = "TaskCreated"
    params: PosterGenerateParams


class TaskQueued(TaskEvent):
    """The dispatch event: rules route it to the dispatch queue the workers read."""

    event_type = "TaskQueued"
    params: PosterGenerateParams


class TaskStarted(TaskEvent):
    event_type = "TaskStarted"
    worker_id: str
    lease_expires_at: datetime


class TaskProgressed(TaskEvent):
    event_type = "TaskProgressed"
    progress: int = Field(ge=0, le=100)
    stage: str | None = None


class TaskCompleted(TaskEvent):
    event_type = "TaskCompleted"
    result: TaskResult


class TaskFailed(TaskEvent):
    event_type = "TaskFailed"
    error: TaskError
    quota_refunded: bool
    retryable: bool  # the user may retry (attempts left)


class TaskCancelled(TaskEvent):
    event_type = "TaskCancelled"
    previous_status: TaskStatus
    quota_refunded: bool


class TaskRetried(TaskEvent):
    event_type = "TaskRetried"
    previous_status: TaskStatus


TASK_EVENTS: tuple[type[TaskEvent], ...] = (TaskCreated, TaskQueued, TaskStarted, TaskProgressed, TaskCompleted,
                                            TaskFailed, TaskCancelled, TaskRetried)
EVENT_SOURCE = "design-agent.tasks"


def event_model(detail_type: str) -> type[TaskEvent]:
    for model in TASK_EVENTS:
        if model.event_type == detail_type:
            return model
    raise KeyError(f"no task event {detail_type}")
