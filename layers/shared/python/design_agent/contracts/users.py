"""Internal operations of the User service."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from design_agent.clients import AwsClients
from design_agent.internal import InternalClient

QuotaResource = Literal["tasks", "storage"]


class QuotaChange(BaseModel):
    user_id: str
    resource: QuotaResource
    amount: int = Field(ge=1)
    # makes the change idempotent: the same key never charges (or refunds) twice; a refund
    # names the key of the charge it undoes
    idempotency_key: str = Field(min_length=1, max_length=200)


class QuotaState(BaseModel):
    user_id: str
    resource: QuotaResource
    used: int
    limit: int
    remaining: int
    period: str
    applied: bool = True  # false when the idempotency key had already been applied


class QuotaQuery(BaseModel):
    user_id: str
    resource: QuotaResource


class CreateAdminRequest(BaseModel):
    email: str
    username: str
    password: str | None = None  # generated when absent


class CreateAdminResult(BaseModel):
    user_id: str
    email: str
    password: str | None = None  # only when it was generated here (printed once)
    created: bool


class ContactsRequest(BaseModel):
    user_ids: list[str] = Field(min_length=1, max_length=100)


class Contact(BaseModel):
    user_id: str
    email: str
    username: str
    status: str


class Contacts(BaseModel):
    """The users that exist, in no particular order (unknown ids are left out)."""

    contacts: list[Contact]


class UserIdsRequest(BaseModel):
    limit: int = Field(default=100, ge=1, le=500)
    cursor: str | None = None


class UserIds(BaseModel):
    user_ids: list[str]
    next_cursor: str | None = None


class UsersClient:
    def __init__(self, stage: str, clients: AwsClients | None = None) -> None:
        self._rpc = InternalClient(stage, clients)

    def consume_quota(self, change: QuotaChange) -> QuotaState:
        return self._rpc.call("users", "ConsumeQuota", change, QuotaState)

    def refund_quota(self, change: QuotaChange) -> QuotaState:
        return self._rpc.call("users", "RefundQuota", change, QuotaState)

    def read_quota(self, query: QuotaQuery) -> QuotaState:
        return self._rpc.call("users", "ReadQuota", query, QuotaState)

    def create_admin(self, request: CreateAdminRequest) -> CreateAdminResult:
        return self._rpc.call("users", "CreateAdmin", request, CreateAdminResult)

    def contacts(self, request: ContactsRequest) -> Contacts:
        return self._rpc.call("users", "GetContacts", request, Contacts)

    def user_ids(self, request: UserIdsRequest) -> UserIds:
        return self._rpc.call("users", "ListUserIds", request, UserIds)
