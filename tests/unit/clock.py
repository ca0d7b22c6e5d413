"""A clock the test sets: ``clock()`` answers ``clock.now`` until the test moves it."""

from __future__ import annotations

from datetime import UTC, datetime


class FixedClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now
