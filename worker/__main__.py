"""``python -m worker``: run the reference algorithm worker (on the SDK's WorkerClient) against a local platform or a
deployed stage.

Against ``make dev``: ``make worker`` (``python -m worker --local-data .local-data``): the platform keeps its address,
the dispatch queue's URL and the reference worker's client credentials in that folder.

Against a deployed stage, from flags or the environment: ``DESIGN_AGENT_API_URL`` (the API's base URL),
``WORKER_CLIENT_ID``/``WORKER_CLIENT_SECRET`` (a machine client from ``POST /api/v1/auth/clients``),
``TASK_DISPATCH_QUEUE_URL`` (the stage's output) and AWS credentials allowed to read it (``AWS_PROFILE``,
``AWS_REGION``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]  # runs from a checkout without PYTHONPATH

import boto3  # noqa: E402
from design_agent_sdk import Options, RetryEvent, WorkerClient  # noqa: E402

from worker.runner import Worker  # noqa: E402
from worker.stop_signals import stop_on_signals  # noqa: E402


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = {k: v for k, v in record.__dict__.items() if k not in logging.LogRecord(
            "", 0, "", 0, "", (), None).__dict__ and k != "message"}
        line: dict[str, Any] = {"level": record.levelname, "service": "worker", "message": record.getMessage(),
                                **extra}
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def use_local_platform(folder: Path) -> None:
    """Point this process at the platform whose data folder this is (its credentials file), unless the environment
    already says otherwise."""
    path = folder / "credentials.json"
    try:
        kept = json.loads(path.read_text())
        platform, worker = kept["platform"], kept["worker"]
    except (OSError, ValueError, KeyError):
        raise SystemExit(f"{path} names no local platform: start it first (make dev)") from None
    for name, value in {"DESIGN_AGENT_API_URL": platform["api_url"], "AWS_ENDPOINT_URL": platform["aws_endpoint_url"],
                        "AWS_DEFAULT_REGION": platform["region"], "TASK_DISPATCH_QUEUE_URL": platform[
                            "dispatch_queue_url"], "WORKER_CLIENT_ID": worker["client_id"],
                        "WORKER_CLIENT_SECRET": worker["client_secret"],
                        "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                        "WORKER_WAIT_S": "2"}.items():  # Ctrl-C waits for the poll in flight (decision 70)
        os.environ.setdefault(name, value)


def _args(argv: list[str] | None) -> argparse.Namespace:
    local = argparse.ArgumentParser(add_help=False)
    local.add_argument("--local-data", type=Path, help="the data folder of a `make dev` platform (.local-data)")
    known, _ = local.parse_known_args(argv)
    if known.local_data is not None:
        use_local_platform(known.local_data)
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m worker", description=__doc__, parents=[local],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api-url", default=env("DESIGN_AGENT_API_URL", "http://127.0.0.1:3000"))
    parser.add_argument("--queue-url", default=env("TASK_DISPATCH_QUEUE_URL"))
    parser.add_argument("--client-id", default=env("WORKER_CLIENT_ID"))
    parser.add_argument("--client-secret", default=env("WORKER_CLIENT_SECRET"))
    parser.add_argument("--lease-s", type=int, default=int(env("TASK_LEASE_S", "120")),
                        help="the stage's task lease (the claim tells the real value)")
    parser.add_argument("--wait-s", type=int, default=int(env("WORKER_WAIT_S", "20")),
                        help="SQS long-poll seconds (0: short polls with --idle-s pauses)")
    parser.add_argument("--idle-s", type=float, default=float(env("WORKER_IDLE_S", "0.2")))
    parser.add_argument("--step-delay-s", type=float, default=float(env("WORKER_STEP_DELAY_S", "0")),
                        help="pause before each progress report, like a slower model")
    args = parser.parse_args(argv)
    missing = [name for name in ("queue_url", "client_id", "client_secret") if not getattr(args, name)]
    if missing:
        parser.error(f"missing {', '.join('--' + m.replace('_', '-') for m in missing)} (or their environment "
                     "variables)")
    return args


def _retrying(event: RetryEvent) -> None:
    logging.getLogger("worker").warning("retrying", extra={"method": event.method, "url": event.url,
                                                           "status": event.status, "delay_s": event.delay_s})


def main(argv: list[str] | None = None) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonLines())
    if os.environ.get("LOCAL_LOG_FORMAT", "json") != "json":  # started by `make dev`: its readable lines
        from local_platform.log_format import readable_stdout

        readable_stdout()
        handler.setStream(sys.stdout)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(), handlers=[handler])
    args = _args(argv)
    stop = threading.Event()
    stop_on_signals(stop)
    api = WorkerClient(args.api_url, args.client_id, args.client_secret, options=Options(on_retry=_retrying))
    worker = Worker(api, boto3.client("sqs"), args.queue_url,
                    lease_s=args.lease_s, wait_s=args.wait_s, idle_s=args.idle_s,
                    step_delay_s=args.step_delay_s, stop=stop)
    parent = os.environ.get("WORKER_PARENT_PID")
    worker.run(parent_pid=int(parent) if parent else None)


if __name__ == "__main__":
    main()
