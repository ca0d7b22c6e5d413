"""Internal operations of the Auth service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from design_agent.clients import AwsClients
from design_agent.internal import InternalClient


class IssueSessionRequest(BaseModel):
    user_id: str
    role: str
    source_ip: str | None = None
    user_agent: str | None = None


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    session_id: str
    access_expires_at: datetime


class SyncUserRequest(BaseModel):
    """The User service tells Auth about a role or status change."""

    user_id: str
    role: str
    status: Literal["active", "blocked"]
    revoke_tokens: bool = False  # invalidate every token issued so far
    reason: str | None = Field(default=None, max_length=64)  # why, for the record (e.g. "role-changed")


class SyncUserResult(BaseModel):
    user_id: str
    sessions_revoked: int = 0


class RegisterClientRequest(BaseModel):
    """A new machine client (an algorithm worker); also the body of ``POST /api/v1/auth/clients``."""

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
    description: str | None = Field(default=None, max_length=500)


class RegisterClientResult(BaseModel):
    client_id: str
    client_secret: str  # returned this once; only its hash is stored


class AuthClient:
    def __init__(self, stage: str, clients: AwsClients | None = None) -> None:
        self._rpc = InternalClient(stage, clients)

    def issue_session(self, request: IssueSessionRequest) -> TokenPair:
        return self._rpc.call("auth", "IssueSession", request, TokenPair)

    def sync_user(self, request: SyncUserRequest) -> SyncUserResult:
        return self._rpc.call("auth", "SyncUser", request, SyncUserResult)

    def register_client(self, request: RegisterClientRequest) -> RegisterClientResult:
        return self._rpc.call("auth", "RegisterClient", request, RegisterClientResult)
