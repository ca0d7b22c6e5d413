"""Auth domain records."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class Session(BaseModel):
    session_id: str
    user_id: str
    role: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    revoked: bool = False
    revoked_reason: str | None = None
    source_ip: str | None = None
    user_agent: str | None = None


class RefreshRecord(BaseModel):
    token_hash: str
    session_id: str
    user_id: str
    status: Literal["active", "used"]
    expires_at: datetime
    used_at: datetime | None = None
    successor: str | None = None  # once used: the token it was rotated into, sealed (``logic/successors.py``)


class UserStatus(BaseModel):
    user_id: str
    role: str
    status: Literal["active", "blocked"] = "active"
    tokens_valid_after_ms: int = 0  # tokens issued before this instant (epoch ms) are refused


class MachineClient(BaseModel):
    """A client of the algorithm side (a worker) that gets tokens with the client-credentials grant."""

    client_id: str
    name: str
    description: str | None = None
    role: str = "worker"
    status: Literal["active", "disabled"] = "active"
    secret_hash: str  # SHA-256 of the 256-bit random secret (docs/decisions.md, 16)
    created_at: datetime
    disabled_at: datetime | None = None
