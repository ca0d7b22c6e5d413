"""Login throttling per email and per source IP: too many failures in a window lock the key."""

from __future__ import annotations

from design_agent import errors
from design_agent.settings import Settings

from functions.users.dal.repository import UsersRepository


class LoginThrottle:
    def __init__(self, repo: UsersRepository, settings: Settings) -> None:
        self._repo = repo
        self._s = settings

    def _keys(self, email: str, ip: str) -> dict[str, int]:
        return {f"EMAIL#{email}": self._s.login_max_failures, f"IP#{ip}": self._s.login_ip_max_failures}

    def ensure_allowed(self, email: str, ip: str, now: int) -> int:
        """Raise 429 while the email or the IP is locked; otherwise the email's failures in this window."""
        locks, failures = self._repo.throttle_state(list(self._keys(email, ip)), f"EMAIL#{email}",
                                                    now // self._s.login_window_s)
        until = max((t for t in locks.values() if t > now), default=0)
        if until:
            raise errors.TooManyRequests("Too many failed logins; try again later", retry_after_s=until - now)
        return failures

    def record_failure(self, email: str, ip: str, now: int) -> None:
        window = now // self._s.login_window_s
        expires = (window + 2) * self._s.login_window_s
        for key, limit in self._keys(email, ip).items():
            if self._repo.count_failure(key, window, expires) >= limit:
                self._repo.lock(key, now + self._s.login_lockout_s)

    def record_success(self, email: str, now: int, failures: int) -> None:
        if failures:
            self._repo.clear_failures(f"EMAIL#{email}", now // self._s.login_window_s)
