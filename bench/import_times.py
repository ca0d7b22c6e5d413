"""Cold import time of every handler module, as a ratio to the floor every handler pays anyway.

The floor is ``import boto3`` + the Powertools REST resolver + pydantic, measured beside each handler (floor and
handler samples alternate, so a machine that gets busier part-way changes both alike). Each sample is a fresh
interpreter with Lambda's ``LAMBDA_TASK_ROOT`` (a cold start imports everything once); the medians of several runs
are shown. Tracing is off (a stage with ``tracing: false``, and locally); one handler is shown with tracing on too,
where the X-Ray SDK's core is part of the work.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]
RUNS = 5

FLOOR = ("import boto3\n"
         "from aws_lambda_powertools.event_handler import APIGatewayRestResolver\n"
         "import pydantic\n")

_TIMER = """
import sys, time
sys.path[:0] = {paths!r}
t = time.perf_counter()
{body}
print(time.perf_counter() - t)
"""


def _once(body: str, tracing: bool) -> float:
    env = {k: v for k, v in os.environ.items() if k != "POWERTOOLS_TRACE_DISABLED"}
    env |= {"LAMBDA_TASK_ROOT": str(ROOT), **({} if tracing else {"POWERTOOLS_TRACE_DISABLED": "true"})}
    out = subprocess.run([sys.executable, "-c", _TIMER.format(paths=PATHS, body=body)], capture_output=True,
                         text=True, check=True, env=env)
    return float(out.stdout.strip().splitlines()[-1])


def _beside_floor(body: str, tracing: bool = False) -> tuple[float, float]:
    """(median of the floor, median of ``body``), their samples alternating."""
    floors, takes = [], []
    for _ in range(RUNS):
        floors.append(_once(FLOOR, tracing))
        takes.append(_once(body, tracing))
    return statistics.median(floors), statistics.median(takes)


def handler_modules() -> list[str]:
    sys.path[:0] = PATHS
    from functions.registry import SERVICES

    return sorted({op.handler for svc in SERVICES for op in svc.operations})


def main() -> None:
    print(f"cold import, median of {RUNS} fresh interpreters, each beside its floor (boto3 + resolver + pydantic)")
    ratios = []
    for module in handler_modules():
        floor, took = _beside_floor(f"import {module}")
        ratios.append(took / floor)
        print(f"  {module:<52} {took * 1000:7.1f} ms   floor {floor * 1000:6.1f} ms   {took / floor:4.2f}x")
    print(f"  median {statistics.median(ratios):.2f}x, largest {max(ratios):.2f}x, "
          f"{sum(r <= 1.3 for r in ratios)}/{len(ratios)} at or below 1.3x")
    floor, took = _beside_floor("import functions.users.handlers.get_quota", tracing=True)
    print(f"  with tracing on: functions.users.handlers.get_quota {took * 1000:.1f} ms, floor {floor * 1000:.1f} ms,"
          f" {took / floor:.2f}x")


if __name__ == "__main__":
    main()
