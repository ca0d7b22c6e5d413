"""Readable local logs: every JSON log line (the gateway's access log, the platform's own, the functions'
Powertools lines) as one short line, coloured on a terminal; CloudWatch's embedded metrics, which only
CloudWatch reads, are left out. ``--json-logs`` keeps the JSON lines as they are (what AWS writes).

The platform's lines go through ``StdoutLog``; a function's worker process formats its own stdout
(``runtime.py``), told by ``LOCAL_LOG_FORMAT`` in its environment."""

from __future__ import annotations

import io
import json
import os
import sys
from typing import Any, TextIO

LOG_FORMAT = "LOCAL_LOG_FORMAT"  # "pretty", "colour" (pretty, coloured) or "json" (as they are)
# what every Powertools line repeats, or what the one-line form shows elsewhere
_SKIPPED = frozenset({"level", "message", "timestamp", "location", "service", "cold_start", "function_name",
                      "function_memory_size", "function_arn", "function_request_id", "correlation_id",
                      "xray_trace_id", "sampling_rate", "requestId"})
_COLOURS = {"ERROR": "31", "CRITICAL": "31", "WARNING": "33", "DEBUG": "2"}


def _paint(text: str, code: str | None, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour and code else text


def _status_colour(status: int) -> str:
    return "31" if status >= 500 else "33" if status >= 400 else "32"


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def pretty(line: str, colour: bool = False) -> str | None:
    """One log line made readable; ``None`` to leave it out (embedded metrics). A line that is not a JSON object
    is returned as it is."""
    text = line.strip()
    if not text.startswith("{"):
        return line
    try:
        record = json.loads(text)
    except ValueError:
        return line
    if not isinstance(record, dict):
        return line
    if "_aws" in record:  # CloudWatch embedded metrics
        return None
    if {"method", "path", "status", "latencyMs"} <= record.keys():  # the gateway's access log
        status = int(record["status"])
        who = f"  {record['principal']}" if record.get("principal") else ""
        return (f"{record['method']:<6} {record['path']}  {_paint(str(status), _status_colour(status), colour)}  "
                f"{record['latencyMs']:.0f} ms{who}")
    level = str(record.get("level", "INFO")).upper()
    source = record.get("service") or record.get("function") or "platform"
    extra = "  ".join(f"{key}={_value(value)}" for key, value in record.items() if key not in _SKIPPED)
    head = _paint(f"{level:<7}", _COLOURS.get(level), colour)
    return f"{head} {source}: {record.get('message', '')}" + (f"  {extra}" if extra else "")


class PrettyLines(io.TextIOBase):
    """A text stream that writes each complete line to ``target`` made readable (a function's stdout)."""

    def __init__(self, target: TextIO, colour: bool) -> None:
        self._target = target
        self._colour = colour
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            shown = pretty(line, self._colour)
            if shown is not None:
                self._target.write(shown + "\n")
        if lines:
            self._target.flush()
        return len(text)

    def flush(self) -> None:
        self._target.flush()


def format_from_environment() -> str:
    return os.environ.get(LOG_FORMAT, "json")


def readable_stdout() -> None:
    """In a function's worker process: make its stdout readable if the platform asked for it."""
    chosen = format_from_environment()
    if chosen in ("pretty", "colour"):
        sys.stdout = PrettyLines(sys.stdout, colour=chosen == "colour")
