"""A task as the Task service stores it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from design_agent.contracts.tasks import (
    PosterGenerateParams,
    ProgressStep,
    TaskError,
    TaskResult,
    TaskStatus,
    TaskType,
)
from pydantic import BaseModel, Field

# the quota unit held by the current attempt: reserved (charged), refund_due (to give back; the sweep retries
# a refund that failed), refunded, kept (the attempt consumed it: it succeeded or ran before it was cancelled)
QuotaState = Literal["reserving", "reserved", "refund_due", "refunded", "kept"]


class Task(BaseModel):
    task_id: str
    user_id: str
    type: TaskType
    params: PosterGenerateParams
    status: TaskStatus
    attempt: int = Field(ge=1)
    max_attempts: int = Field(ge=1)
    progress: int = Field(default=0, ge=0, le=100)  # what clients are shown: never goes back within an attempt
    lease_progress: int = Field(default=0, ge=0, le=100)  # what the current lease's holder reported last
    stage: str | None = None
    # the attempt's steps clients were shown, by progress (at most 101): the task events carry them in order
    steps: dict[int, ProgressStep] = Field(default_factory=dict)
    result: TaskResult | None = None
    error: TaskError | None = None
    quota: QuotaState = "reserving"
    worker_id: str | None = None
    lease_id: str | None = None
    lease_expires_at: datetime | None = None
    heartbeat_at: datetime | None = None
    deliveries: int = 0  # claims of the current attempt (more than one: a worker died and another took over)
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def quota_key(self) -> str:
        """The idempotency key of the current attempt's quota charge (a refund names the same key)."""
        return f"{self.task_id}#{self.attempt}"
