"""User records as the service stores them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class Quota(BaseModel):
    period: str  # "YYYY-MM": task counters belong to this month
    tasks_used: int = 0
    tasks_limit: int
    storage_used: int = 0
    storage_limit: int


class User(BaseModel):
    id: str
    username: str
    email: str
    avatar: str | None = None
    role: Literal["user", "vip", "admin"] = "user"
    status: Literal["active", "blocked"] = "active"
    password_hash: str
    quota: Quota
    created_at: datetime
    updated_at: datetime
