"""``python -m local_platform`` (what ``make dev`` runs): the whole platform in the foreground."""

from __future__ import annotations

import argparse
import faulthandler
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]  # as Lambda's /var/task and /opt/python

if TYPE_CHECKING:
    from design_agent.contracts.auth import RegisterClientResult

    from local_platform.platform import LocalPlatform, ReadyHook

ADMIN_EMAIL = "admin@design-agent.local"
REFERENCE_WORKER = "reference-worker"


def create_first_admin(platform: LocalPlatform) -> dict[str, str] | None:
    """The first administrator (the users service's internal CreateAdmin); its password is shown once."""
    from design_agent.contracts.users import CreateAdminRequest, UsersClient

    result = UsersClient(platform.config.stage).create_admin(CreateAdminRequest(email=ADMIN_EMAIL,
                                                                                username="admin"))
    if not result.created:
        return None
    return {"email": result.email, "password (shown once)": str(result.password)}


def register_reference_worker(stage: str) -> RegisterClientResult:
    """New machine-client credentials for the reference worker (auth's internal RegisterClient), for reuse by
    whatever starts the worker; the secret exists only in the result."""
    from design_agent.contracts.auth import AuthClient, RegisterClientRequest

    return AuthClient(stage).register_client(RegisterClientRequest(name=REFERENCE_WORKER))


def reference_worker_client(platform: LocalPlatform) -> dict[str, str]:
    """Ready hook: register the reference worker's client and show its credentials once."""
    result = register_reference_worker(platform.config.stage)
    return {"client_id": result.client_id, "client_secret": result.client_secret}


def reference_workers(count: int) -> ReadyHook:
    """Ready hook: ``count`` reference workers (``python -m worker``) with their own client credentials."""

    def start_reference_workers(platform: LocalPlatform) -> dict[str, str]:
        from functions.tasks.service import DISPATCH_QUEUE
        from local_platform.workers import WorkerProcesses

        credentials = register_reference_worker(platform.config.stage)
        workers = WorkerProcesses(api_url=platform.http_url, queue_url=os.environ[DISPATCH_QUEUE.env_var],
                                  client_id=credentials.client_id, client_secret=credentials.client_secret)
        started = workers.start(count)
        platform.on_stop(workers.stop)
        return {"processes": ", ".join(str(p.pid) for p in started), "client_id": credentials.client_id,
                "client_secret (shown once)": credentials.client_secret}

    return start_reference_workers


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local_platform", description=__doc__)
    parser.add_argument("--stage", default="local")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--http-port", type=int, default=3000, help="API Gateway and Lambda Invoke API (0: any)")
    parser.add_argument("--ws-port", type=int, default=3001, help="the WebSocket API (0: any free port)")
    parser.add_argument("--moto-port", type=int, default=4566,
                        help="embedded moto (any free port if taken; unused when AWS_ENDPOINT_URL is set)")
    parser.add_argument("--authorizer-cache-ttl", type=float, default=0.0,
                        help="seconds API Gateway caches an authorizer result (the dev stage uses 0)")
    parser.add_argument("--integration-timeout", type=float, default=29.0, help="API Gateway's integration timeout")
    parser.add_argument("--no-schedules", action="store_true",
                        help="do not run scheduled functions by the clock (POST /_local/schedules/<name> still does)")
    parser.add_argument("--workers", type=int, default=1,
                        help="reference algorithm workers to start (0: none; start them with python -m worker)")
    parser.add_argument("--no-stage-throttle", action="store_true",
                        help="no stage-wide rate limit (load tests); per-route limits still apply")
    parser.add_argument("--no-user-limit", action="store_true",
                        help="no per-user rate limit (load tests by one user); USER_RATE_RPS/USER_BURST set it")
    parser.add_argument("--check", action="store_true", help="import every handler and exit (1 on any failure)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from functions.registry import SERVICES
    from local_platform.platform import LocalPlatform, PlatformConfig
    from worker.stop_signals import stop_on_signals

    stopping = threading.Event()
    stop_on_signals(stopping)  # before any thread starts, so each of them can take the signal
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 <pid>` prints every thread's stack
    platform = LocalPlatform(SERVICES, PlatformConfig(
        stage=args.stage, host=args.host, http_port=args.http_port, ws_port=args.ws_port, moto_port=args.moto_port,
        authorizer_cache_ttl_s=args.authorizer_cache_ttl, integration_timeout_s=args.integration_timeout,
        schedules=not args.no_schedules, stage_throttle=not args.no_stage_throttle,
        user_limit=not args.no_user_limit))
    if args.check:
        problems = platform.registry.check()
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(platform.registry.functions)} functions, {len(problems)} problems")
        return 1 if problems else 0

    platform.on_ready(create_first_admin)
    platform.on_ready(reference_workers(args.workers) if args.workers > 0 else reference_worker_client)
    platform.start()
    platform.config.log("  Ctrl-C stops everything.")
    stopping.wait()
    # stop the servers and pollers, but never hang on a function still running in a worker thread
    closer = threading.Thread(target=platform.stop, daemon=True)
    closer.start()
    closer.join(timeout=10)
    print("stopped" if not closer.is_alive() else "stopped (some work was abandoned)", flush=True)
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
