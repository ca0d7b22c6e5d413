"""Authorized HTTP clients in a process of their own, for the gateway benchmarks (so the clients do not share an
interpreter with the gateway and the emulator they measure): ``python -m bench.http_clients URL TOKEN COUNT SECONDS``
prints a JSON summary. Each client has its own keep-alive connection and sends ``GET URL`` back to back."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
MINUTE_S = 60.0


def run(url: str, token: str, count: int, seconds: float) -> dict[str, Any]:
    """``count`` clients for ``seconds``: requests/s, p50/p99 (s), answers not 200, and answers per whole minute."""
    answered: list[tuple[float, float]] = []  # (when, how long), since the start
    failed = [0]
    lock = threading.Lock()
    ready = threading.Barrier(count + 1)
    started = [0.0]

    def client() -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        mine: list[tuple[float, float]] = []
        bad = 0
        ready.wait()
        ends = started[0] + seconds
        while (sent := time.perf_counter()) < ends:
            status = session.get(url, timeout=30).status_code
            now = time.perf_counter()
            mine.append((now - started[0], now - sent))
            bad += status != 200
        with lock:
            answered.extend(mine)
            failed[0] += bad

    threads = [threading.Thread(target=client) for _ in range(count)]
    for thread in threads:
        thread.start()
    started[0] = time.perf_counter()
    ready.wait()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles([took for _, took in answered], n=100)
    minutes = [0] * int(seconds // MINUTE_S)
    for when, _ in answered:
        if int(when // MINUTE_S) < len(minutes):
            minutes[int(when // MINUTE_S)] += 1
    return {"rps": len(answered) / seconds, "p50": cuts[49], "p99": cuts[98], "failed": failed[0],
            "per_minute": minutes}


def measure(url: str, token: str, count: int, seconds: float) -> dict[str, Any]:
    """``run`` in a process of its own."""
    done = subprocess.run([sys.executable, "-m", "bench.http_clients", url, token, str(count), str(seconds)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))))
