"""A counter that threads wait on instead of polling: bumped when something they read may have changed."""

from __future__ import annotations

import threading


class Changes:
    """Bumped by a writer (the emulator, after each DynamoDB write: new stream records); a reader notes ``count``
    before it looks, and when it found nothing waits until the count moves past what it noted (or a timeout),
    so a write between its look and its wait is never slept through."""

    def __init__(self) -> None:
        self._moved = threading.Condition()
        self._count = 0

    @property
    def count(self) -> int:
        return self._count

    def bump(self) -> None:
        with self._moved:
            self._count += 1
            self._moved.notify_all()

    def wait_past(self, noted: int, timeout_s: float) -> bool:
        """True once the count is no longer ``noted``; False after ``timeout_s`` without a change."""
        with self._moved:
            return self._moved.wait_for(lambda: self._count != noted, timeout=timeout_s)
