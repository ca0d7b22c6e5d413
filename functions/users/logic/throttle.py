"""Login throttling that a stranger cannot turn against an account's owner.

Failed logins are counted per window (``LOGIN_WINDOW_S``) for three keys:

- the (email, source IP) pair: ``LOGIN_MAX_FAILURES`` lock that pair for ``LOGIN_LOCKOUT_S`` — whoever guesses
  from one place stops there, and locks no one else out;
- the source IP, across emails: ``LOGIN_IP_MAX_FAILURES`` lock the source (password spraying);
- the email, from anywhere: only past ``LOGIN_EMAIL_MAX_FAILURES`` (many sources guessing one account), and then
  progressively — ``LOGIN_EMAIL_LOCK_BASE_S`` for the first failure over the limit, doubling with each further
  one, up to ``LOGIN_LOCKOUT_S``. A source the email signed in from before (a *known source*, remembered for
  ``LOGIN_KNOWN_SOURCE_S``) is exempt from the email's lock, so the owner at their usual place gets in while
  strangers are slowed down; from a new place the owner waits at most the current step.

Locks are checked before any password work and answer 429 with ``Retry-After``; the keys are the email as typed
(normalised), so an unknown email behaves exactly like a known one.
"""

from __future__ import annotations

from dataclasses import dataclass

from design_agent import errors
from design_agent.settings import Settings

from functions.users.dal.repository import UsersRepository


@dataclass(frozen=True)
class LoginState:
    pair_failures: int  # of this email from this source, in the current window
    known_source: bool  # the email has signed in from this source before


class LoginThrottle:
    def __init__(self, repo: UsersRepository, settings: Settings) -> None:
        self._repo = repo
        self._s = settings

    @staticmethod
    def _pair(email: str, ip: str) -> str:
        return f"PAIR#{email}#{ip}"

    def ensure_allowed(self, email: str, ip: str, now: int) -> LoginState:
        """Raise 429 while the pair, the source, or (for a source it does not know) the email is locked."""
        pair, source, account = self._pair(email, ip), f"IP#{ip}", f"EMAIL#{email}"
        found = self._repo.throttle_state([pair, source, account], pair, now // self._s.login_window_s)
        known = found.known_until > now
        locks = [found.locks.get(pair, 0), found.locks.get(source, 0)]
        if not known:
            locks.append(found.locks.get(account, 0))
        until = max((t for t in locks if t > now), default=0)
        if until:
            raise errors.TooManyRequests("Too many failed logins; try again later", retry_after_s=until - now)
        return LoginState(pair_failures=found.failures, known_source=known)

    def record_failure(self, email: str, ip: str, now: int) -> None:
        window = now // self._s.login_window_s
        expires = (window + 2) * self._s.login_window_s
        count = {key: self._repo.count(key, window, expires)
                 for key in (self._pair(email, ip), f"IP#{ip}", f"EMAIL#{email}")}
        if count[self._pair(email, ip)] >= self._s.login_max_failures:
            self._repo.lock(self._pair(email, ip), now + self._s.login_lockout_s)
        if count[f"IP#{ip}"] >= self._s.login_ip_max_failures:
            self._repo.lock(f"IP#{ip}", now + self._s.login_lockout_s)
        over = count[f"EMAIL#{email}"] - self._s.login_email_max_failures
        if over >= 0:
            self._repo.lock(f"EMAIL#{email}", now + self.email_lock_s(over))

    def email_lock_s(self, over: int) -> int:
        """The email's lock after ``over`` + 1 failures past its limit: the base, doubled each time, capped."""
        return min(self._s.login_email_lock_base_s << min(over, 30), self._s.login_lockout_s)

    def record_success(self, email: str, ip: str, now: int, state: LoginState) -> None:
        if state.pair_failures:
            self._repo.clear_failures(self._pair(email, ip), now // self._s.login_window_s)
        if not state.known_source:
            self._repo.mark_known(self._pair(email, ip), now + self._s.login_known_source_s)
