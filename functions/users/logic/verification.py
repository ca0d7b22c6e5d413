"""E-mail verification and password reset with one-time tokens.

A token is 256 random bits, mailed (through the Notification service's account mails) and stored only as its
SHA-256 with a short TTL (``VERIFY_TOKEN_TTL_S``, ``RESET_TOKEN_TTL_S``); using it deletes it in the same
transaction as its effect, so it works once. Account mails to an address are limited per hour (the rest are not
sent; the answer does not change): ``ACCOUNT_MAILS_PER_HOUR`` per (address, source IP), so a stranger cannot spend
the owner's, and ``ACCOUNT_MAILS_PER_ADDRESS_HOUR`` from all sources, so no one is mail-bombed — on top of the
routes' per-source limits.

With ``EMAIL_VERIFICATION`` on, registering answers the same for a new and a taken address: a new one gets a link
that creates the account (its username is claimed then), a taken one a note that someone tried (sign in, or reset
the password). A password reset ends every session of the account and closes its WebSockets (Auth's SyncUser).
"""

from __future__ import annotations

import hashlib
import secrets
from urllib.parse import quote

from design_agent import errors
from design_agent.clock import stamp
from design_agent.contracts.auth import SyncUserRequest
from design_agent.contracts.notifications import AccountMail, SendEmailRequest
from design_agent.observability import logger

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import new_user
from functions.users.models.api import PasswordResetConfirm, RegisterRequest
from functions.users.models.domain import User

HOUR_S = 3600


def _token(prefix: str) -> tuple[str, str]:
    """A new one-time token and the hash it is stored under."""
    token = f"{prefix}_{secrets.token_urlsafe(32)}"
    return token, _hash(token)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link(deps: UsersDeps, page: str, token: str | None = None) -> str:
    return f"{deps.settings.app_url.rstrip('/')}/{page}" + (f"?token={quote(token)}" if token else "")


def _may_mail(email: str, source_ip: str, deps: UsersDeps) -> bool:
    """Counts one account mail to ``email`` asked from ``source_ip`` in this hour; False past either limit."""
    now = int(deps.clock().timestamp())
    window, expires = now // HOUR_S, (now // HOUR_S + 2) * HOUR_S
    limits = {f"MAIL#{email}#{source_ip}": deps.settings.account_mails_per_hour,  # counted first: what a source
              f"MAIL#{email}": deps.settings.account_mails_per_address_hour}  # is refused spends nothing of these
    for key, limit in limits.items():
        if deps.repo.count(key, window, expires) > limit:
            logger("users").warning("account mail not sent: an hourly limit of the address is reached")
            return False
    return True


def _mail(email: str, template: AccountMail, data: dict[str, str], deps: UsersDeps) -> None:
    deps.notifications.send_email(SendEmailRequest(to=email, template=template, data=data))


def register_pending(request: RegisterRequest, source_ip: str, deps: UsersDeps) -> None:
    """A registration waiting for its address to be confirmed; the caller answers the same whatever happens."""
    password_hash = deps.passwords.hash(request.password)  # the same work for a new and a taken address
    if not _may_mail(request.email, source_ip, deps):
        return
    owner_id = deps.repo.user_id_by_email(request.email)
    if owner_id is not None:
        owner = deps.repo.get(owner_id)
        _mail(request.email, "account-exists", {"username": owner.username if owner else request.email,
                                                "link": _link(deps, "reset-password")}, deps)
        return
    token, token_hash = _token("ev")
    ttl = deps.settings.verify_token_ttl_s
    deps.repo.put_one_time("VERIFY", token_hash, {
        "email": request.email, "username": request.username, "password_hash": password_hash,
        "avatar": request.avatar or ""}, int(deps.clock().timestamp()) + ttl)
    _mail(request.email, "verify-email", {"username": request.username, "token": token,
                                          "link": _link(deps, "verify-email", token), "minutes": str(ttl // 60)}, deps)


def verify_email(token: str, deps: UsersDeps) -> User:
    """The account of a confirmed registration (201); the token is used up by it. 409 when the address or the
    username was taken meanwhile (the holder of the mailbox may know)."""
    token_hash = _hash(token)
    pending = deps.repo.get_one_time("VERIFY", token_hash, int(deps.clock().timestamp()))
    if pending is None:
        raise errors.InvalidOneTimeToken()
    user = new_user(pending["email"], pending["username"], pending["password_hash"], "user",
                    pending.get("avatar") or None, deps)
    deps.repo.create(user, consuming="VERIFY", token_hash=token_hash)
    return user


def request_password_reset(email: str, source_ip: str, deps: UsersDeps) -> None:
    """Mails a reset link to the address if it has an active account; the caller answers the same either way."""
    if not _may_mail(email, source_ip, deps):
        return
    user_id = deps.repo.user_id_by_email(email)
    user = deps.repo.get(user_id) if user_id else None
    if user is None or user.status != "active":
        return
    token, token_hash = _token("pr")
    now, ttl = deps.clock(), deps.settings.reset_token_ttl_s
    deps.repo.put_one_time("RESET", token_hash, {"user_id": user.id, "issued_at": stamp(now)},
                           int(now.timestamp()) + ttl)
    _mail(email, "password-reset", {"username": user.username, "token": token,
                                    "link": _link(deps, "reset-password", token), "minutes": str(ttl // 60)}, deps)


def reset_password(request: PasswordResetConfirm, deps: UsersDeps) -> None:
    """A new password for the token's account (once), then every session of the account ends."""
    token_hash = _hash(request.token)
    now = deps.clock()
    found = deps.repo.get_one_time("RESET", token_hash, int(now.timestamp()))
    user = deps.repo.get(found["user_id"]) if found else None
    if found is None or user is None or user.status != "active":
        raise errors.InvalidOneTimeToken()
    deps.repo.reset_password(token_hash, user.id, deps.passwords.hash(request.password), issued_at=found["issued_at"],
                             now=stamp(now))
    deps.auth.sync_user(SyncUserRequest(user_id=user.id, role=user.role, status=user.status, revoke_tokens=True,
                                        reason="password-reset"))
