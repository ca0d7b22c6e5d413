"""Sessions and refresh-token rotation with reuse detection.

A session is one refresh-token *family*. Every refresh marks the presented token used and issues a successor.
Presenting a used token again within the grace window (a retry, parallel refreshes of one client) gives back the
*same* successor — never a second live chain; after it, it is treated as theft and the whole family (the
session) is revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from botocore.exceptions import BotoCoreError, ClientError
from design_agent import errors
from design_agent.clock import epoch_ms
from design_agent.contracts.auth import IssueSessionRequest, SyncUserRequest, SyncUserResult, TokenPair
from design_agent.contracts.notifications import CloseConnectionsRequest
from design_agent.ids import new_id
from design_agent.observability import logger
from design_agent.tokens import AccessClaims, issue_access_token

from functions.auth.dal.repository import StaleRefreshToken
from functions.auth.deps import AuthDeps
from functions.auth.logic import successors
from functions.auth.models.api import SessionOut
from functions.auth.models.domain import RefreshRecord, Session, UserStatus


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_refresh(deps: AuthDeps, session_id: str, user_id: str) -> tuple[str, RefreshRecord]:
    token = f"rt_{secrets.token_urlsafe(32)}"
    record = RefreshRecord(token_hash=hash_refresh_token(token), session_id=session_id, user_id=user_id,
                           status="active",
                           expires_at=deps.clock() + timedelta(seconds=deps.settings.refresh_token_ttl_s))
    return token, record


def _pair(deps: AuthDeps, *, user_id: str, role: str, session_id: str, refresh_token: str) -> TokenPair:
    access, claims = issue_access_token(
        deps.keys.load(), subject=user_id, role=role, session_id=session_id,
        ttl_s=deps.settings.access_token_ttl_s, issuer=deps.settings.token_issuer, now=deps.clock())
    return TokenPair(access_token=access, refresh_token=refresh_token, expires_in=deps.settings.access_token_ttl_s,
                     session_id=session_id, access_expires_at=datetime.fromtimestamp(claims.exp, UTC))


def issue_session(request: IssueSessionRequest, deps: AuthDeps) -> TokenPair:
    now = deps.clock()
    session_id = new_id("session")
    refresh_token, record = _new_refresh(deps, session_id, request.user_id)
    session = Session(session_id=session_id, user_id=request.user_id, role=request.role, created_at=now,
                      last_used_at=now, expires_at=record.expires_at, source_ip=request.source_ip,
                      user_agent=(request.user_agent or "")[:200] or None)
    deps.repo.create_session(session, record)
    return _pair(deps, user_id=request.user_id, role=request.role, session_id=session_id,
                 refresh_token=refresh_token)


def refresh(refresh_token: str, deps: AuthDeps) -> TokenPair:
    now = deps.clock()
    record = deps.repo.get_refresh(hash_refresh_token(refresh_token))
    if record is None or record.expires_at <= now:
        raise errors.InvalidToken("The refresh token is invalid or expired")
    session, user = deps.repo.get_session_and_user(record.session_id, record.user_id)
    if session is None or session.revoked:
        raise errors.InvalidToken("The session has ended")
    if user is not None and user.status == "blocked":
        raise errors.AccountBlocked()
    role = user.role if user else session.role
    if record.status == "used":
        successor = _replayed(refresh_token, record, deps)
    else:
        successor, new_record = _new_refresh(deps, record.session_id, record.user_id)
        try:
            deps.repo.rotate_refresh(record.token_hash, new_record, now,
                                     successors.seal(refresh_token, successor, record.session_id))
        except StaleRefreshToken:  # a parallel refresh of the same token won the rotation
            successor = _replayed(refresh_token, deps.repo.get_refresh(record.token_hash) or record, deps)
    return _pair(deps, user_id=record.user_id, role=role, session_id=record.session_id, refresh_token=successor)


def _replayed(presented: str, record: RefreshRecord, deps: AuthDeps) -> str:
    """A used token came back: within the grace window, the successor it was rotated into (the same one every
    time); after it, theft — the family is revoked."""
    used_at = record.used_at or deps.clock()
    if (deps.clock() - used_at).total_seconds() <= deps.settings.refresh_reuse_grace_s:
        successor = successors.open_sealed(presented, record.successor, record.session_id) \
            if record.successor else None
        if successor is None:  # rotated before successors were kept: no second chain either
            raise errors.InvalidToken("The refresh token was already used; use the one it was exchanged for")
        return successor
    deps.repo.revoke_session(record.session_id, "refresh-token-reuse")
    close_connections(deps, record.user_id, "refresh-token-reuse", session_id=record.session_id)
    raise errors.InvalidToken("The refresh token was already used; the session has been revoked")


def close_connections(deps: AuthDeps, user_id: str, reason: str, *, session_id: str | None = None,
                      issued_before_ms: int | None = None) -> None:
    """After a revocation: the WebSocket connections opened with the revoked tokens are closed (the Notification
    service holds them), so they receive nothing more. The revocation itself stands whatever happens here; a
    failure to close is logged as an error (the connection would otherwise live out API Gateway's two hours)."""
    try:
        deps.notifications.close_connections(CloseConnectionsRequest(
            user_id=user_id, session_id=session_id, issued_before_ms=issued_before_ms, reason=reason))
    except (errors.AppError, BotoCoreError, ClientError):
        logger("auth").exception("open connections of revoked tokens were not closed",
                                 extra={"user_id": user_id, "session_id": session_id, "reason": reason})


def logout(claims: AccessClaims, deps: AuthDeps) -> None:
    if claims.sid:
        deps.repo.revoke_session(claims.sid, "logout", user_id=claims.sub)
    deps.repo.revoke_jti(claims.jti, claims.exp)
    if claims.sid:
        close_connections(deps, claims.sub, "logout", session_id=claims.sid)


def list_sessions(user_id: str, current_session: str | None, deps: AuthDeps) -> list[SessionOut]:
    now = deps.clock()
    return [
        SessionOut(session_id=s.session_id, created_at=s.created_at, last_used_at=s.last_used_at,
                   expires_at=s.expires_at, source_ip=s.source_ip, user_agent=s.user_agent,
                   current=s.session_id == current_session)
        for s in deps.repo.list_sessions(user_id) if not s.revoked and s.expires_at > now
    ]


def revoke_session(user_id: str, session_id: str, deps: AuthDeps) -> None:
    deps.repo.revoke_session(session_id, "revoked-by-user", user_id=user_id)
    close_connections(deps, user_id, "revoked-by-user", session_id=session_id)


def sync_user(request: SyncUserRequest, deps: AuthDeps) -> SyncUserResult:
    """Role/status change from the User service; blocking (or an explicit revoke) kills every token."""
    revoke = request.revoke_tokens or request.status == "blocked"
    revoke_at = epoch_ms(deps.clock()) if revoke else None  # tokens issued from this millisecond on are good
    deps.repo.put_user_status(UserStatus(user_id=request.user_id, role=request.role, status=request.status),
                              revoke_at)
    count = 0
    if revoke_at is not None:
        for session in deps.repo.list_sessions(request.user_id):
            if not session.revoked:
                count += int(deps.repo.revoke_session(session.session_id, f"user-{request.status}"))
        close_connections(deps, request.user_id, request.reason or f"user-{request.status}",
                          issued_before_ms=revoke_at)
    return SyncUserResult(user_id=request.user_id, sessions_revoked=count)
