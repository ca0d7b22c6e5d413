"""``python -m local_platform`` (what ``make dev`` runs): the whole platform in the foreground."""

from __future__ import annotations

import argparse
import faulthandler
import os
import shutil
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
    """The first administrator (the users service's internal CreateAdmin). Its password exists only in the answer:
    with a data folder it is kept there (and shown at every start), else shown once."""
    from design_agent.contracts.users import CreateAdminRequest, UsersClient

    result = UsersClient(platform.config.stage).create_admin(CreateAdminRequest(email=ADMIN_EMAIL,
                                                                                username="admin"))
    data = platform.data
    if data is None:
        return {"email": result.email, "password (shown once)": str(result.password)} if result.created else None
    if result.created:
        data.remember(admin={"email": result.email, "password": str(result.password)})
    kept: dict[str, str] | None = data.credentials().get("admin")
    return {**kept, "kept in": str(data.credentials_file)} if kept else None


def register_reference_worker(stage: str) -> RegisterClientResult:
    """New machine-client credentials for the reference worker (auth's internal RegisterClient), for reuse by
    whatever starts the worker; the secret exists only in the result."""
    from design_agent.contracts.auth import AuthClient, RegisterClientRequest

    return AuthClient(stage).register_client(RegisterClientRequest(name=REFERENCE_WORKER))


def worker_credentials(platform: LocalPlatform) -> tuple[dict[str, str], bool]:
    """The reference worker's client credentials: the ones in the data folder (they still work: the auth table
    was kept with them), else new ones, kept there with what ``python -m worker --local-data`` needs to reach
    this platform. Also whether they are new (a secret without a data folder is shown only once)."""
    from functions.tasks.service import DISPATCH_QUEUE

    kept = platform.data.credentials().get("worker") if platform.data is not None else None
    if kept is None:
        result = register_reference_worker(platform.config.stage)
        kept = {"client_id": result.client_id, "client_secret": result.client_secret}
    if platform.data is not None:
        platform.data.remember(worker=kept, platform={
            "api_url": platform.http_url, "aws_endpoint_url": platform.aws_url,
            "region": os.environ["AWS_DEFAULT_REGION"], "dispatch_queue_url": os.environ[DISPATCH_QUEUE.env_var]})
    return kept, platform.data is None


def _shown(credentials: dict[str, str], once: bool) -> dict[str, str]:
    return {"client_id": credentials["client_id"],
            "client_secret (shown once)" if once else "client_secret": credentials["client_secret"]}


def reference_worker_client(platform: LocalPlatform) -> dict[str, str]:
    """Ready hook: the reference worker's client, for workers started by hand (``make worker``)."""
    return _shown(*worker_credentials(platform))


