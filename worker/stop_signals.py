"""Turn SIGTERM/SIGINT into a set ``threading.Event`` without running threading code in a signal handler.

A Python signal handler runs in the main thread between two bytecodes, so a handler that calls ``Event.set()``
can deadlock on the event's own lock when the main thread was inside ``Event.wait()`` at that moment; and it runs
only when the main thread next executes Python code, which a thread blocked in a lock wait may not do for a long
time if the kernel delivered the signal to another thread. Here the handler does nothing: the interpreter's C
handler writes the signal number to a wakeup pipe (``signal.set_wakeup_fd``), whichever thread received it, and a
small daemon thread blocked on that pipe sets the event. Used by the reference worker and the local platform.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterable

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def stop_on_signals(stop: threading.Event, signals: Iterable[signal.Signals] = STOP_SIGNALS) -> None:
    """Set ``stop`` when one of ``signals`` arrives. Call once, from the main thread, before waiting."""
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)  # the C handler must never block
    signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    wanted = set(signals)
    for sig in wanted:
        signal.signal(sig, lambda *_: None)  # a Python handler must exist, or the default action ends the process
    signal.pthread_sigmask(signal.SIG_UNBLOCK, wanted)

    def watch() -> None:
        while not stop.is_set():
            received = os.read(read_fd, 64)
            if not received:  # the pipe was closed: nothing more can arrive
                return
            if any(number in wanted for number in received):
                stop.set()

    threading.Thread(target=watch, name="stop-signals", daemon=True).start()
