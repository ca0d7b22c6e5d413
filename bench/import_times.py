"""Cold import time of every handler module, as a ratio to the floor every handler pays anyway.

The floor is ``import boto3`` + the Powertools REST resolver + pydantic, measured in the same run. Each
sample is a fresh interpreter (a cold start imports everything once); the median of several runs is shown.
"""

from __future__ import annotations

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


def _cold(body: str) -> float:
    code = _TIMER.format(paths=PATHS, body=body)
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def handler_modules() -> list[str]:
    sys.path[:0] = PATHS
    from functions.registry import SERVICES

    return sorted({op.handler for svc in SERVICES for op in svc.operations})


def main() -> None:
    floor = _cold(FLOOR)
    bare = _cold("pass")
    print(f"cold import, median of {RUNS} fresh interpreters")
    print(f"  bare interpreter                     {bare * 1000:7.1f} ms")
    print(f"  floor (boto3 + resolver + pydantic)   {floor * 1000:7.1f} ms   1.00x")
    for module in handler_modules():
        took = _cold(f"import {module}")
        print(f"  {module:<44} {took * 1000:7.1f} ms   {took / floor:4.2f}x")


if __name__ == "__main__":
    main()
