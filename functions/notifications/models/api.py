"""HTTP and WebSocket input and output of the Notification service."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from functions.notifications.models.domain import Batch, InboxMessage


class InboxPage(BaseModel):
    items: list[InboxMessage]
    next_cursor: str | None = Field(default=None, description="newest-first paging: pass as cursor")
    last_message_id: str | None = Field(default=None, description="replay (since=...): pass as since next time")


class UnreadCount(BaseModel):
    unread: int


class ReadAll(BaseModel):
    marked: int


class PreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email_enabled: bool


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(default="", max_length=5000)
    user_ids: list[str] = Field(default_factory=list, max_length=10_000)
    all_users: bool = False

    @model_validator(mode="after")
    def _audience(self) -> BatchRequest:
        if self.all_users == bool(self.user_ids):
            raise ValueError("give either user_ids or all_users: true")
        return self


class BatchOut(Batch):
    pass


class Frame(BaseModel):
    """Every WebSocket frame the server sends."""

    type: Literal["pong", "error", "subscribed", "unsubscribed", "notification"]
    message: InboxMessage | None = None
    task_ids: list[str] | None = None
    error: str | None = None
    at: datetime | None = None
    data: dict[str, Any] | None = None
