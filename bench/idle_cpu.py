"""What the local platform burns while nobody uses it: ``python -m bench.idle_cpu [--seconds S]``.

Starts the whole platform in this process (embedded moto, free ports) with one reference worker, lets it settle
(start-up work, the first polls), then measures for ``S`` seconds (60 by default) the CPU time of this process and
of every process it started (functions' workers, the fork server, the reference worker) and the requests the
emulator answered. The floor, measured in the same run, is this process doing nothing for as long with the platform
stopped. Goal: under 3 % of a core.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]

from bench.local import running_platform  # noqa: E402

SETTLE_S = 15.0
GOAL = 0.03


def cpu_seconds() -> dict[int, float]:
    """CPU seconds so far of this process and each of its descendants, by pid."""
    me = psutil.Process()
    seconds: dict[int, float] = {}
    for process in (me, *me.children(recursive=True)):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        seconds[process.pid] = times.user + times.system
    return seconds


def busy_share(seconds: float) -> float:
    """The share of one core this process tree used over the next ``seconds`` (processes alive throughout)."""
    before, started = cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    after, elapsed = cpu_seconds(), time.monotonic() - started
    return sum(after[pid] - before[pid] for pid in after.keys() & before.keys()) / elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    with running_platform(workers=1) as platform:
        time.sleep(SETTLE_S)
        assert platform.moto is not None
        calls_before = platform.moto.app.receive_calls
        idle = busy_share(args.seconds)
        polls = platform.moto.app.receive_calls - calls_before
    floor = busy_share(args.seconds / 4)
    print(f"Idle platform, one reference worker ({args.seconds:.0f} s after {SETTLE_S:.0f} s to settle)")
    print(f"  floor: this process alone, idle        {floor * 100:6.2f} % of a core")
    print(f"  the platform and its processes, idle   {idle * 100:6.2f} % of a core   (goal < {GOAL * 100:.0f} %)")
    print(f"  ReceiveMessage calls answered           {polls / args.seconds:6.2f} per second")


if __name__ == "__main__":
    main()
