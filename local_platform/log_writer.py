"""Log lines go to stdout from one background thread, so a slow or full stdout (a pipe nobody reads yet)
never stalls a request or a poller."""

from __future__ import annotations

import queue
import sys
import threading

from local_platform.log_format import pretty


class StdoutLog:
    def __init__(self, log_format: str = "json") -> None:
        self.log_format = log_format  # "json": lines as they are; "pretty"/"colour": JSON lines made readable
        self._items: queue.SimpleQueue[str | threading.Event] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        self._items.put(line)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._write, name="log-writer", daemon=True)
                self._thread.start()

    def flush(self, timeout_s: float = 2.0) -> None:
        """Wait (at most ``timeout_s``) until every line logged so far is written."""
        if self._thread is None:
            return
        written = threading.Event()
        self._items.put(written)
        written.wait(timeout_s)

    def _write(self) -> None:
        while True:
            item = self._items.get()
            if isinstance(item, threading.Event):
                item.set()
                continue
            shown = item if self.log_format == "json" else pretty(item, colour=self.log_format == "colour")
            if shown is not None:
                sys.stdout.write(shown + "\n")
                sys.stdout.flush()
