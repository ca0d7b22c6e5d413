"""Monthly quotas per role, consumed and refunded atomically and idempotently.

Task counters belong to a calendar month (UTC) and reset lazily: the first change in a new
month rolls the period over. Storage is a capacity and never resets. A refund undoes one earlier
consume (same idempotency key and amount); a task charged in a past month is not refunded, since
that month's counter is gone.
"""

from __future__ import annotations

from datetime import UTC, datetime

from design_agent import errors
from design_agent.contracts.users import QuotaChange, QuotaQuery, QuotaState
from design_agent.settings import Settings

from functions.users.dal.repository import QuotaConflict
from functions.users.deps import UsersDeps
from functions.users.models.api import QuotaOut
from functions.users.models.domain import Quota, User

MAX_ATTEMPTS = 3


def period_of(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m")


def next_reset(period: str) -> datetime:
    year, month = (int(p) for p in period.split("-"))
    return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)


def initial_quota(role: str, now: datetime, settings: Settings) -> Quota:
    tasks, storage = settings.quota_limits(role)
    return Quota(period=period_of(now), tasks_limit=tasks, storage_limit=storage)


def limit_delta(old_role: str, new_role: str, settings: Settings) -> tuple[int, int] | None:
    """How a role change moves the limits (the stored remaining counters shift by the same amount)."""
    if old_role == new_role:
        return None
    (t0, s0), (t1, s1) = settings.quota_limits(old_role), settings.quota_limits(new_role)
    return t1 - t0, s1 - s0


def view(user: User, now: datetime) -> QuotaOut:
    """The quota as a client sees it; a past month's task counter reads as zero."""
    q, period = user.quota, period_of(now)
    used_tasks = q.tasks_used if q.period == period else 0
    return QuotaOut(max_tasks=q.tasks_limit, used_tasks=used_tasks, max_storage=q.storage_limit,
                    used_storage=q.storage_used, period=period, reset_at=next_reset(period))


def _state(user: User, resource: str, now: datetime, applied: bool) -> QuotaState:
    out = view(user, now)
    used, limit = (out.used_tasks, out.max_tasks) if resource == "tasks" else (out.used_storage, out.max_storage)
    return QuotaState(user_id=user.id, resource=resource, used=used, limit=limit,
                      remaining=limit - used, period=out.period, applied=applied)


def read(query: QuotaQuery, deps: UsersDeps) -> QuotaState:
    user = deps.repo.get(query.user_id)
    if user is None:
        raise errors.NotFound("No such user")
    return _state(user, query.resource, deps.clock(), applied=False)


def change(request: QuotaChange, op: str, deps: UsersDeps) -> QuotaState:
    now = deps.clock()
    period = period_of(now)
    for _ in range(MAX_ATTEMPTS):
        try:
            applied = deps.repo.change_quota(request.user_id, request.resource, request.amount,
                                             op=op,  # type: ignore[arg-type]
                                             idempotency_key=request.idempotency_key, period=period,
                                             now_epoch=int(now.timestamp()))
        except QuotaConflict:
            user = deps.repo.get(request.user_id)
            if user is None:
                raise errors.NotFound("No such user") from None
            if request.resource == "tasks" and user.quota.period != period:
                deps.repo.reset_period(user.id, user.quota.period, period)
                continue
            raise errors.QuotaExceeded(f"The {request.resource} quota is used up", resource=request.resource,
                                       limit=_state(user, request.resource, now, True).limit) from None
        user = deps.repo.get(request.user_id)
        if user is None:
            raise errors.NotFound("No such user")
        return _state(user, request.resource, now, applied=applied)
    raise errors.Conflict("The quota changed concurrently; try again")
