"""Every operation of every service as a local "function": found by its physical name, its handler module
imported on first use (a cold start), invoked in this process with a Lambda-like context."""

from __future__ import annotations

import importlib
import threading
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from design_agent.spec import Operation, Service, function_name

ACCOUNT = "000000000000"
REGION = "us-east-1"


@dataclass
class LambdaContext:
    """What Lambda passes as ``context`` (the attributes Powertools and handlers read)."""

    function_name: str
    memory_limit_in_mb: int
    timeout_s: float
    invoked_function_arn: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"
    identity: Any = None
    client_context: Any = None
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_s
        self.log_group_name = f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class FunctionFailed(Exception):
    """The handler raised (import errors included): reported like Lambda's ``Unhandled`` function error."""

    def __init__(self, error: BaseException, request_id: str) -> None:
        super().__init__(str(error))
        self.payload: dict[str, Any] = {
            "errorMessage": str(error), "errorType": type(error).__name__, "requestId": request_id,
            "stackTrace": traceback.format_exception(error)[-6:]}


class FunctionTimedOut(FunctionFailed):
    """The handler did not return within its timeout (its thread is abandoned, not killed)."""

    def __init__(self, timeout_s: float, request_id: str) -> None:
        super().__init__(TimeoutError(f"{request_id} Task timed out after {timeout_s:.2f} seconds"), request_id)
        self.payload.update(errorType="Sandbox.Timedout", stackTrace=[])


@dataclass(frozen=True)
class LocalFunction:
    name: str
    service: Service
    operation: Operation

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.name}"


class FunctionRegistry:
    ACCOUNT = ACCOUNT
    REGION = REGION

    def __init__(self, services: tuple[Service, ...], stage: str) -> None:
        self.stage = stage
        self.functions = {
            function_name(stage, svc.name, op.name): LocalFunction(function_name(stage, svc.name, op.name), svc, op)
            for svc in services for op in svc.operations}
        self._modules: dict[str, ModuleType] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=64, thread_name_prefix="lambda")

    def find(self, name_or_arn: str) -> LocalFunction | None:
        """By name, full ARN or partial ARN (``123:function:name``), with or without a qualifier."""
        name = name_or_arn.split(":function:")[-1].split(":")[0]
        return self.functions.get(name)

    def module(self, fn: LocalFunction) -> ModuleType:
        with self._lock:
            if fn.operation.handler not in self._modules:
                self._modules[fn.operation.handler] = importlib.import_module(fn.operation.handler)
            return self._modules[fn.operation.handler]

    def context(self, fn: LocalFunction) -> LambdaContext:
        return LambdaContext(function_name=fn.name, memory_limit_in_mb=fn.operation.memory_mb,
                             timeout_s=fn.operation.timeout_s, invoked_function_arn=fn.arn)

    def invoke(self, fn: LocalFunction, event: Any, timeout_s: float | None = None) -> Any:
        """Run the handler and return its result; ``FunctionFailed`` if it raises, ``FunctionTimedOut`` if it
        runs longer than ``timeout_s`` (default: the operation's own timeout)."""
        context = self.context(fn)
        limit = fn.operation.timeout_s if timeout_s is None else timeout_s
        future = self._pool.submit(self._run, fn, event, context)
        try:
            return future.result(timeout=limit)
        except FutureTimeout:
            raise FunctionTimedOut(limit, context.aws_request_id) from None

    def _run(self, fn: LocalFunction, event: Any, context: LambdaContext) -> Any:
        try:
            return self.module(fn).handler(event, context)
        except Exception as exc:
            raise FunctionFailed(exc, context.aws_request_id) from exc

    def check(self) -> list[str]:
        """Import every handler; the problems found."""
        problems = []
        for fn in self.functions.values():
            try:
                module = self.module(fn)
                if not callable(getattr(module, "handler", None)):
                    problems.append(f"{fn.operation.handler}: no handler")
            except Exception as exc:
                problems.append(f"{fn.operation.handler}: {type(exc).__name__}: {exc}")
        return problems

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
