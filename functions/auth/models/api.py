"""HTTP input and output of the Auth service."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=512)


class SessionOut(BaseModel):
    session_id: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    source_ip: str | None = None
    user_agent: str | None = None
    current: bool = False


class SessionList(BaseModel):
    items: list[SessionOut]


class VerifyRequest(BaseModel):
    token: str = Field(min_length=1, max_length=4096)


class VerifyResult(BaseModel):
    active: bool
    subject: str
    role: str
    session_id: str | None
    expires_at: datetime
    kind: str


class PermissionRequest(BaseModel):
    resource: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_-]*$")
    action: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_*-]*$")


class PermissionResult(BaseModel):
    allowed: bool
    role: str
    resource: str
    action: str
