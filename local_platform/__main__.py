"""``python -m local_platform`` (what ``make dev`` runs): the whole platform in the foreground."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]  # as Lambda's /var/task and /opt/python

from design_agent.contracts.users import CreateAdminRequest, UsersClient  # noqa: E402

from functions.registry import SERVICES  # noqa: E402
from local_platform.platform import LocalPlatform, PlatformConfig  # noqa: E402

ADMIN_EMAIL = "admin@design-agent.local"


def create_first_admin(platform: LocalPlatform) -> None:
    """The first administrator; its password is printed once, when it is created."""
    result = UsersClient(platform.config.stage).create_admin(CreateAdminRequest(email=ADMIN_EMAIL,
                                                                                username="admin"))
    if result.created:
        print(f"\n  first administrator: {result.email}\n  password (shown once): {result.password}\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_platform", description=__doc__)
    parser.add_argument("--stage", default="local")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--http-port", type=int, default=3000)
    parser.add_argument("--moto-port", type=int, default=4566)
    parser.add_argument("--authorizer-cache-ttl", type=float, default=0.0,
                        help="seconds API Gateway caches an authorizer result (the dev stage uses 0)")
    parser.add_argument("--no-schedules", action="store_true", help="do not run scheduled functions by the clock")
    parser.add_argument("--check", action="store_true", help="import every handler and exit")
    args = parser.parse_args(argv)

    platform = LocalPlatform(SERVICES, PlatformConfig(
        stage=args.stage, host=args.host, http_port=args.http_port, moto_port=args.moto_port,
        authorizer_cache_ttl_s=args.authorizer_cache_ttl, schedules=not args.no_schedules))
    if args.check:
        problems = platform.registry.check()
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(platform.registry.functions)} functions, {len(problems)} problems")
        return 1 if problems else 0

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    platform.on_ready(create_first_admin)
    platform.start()
    print(f"  API      {platform.http_url}/api/v1   (OpenAPI: {platform.http_url}/api/v1/openapi.json)\n"
          f"  AWS      {platform.aws_url}   (moto; set AWS_ENDPOINT_URL to use another endpoint)\n"
          f"  Lambda   {platform.http_url}/2015-03-31/functions/<name>/invocations\n"
          "  Ctrl-C stops everything.", flush=True)
    stopping.wait()
    # stop the servers and pollers, but never hang on a function still running in a worker thread
    closer = threading.Thread(target=platform.stop, daemon=True)
    closer.start()
    closer.join(timeout=10)
    print("stopped" if not closer.is_alive() else "stopped (some work was abandoned)", flush=True)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
