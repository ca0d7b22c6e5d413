"""Accounts: registration, login, profile reads and updates, admin actions."""

from __future__ import annotations

import secrets

from design_agent import errors
from design_agent.api import Principal
from design_agent.contracts.auth import IssueSessionRequest, SyncUserRequest
from design_agent.contracts.users import CreateAdminRequest, CreateAdminResult
from design_agent.ids import new_id

from functions.users.deps import UsersDeps
from functions.users.logic import quota
from functions.users.logic.throttle import LoginThrottle
from functions.users.models.api import LoginRequest, LoginResult, RegisterRequest, UpdateUserRequest, UserOut
from functions.users.models.domain import User

ME = "me"


def to_out(user: User, deps: UsersDeps) -> UserOut:
    return UserOut(id=user.id, username=user.username, email=user.email, avatar=user.avatar, role=user.role,
                   status=user.status, quota=quota.view(user, deps.clock()), created_at=user.created_at,
                   updated_at=user.updated_at)


def new_user(email: str, username: str, password_hash: str, role: str, avatar: str | None,
             deps: UsersDeps) -> User:
    now = deps.clock()
    return User(id=new_id("user"), username=username, email=email, avatar=avatar, role=role,
                password_hash=password_hash, quota=quota.initial_quota(role, now, deps.settings), created_at=now,
                updated_at=now)


def register(request: RegisterRequest, deps: UsersDeps) -> User:
    """The account at once (``EMAIL_VERIFICATION`` off; with it on, ``verification.register_pending``)."""
    user = new_user(request.email, request.username, deps.passwords.hash(request.password), "user", request.avatar,
                    deps)
    deps.repo.create(user)
    return user


def login(request: LoginRequest, source_ip: str, user_agent: str | None, deps: UsersDeps) -> LoginResult:
    now = int(deps.clock().timestamp())
    throttle = LoginThrottle(deps.repo, deps.settings)
    state = throttle.ensure_allowed(request.email, source_ip, now)
    user_id = deps.repo.user_id_by_email(request.email)
    user = deps.repo.get(user_id) if user_id else None
    if not deps.passwords.verify(user.password_hash if user else None, request.password) or user is None:
        throttle.record_failure(request.email, source_ip, now)
        raise errors.InvalidCredentials()
    if user.status == "blocked":
        raise errors.AccountBlocked()
    throttle.record_success(request.email, source_ip, now, state)
    if deps.passwords.needs_rehash(user.password_hash):
        deps.repo.set_password_hash(user.id, deps.passwords.hash(request.password))
    tokens = deps.auth.issue_session(IssueSessionRequest(user_id=user.id, role=user.role, source_ip=source_ip,
                                                         user_agent=user_agent))
    return LoginResult(**tokens.model_dump(), user=to_out(user, deps))


def resolve(user_id: str, caller: Principal) -> str:
    return caller.subject if user_id == ME else user_id


def get_visible(user_id: str, caller: Principal, deps: UsersDeps) -> User:
    """The user, if the caller may see it; another user's account is 404 to non-admins."""
    user_id = resolve(user_id, caller)
    if user_id != caller.subject and not caller.is_admin:
        raise errors.NotFound("No such user")
    user = deps.repo.get(user_id)
    if user is None:
        raise errors.NotFound("No such user")
    return user


def update(user_id: str, request: UpdateUserRequest, caller: Principal, deps: UsersDeps) -> User:
    user = get_visible(user_id, caller, deps)
    if (request.role is not None or request.status is not None) and not caller.is_admin:
        raise errors.Forbidden("Only administrators may change role or status")
    if caller.subject == user.id and request.status == "blocked":
        raise errors.Conflict("Administrators cannot block themselves")
    changed = user.model_copy(update=request.model_dump(exclude_none=True))
    delta = quota.limit_delta(user.role, changed.role, deps.settings)
    updated = deps.repo.update_profile(changed, old_username=user.username, limits_changed=delta, now=deps.clock())
    if (updated.role, updated.status) != (user.role, user.status):
        role_changed = updated.role != user.role
        deps.auth.sync_user(SyncUserRequest(user_id=user.id, role=updated.role, status=updated.status,
                                            revoke_tokens=role_changed,
                                            reason="role-changed" if role_changed else f"user-{updated.status}"))
    return updated


def set_status(user_id: str, status: str, caller: Principal, deps: UsersDeps) -> User:
    return update(user_id, UpdateUserRequest(status=status), caller, deps)


def create_admin(request: CreateAdminRequest, deps: UsersDeps) -> CreateAdminResult:
    """Idempotent bootstrap of an administrator (``make dev``; ``scripts/create_admin.py`` on AWS)."""
    email = request.email.strip().lower()
    existing = deps.repo.user_id_by_email(email)
    if existing:
        return CreateAdminResult(user_id=existing, email=email, created=False)
    password = request.password or secrets.token_urlsafe(12)
    user = new_user(email, request.username, deps.passwords.hash(password), "admin", None, deps)
    deps.repo.create(user)
    deps.auth.sync_user(SyncUserRequest(user_id=user.id, role="admin", status="active"))
    return CreateAdminResult(user_id=user.id, email=email, created=True,
                             password=None if request.password else password)
