"""What the Notification service stores."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

MessageType = Literal["task.progress", "task.completed", "task.failed", "task.cancelled",
                      "media.job.completed", "announcement"]


class Connection(BaseModel):
    connection_id: str
    user_id: str
    connected_at: datetime
    task_ids: list[str] = Field(default_factory=list)  # empty: every message of the user
    # the access token it was opened with: a revocation closes the connections of that session, or those whose
    # token was issued before the user's tokens were revoked (logic/realtime.py, ``close_revoked``)
    session_id: str | None = None
    token_issued_at_ms: int = 0


class InboxMessage(BaseModel):
    message_id: str  # msg_<ULID>: its order is the inbox's order, and it is the replay cursor
    user_id: str
    type: MessageType
    title: str
    body: str = ""
    data: dict[str, Any] = Field(default_factory=dict)
    task_id: str | None = None
    read: bool = False
    created_at: datetime


class Preferences(BaseModel):
    email_enabled: bool = True


class Batch(BaseModel):
    batch_id: str
    created_by: str
    title: str
    body: str
    audience: Literal["users", "everyone"]
    total: int = 0  # recipients planned so far (grows while "everyone" is paged)
    sent: int = 0
    failed: int = 0
    status: Literal["running", "done"] = "running"
    planning_done: bool = False
    created_at: datetime
    updated_at: datetime
