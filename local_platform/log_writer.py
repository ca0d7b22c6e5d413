"""Log lines go to stdout from one background thread, so a slow or full stdout (a pipe nobody reads yet)
never stalls a request or a poller."""

from __future__ import annotations

import queue
import sys
import threading


class StdoutLog:
    def __init__(self) -> None:
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
            sys.stdout.write(item + "\n")
            sys.stdout.flush()
