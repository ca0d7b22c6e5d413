"""Authorized requests for minutes on one warm platform: ``python -m bench.authorized_soak [--minutes M]``.

Starts the platform in this process (embedded moto, free ports; the authorizer's cache off, as on the dev stage, so
every request runs the authorizer) and has 4 clients in a process of their own (``bench.http_clients``) do authorized
``GET /designs/posters/{id}`` back to back for ``M`` minutes (10 by default). The baseline is the first minute of
the same run: the last minute's throughput must stay at least 0.95x of it (a per-request leak, as the key store
rebuilt per request once was, shows as a falling ratio).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]

from bench.http_clients import MINUTE_S, measure  # noqa: E402
from bench.local import running_platform, user_poster  # noqa: E402

CLIENTS = 4
GOAL = 0.95


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--minutes", type=int, default=10)
    args = parser.parse_args(argv)
    with running_platform() as platform:
        token, url = user_poster(f"{platform.http_url}/api/v1")
        got = measure(url, token, CLIENTS, args.minutes * MINUTE_S)
    minutes = got["per_minute"]
    first, last = minutes[0], minutes[-1]
    print(f"Authorized soak: {CLIENTS} clients, GET of a poster for {args.minutes} min ({sum(minutes):,} requests, "
          f"{got['failed']} not 200)")
    print(f"  baseline: first minute        {first / MINUTE_S:7.1f} rps   1.00x")
    print(f"  last minute                   {last / MINUTE_S:7.1f} rps   {last / first:.2f}x   (goal >= {GOAL})")
    print("  every minute (rps):           " + " ".join(f"{n / MINUTE_S:.0f}" for n in minutes))


if __name__ == "__main__":
    main()
