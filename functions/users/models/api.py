"""HTTP input and output of the User service."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from design_agent.contracts.auth import TokenPair
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s.]{2,63}$"
USERNAME_PATTERN = r"^[\w.-]{3,32}$"

Role = Literal["user", "vip", "admin"]
Status = Literal["active", "blocked"]


def _normalise_email(value: str) -> str:
    return value.strip().lower()


Email = Annotated[str, AfterValidator(_normalise_email)]


class RegisterRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email = Field(pattern=EMAIL_PATTERN, max_length=254)
    username: str = Field(pattern=USERNAME_PATTERN)
    password: str = Field(min_length=8, max_length=128)
    avatar: str | None = Field(default=None, max_length=1024)



class RegistrationAccepted(BaseModel):
    """The answer to a registration while e-mail verification is on: the same for a new and a taken address."""

    status: Literal["verification-sent"] = "verification-sent"
    detail: str = "If the address can receive mail, a link to confirm it is on its way; the account exists once " \
                  "it is confirmed."


class VerifyEmailRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200, description="the code from the verification mail")


class PasswordResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email = Field(min_length=3, max_length=254)


class PasswordResetAccepted(BaseModel):
    """The same answer whether the address has an account or not."""

    status: Literal["reset-sent"] = "reset-sent"
    detail: str = "If the address has an account, a link to choose a new password is on its way."


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200, description="the code from the password-reset mail")
    password: str = Field(min_length=8, max_length=128)


class LoginRequest(BaseModel):
    email: Email = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=128)



class QuotaOut(BaseModel):
    max_tasks: int
    used_tasks: int
    max_storage: int
    used_storage: int
    period: str
    reset_at: datetime


class UserOut(BaseModel):
    id: str
    username: str
    email: str
    avatar: str | None = None
    role: Role
    status: Status
    quota: QuotaOut
    created_at: datetime
    updated_at: datetime


class LoginResult(TokenPair):
    user: UserOut


class UpdateUserRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str | None = Field(default=None, pattern=USERNAME_PATTERN)
    avatar: str | None = Field(default=None, max_length=1024)
    role: Role | None = None  # admins only
    status: Status | None = None  # admins only


class UserList(BaseModel):
    items: list[UserOut]
    next_cursor: str | None = None


class PermissionRequest(BaseModel):
    resource: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_-]*$")
    action: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_*-]*$")


class PermissionResult(BaseModel):
    user_id: str
    role: Role
    resource: str
    action: str
    allowed: bool
