"""SIGTERM/SIGINT stop the worker and the local platform even when the main thread cannot take the signal itself."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# the child waits on the event in its main thread; with "masked" its main thread blocks the signal (as a native
# library may do), so the kernel hands it to another thread and a handler that only the main thread runs never runs
CHILD = textwrap.dedent("""
    import signal, sys, threading
    from worker.stop_signals import stop_on_signals

    signal.signal(signal.SIGHUP, signal.SIG_DFL)  # as in a terminal (a test run under nohup would ignore it)
    stop = threading.Event()
    stop_on_signals(stop)
    if sys.argv[1] == "masked":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    print("waiting", flush=True)
    stopped = stop.wait(timeout=30)
    print("stopped" if stopped else "timed out", flush=True)
""")


@pytest.mark.parametrize("main_thread", ["open", "masked"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_sets_the_event(main_thread: str, sig: signal.Signals) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, main_thread], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "waiting"
    child.send_signal(sig)
    out, _ = child.communicate(timeout=60)
    assert out.strip() == "stopped"
    assert child.returncode == 0


def test_other_signals_keep_their_default_action() -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, "open"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "waiting"
    child.send_signal(signal.SIGHUP)
    child.communicate(timeout=60)
    assert child.returncode == -signal.SIGHUP
