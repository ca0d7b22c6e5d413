"""What the CLI prints: tables and progress for people (progress bars on a terminal, one line per step
otherwise), JSON for scripts (``--json``), and one clear message for every refusal of the API."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from design_agent_sdk.cli.profiles import ProfileError
from design_agent_sdk.errors import (
    ApiError,
    Conflict,
    DesignAgentError,
    Forbidden,
    NotFound,
    PreconditionFailed,
    RateLimited,
    ServerError,
    SessionExpired,
    Unauthorized,
    ValidationFailed,
)
from design_agent_sdk.openapi.types import Unset


def plain(value: Any) -> Any:
    """A generated model (or a list/dict of them) as JSON-ready data."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return None if isinstance(value, Unset) else value


def shown(value: Any) -> str:
    """A cell: Unset and None are empty, enums their value."""
    if value is None or isinstance(value, Unset):
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(getattr(value, "value", value))


class Out:
    def __init__(self, as_json: bool, console: Console | None = None, errors: Console | None = None) -> None:
        self.as_json = as_json
        wide = None if sys.stdout.isatty() else 200  # a pipe or a log: whole ids, no folding at 80 columns
        self.console = console or Console(highlight=False, soft_wrap=True, width=wide)
        self.errors = errors or Console(stderr=True, highlight=False, soft_wrap=True)

    @property
    def live(self) -> bool:
        """Progress bars only on a terminal and never in JSON mode (a pipe or a log gets one line per step)."""
        return not self.as_json and self.console.is_terminal

    def json(self, value: Any) -> None:
        self.console.out(json.dumps(plain(value), indent=2, ensure_ascii=False, default=str), highlight=False)

    def result(self, value: Any, text: str | None = None) -> None:
        """JSON of the whole result in ``--json`` mode, else a line for a person."""
        if self.as_json:
            self.json(value)
        elif text is not None:
            self.console.print(text, markup=False)

    def table(self, value: Any, rows: Iterable[Any], columns: Sequence[str], empty: str = "nothing yet") -> None:
        """``rows`` (models) as a table of ``columns`` (attribute names), or all of ``value`` as JSON."""
        if self.as_json:
            self.json(value)
            return
        items = list(rows)
        if not items:
            self.console.print(empty, markup=False)
            return
        table = Table(*(column.rstrip("_") for column in columns))
        for item in items:
            table.add_row(*(shown(getattr(item, column, None)) for column in columns))
        self.console.print(table)

    def step(self, text: str) -> None:
        """A progress line where no bar is drawn (never on stdout in JSON mode)."""
        (self.errors if self.as_json else self.console).print(text, markup=False)

    def fail(self, error: BaseException, profile: str) -> None:
        if self.as_json:
            problem = dict(error.problem) if isinstance(error, ApiError) else {"detail": str(error)}
            self.errors.out(json.dumps({"error": {"kind": type(error).__name__, **problem}}, default=str))
            return
        self.errors.print(f"error: {explain(error, profile)}", markup=False)


def explain(error: BaseException, profile: str) -> str:
    """One sentence for each kind of failure, with what to do about it."""
    if isinstance(error, ApiError):
        said = error.detail or error.title or error.code
        ref = f" [{error.code}{', request ' + error.request_id if error.request_id else ''}]"
        if isinstance(error, SessionExpired) and error.code == "not-signed-in":
            return f"not signed in (profile {profile}): design-agent -p {profile} login"
        if isinstance(error, SessionExpired):
            return f"your session has ended ({said}); sign in again: design-agent -p {profile} login{ref}"
        if isinstance(error, Unauthorized):
            return f"not signed in, or the credentials are wrong: {said}{ref}"
        if isinstance(error, Forbidden):
            return f"not allowed: {said}{ref}"
        if isinstance(error, NotFound):
            return f"not found: {said}{ref}"
        if isinstance(error, ValidationFailed):
            fields = "; ".join(f"{e.path}: {e.message}" for e in error.errors)
            return f"invalid input: {fields or said}{ref}"
        if isinstance(error, RateLimited):
            wait = f"; try again in {error.retry_after:.0f} s" if error.retry_after is not None else ""
            return f"too many requests{wait}{ref}"
        if isinstance(error, PreconditionFailed):
            return f"it changed since you read it: {said} (read it again){ref}"
        if isinstance(error, Conflict):
            current = error.problem.get("current_status")
            return f"not possible now: {said}{f' (it is {current})' if current else ''}{ref}"
        if isinstance(error, ServerError):
            return f"the platform failed ({error.status}): {said}; try again later{ref}"
        return f"{error.status}: {said}{ref}"
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        return f"cannot reach the API ({error}); is the platform running (make dev) and the profile's URL right?"
    if isinstance(error, httpx.HTTPError):
        return f"the connection failed: {error}"
    if isinstance(error, DesignAgentError | ProfileError | OSError):
        return str(error)
    return f"{type(error).__name__}: {error}"
