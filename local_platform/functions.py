"""Every operation of every service as a local "function": found by its physical name, invoked the way Lambda
invokes it — in worker processes of its own, within its memory size and timeout (``sandboxes.py``)."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from typing import Any

from design_agent.spec import Operation, Service, function_name

from local_platform.chaos import Chaos
from local_platform.sandboxes import (
    FunctionConfig,
    FunctionFailed,
    FunctionOutOfMemory,
    FunctionTimedOut,
    Sandboxes,
    WorkerStats,
)

__all__ = ["FunctionFailed", "FunctionOutOfMemory", "FunctionRegistry", "FunctionTimedOut", "LocalFunction",
           "WorkerStats"]

ACCOUNT = "000000000000"
REGION = "us-east-1"


@dataclass(frozen=True)
class LocalFunction:
    name: str
    service: Service
    operation: Operation

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.name}"

    @property
    def config(self) -> FunctionConfig:
        op = self.operation
        return FunctionConfig(name=self.name, handler=op.handler, arn=self.arn, memory_mb=op.memory_mb,
                              timeout_s=op.timeout_s)


class FunctionRegistry:
    ACCOUNT = ACCOUNT
    REGION = REGION

    def __init__(self, services: tuple[Service, ...], stage: str, *, concurrency: int = 4,
                 idle_s: float = 300.0) -> None:
        self.stage = stage
        self.functions = {
            function_name(stage, svc.name, op.name): LocalFunction(function_name(stage, svc.name, op.name), svc, op)
            for svc in services for op in svc.operations}
        self.sandboxes = Sandboxes(lambda: dict(os.environ), concurrency=concurrency, idle_s=idle_s)
        self.chaos: Chaos | None = None  # faults injected (--chaos)

    def find(self, name_or_arn: str) -> LocalFunction | None:
        """By name, full ARN or partial ARN (``123:function:name``), with or without a qualifier."""
        name = name_or_arn.split(":function:")[-1].split(":")[0]
        return self.functions.get(name)

    def invoke(self, fn: LocalFunction, event: Any, timeout_s: float | None = None, *,
               event_source: bool = False) -> Any:
        """Run the handler in a worker process of its function and return its result: ``FunctionFailed`` if it
        raises (or its process dies), ``FunctionTimedOut`` past ``timeout_s`` (default: the operation's own
        timeout), ``FunctionOutOfMemory`` over the operation's memory size. ``event_source``: a queue or stream
        poller's invocation (with --chaos, some crash mid-batch)."""
        crash = self.chaos.consumer_crash() if self.chaos is not None and event_source else 0
        try:
            return self.sandboxes.invoke(fn.config, event, timeout_s, crash_after_calls=crash)
        except FunctionFailed as failed:
            if crash and failed.payload.get("errorType") == "Runtime.ExitError":
                self.chaos.count("consumer_crashes")  # type: ignore[union-attr]
            raise

    def recycle_all(self) -> None:
        """Every function starts fresh workers from now on (e.g. after its code or environment changed)."""
        self.sandboxes.recycle_all()

    def workers(self) -> list[WorkerStats]:
        return self.sandboxes.stats()

    def check(self) -> list[str]:
        """Import every handler in this process; the problems found."""
        problems = []
        for handler in sorted({fn.operation.handler for fn in self.functions.values()}):
            try:
                module = importlib.import_module(handler)
                if not callable(getattr(module, "handler", None)):
                    problems.append(f"{handler}: no handler")
            except Exception as exc:
                problems.append(f"{handler}: {type(exc).__name__}: {exc}")
        return problems

    def close(self) -> None:
        self.sandboxes.close()
