"""Requests/s through the local gateway for 1, 8 and 32 clients: ``python -m bench.gateway_scaling [--seconds S]``.

Starts the platform in this process (embedded moto, free ports) and one user's poster. The clients run in a process
of their own (``bench.http_clients``), each on its own keep-alive connection, each doing authorized
``GET /designs/posters/{id}`` back to back for ``S`` seconds. The baseline, measured in the same run, is one client:
the ratios are the scaling (goal on 2 cores: 8 clients at least 1.6x one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]

from bench.http_clients import measure  # noqa: E402
from bench.local import running_platform, user_poster  # noqa: E402

CLIENTS = (1, 8, 32)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args(argv)
    with running_platform() as platform:
        token, url = user_poster(f"{platform.http_url}/api/v1")
        measure(url, token, max(CLIENTS), 3)  # warm: every worker process of the path started
        figures = {count: measure(url, token, count, args.seconds) for count in CLIENTS}
    base = figures[1]["rps"]
    print(f"Gateway requests/s, authorized GET of a 20-element poster ({args.seconds:.0f} s per step, keep-alive)")
    for count, got in figures.items():
        label = "baseline: 1 client" if count == 1 else f"{count} clients"
        print(f"  {label:<22} {got['rps']:7.1f} rps   {got['rps'] / base:5.2f}x   p50 {got['p50'] * 1000:6.1f} ms"
              f"   p99 {got['p99'] * 1000:6.1f} ms   not 200: {got['failed']:.0f}")


if __name__ == "__main__":
    main()
