"""``python -m worker``: run the reference algorithm worker against a local platform or a deployed stage.

Settings come from flags or the environment: the API base URL, the machine client's credentials (from
``POST /api/v1/auth/clients``), the dispatch queue URL (a CDK output) and AWS credentials allowed to read it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from typing import Any

import boto3

from worker.client import TaskApi
from worker.runner import Worker
from worker.stop_signals import stop_on_signals


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = {k: v for k, v in record.__dict__.items() if k not in logging.LogRecord(
            "", 0, "", 0, "", (), None).__dict__ and k != "message"}
        line: dict[str, Any] = {"level": record.levelname, "service": "worker", "message": record.getMessage(),
                                **extra}
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def _args(argv: list[str] | None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m worker", description=__doc__)
    parser.add_argument("--api-url", default=env("DESIGN_AGENT_API_URL", "http://127.0.0.1:3000"))
    parser.add_argument("--queue-url", default=env("TASK_DISPATCH_QUEUE_URL"))
    parser.add_argument("--client-id", default=env("WORKER_CLIENT_ID"))
    parser.add_argument("--client-secret", default=env("WORKER_CLIENT_SECRET"))
    parser.add_argument("--lease-s", type=int, default=int(env("TASK_LEASE_S", "120")),
                        help="the stage's task lease (the claim tells the real value)")
    parser.add_argument("--wait-s", type=int, default=int(env("WORKER_WAIT_S", "20")),
                        help="SQS long-poll seconds (0: short polls with --idle-s pauses, for a local emulator)")
    parser.add_argument("--idle-s", type=float, default=float(env("WORKER_IDLE_S", "0.2")))
    parser.add_argument("--step-delay-s", type=float, default=float(env("WORKER_STEP_DELAY_S", "0")),
                        help="pause before each progress report, like a slower model")
    args = parser.parse_args(argv)
    missing = [name for name in ("queue_url", "client_id", "client_secret") if not getattr(args, name)]
    if missing:
        parser.error(f"missing {', '.join('--' + m.replace('_', '-') for m in missing)} (or their environment "
                     "variables)")
    return args


def main(argv: list[str] | None = None) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonLines())
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(), handlers=[handler])
    args = _args(argv)
    stop = threading.Event()
    stop_on_signals(stop)
    worker = Worker(TaskApi(args.api_url, args.client_id, args.client_secret), boto3.client("sqs"), args.queue_url,
                    lease_s=args.lease_s, wait_s=args.wait_s, idle_s=args.idle_s,
                    step_delay_s=args.step_delay_s, stop=stop)
    parent = os.environ.get("WORKER_PARENT_PID")
    worker.run(parent_pid=int(parent) if parent else None)


if __name__ == "__main__":
    main()