def reference_workers(count: int) -> ReadyHook:
    """Ready hook: ``count`` reference workers (``python -m worker``) with the reference worker's credentials."""

    def start_reference_workers(platform: LocalPlatform) -> dict[str, str]:
        from functions.tasks.service import DISPATCH_QUEUE
        from local_platform.workers import WorkerProcesses

        credentials, new = worker_credentials(platform)
        workers = WorkerProcesses(api_url=platform.http_url, queue_url=os.environ[DISPATCH_QUEUE.env_var],
                                  client_id=credentials["client_id"], client_secret=credentials["client_secret"])
        started = workers.start(count)
        platform.on_stop(workers.stop)
        if platform.chaos is not None:  # killed at random, each replaced by a new one
            platform.chaos.reference_workers(lambda: workers.processes, lambda: workers.start(1))
        return {"processes": ", ".join(str(p.pid) for p in started), **_shown(credentials, new)}

    return start_reference_workers


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local_platform", description=__doc__)
    parser.add_argument("--stage", default="local")
    parser.add_argument("--host", default="127.0.0.1",
                        help="where to listen: a loopback address (anything else needs --expose-to-network)")
    parser.add_argument("--expose-to-network", action="store_true",
                        help="DANGEROUS: allow --host beyond this machine. The emulated AWS accepts any "
                             "credentials, so anyone who reaches it owns the platform's data and accounts")
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
    parser.add_argument("--no-source-limit", action="store_true",
                        help="no per-client-address limit on public routes (the stage's WAF rules in AWS)")
    parser.add_argument("--unlimited-source", action="append", default=[], metavar="ADDRESS",
                        help="a client address exempt from the per-source limits (repeatable; a test suite's own)")
    parser.add_argument("--email-verification", action="store_true",
                        help="accounts need their address confirmed by a mailed link, as in AWS (read the mail at "
                             "/_local/emails); off by default here")
    parser.add_argument("--no-user-limit", action="store_true",
                        help="no per-user rate limit (load tests by one user); USER_RATE_RPS/USER_BURST set it")
    parser.add_argument("--function-concurrency", type=int, default=4,
                        help="worker processes per function at most; more invocations at once wait for one")
    parser.add_argument("--moto-services", default=os.environ.get("LOCAL_MOTO_SERVICES", ""),
                        help="with AWS_ENDPOINT_URL set: services kept on an embedded moto, comma-separated "
                             "(e.g. dynamodb,dynamodbstreams next to LocalStack; env LOCAL_MOTO_SERVICES)")
    parser.add_argument("--no-reload", action="store_true",
                        help="do not reload the functions when their code or the shared layer changes")
    parser.add_argument("--json-logs", action="store_true",
                        help="log lines as JSON, as in AWS (default: one readable line each, coloured on a terminal)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="keep the emulated AWS's data and the platform's credentials here across restarts "
                             "(make dev: .local-data); without it every start is clean")
    parser.add_argument("--reset", action="store_true", help="delete what --data-dir holds first: start clean")
    parser.add_argument("--chaos", action="store_true",
                        help="inject faults while it runs: failed AWS calls, consumer crashes, killed workers, "
                             "dropped WebSocket connections (CHAOS_* variables; local_platform/chaos.py)")
    parser.add_argument("--check", action="store_true", help="import every handler and exit (1 on any failure)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from functions.registry import SERVICES
    from local_platform.chaos import ChaosConfig
    from local_platform.platform import ExposureRefused, LocalPlatform, PlatformConfig
    from worker.stop_signals import stop_on_signals

    stopping = threading.Event()
    stop_on_signals(stopping)  # before any thread starts, so each of them can take the signal
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 <pid>` prints every thread's stack
    platform = LocalPlatform(SERVICES, PlatformConfig(
        stage=args.stage, host=args.host, expose_to_network=args.expose_to_network, http_port=args.http_port,
        ws_port=args.ws_port, moto_port=args.moto_port,
        authorizer_cache_ttl_s=args.authorizer_cache_ttl, integration_timeout_s=args.integration_timeout,
        schedules=not args.no_schedules, stage_throttle=not args.no_stage_throttle,
        source_limits=not args.no_source_limit, unlimited_sources=tuple(args.unlimited_source),
        email_verification=args.email_verification,
        user_limit=not args.no_user_limit, function_concurrency=args.function_concurrency,
        moto_services=tuple(name for name in args.moto_services.split(",") if name), data_dir=args.data_dir,
        hot_reload=not args.no_reload, chaos=ChaosConfig.from_env() if args.chaos else None,
        log_format="json" if args.json_logs else "colour" if sys.stdout.isatty() else "pretty"))
    if args.check:
        problems = platform.registry.check()
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(platform.registry.functions)} functions, {len(problems)} problems")
        return 1 if problems else 0

    if args.reset and args.data_dir is not None:
        shutil.rmtree(args.data_dir, ignore_errors=True)
    platform.on_ready(create_first_admin)
    platform.on_ready(reference_workers(args.workers) if args.workers > 0 else reference_worker_client)
    try:
        platform.start()
    except ExposureRefused as refused:
        print(refused, file=sys.stderr)
        return 2
    stopping.wait()
    # stop the servers and pollers, but never hang on a function still running in a worker thread
    closer = threading.Thread(target=platform.stop, daemon=True)
    closer.start()
    closer.join(timeout=10)
    print("stopped" if not closer.is_alive() else "stopped (some work was abandoned)", flush=True)
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
