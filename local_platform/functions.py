"""Every operation of every service as a local "function": found by its physical name, its handler module
imported on first use (a cold start), invoked in this process with a Lambda-like context."""

from __future__ import annotations

import importlib
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from design_agent.spec import Operation, Service, function_name


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int
    timeout_s: int
    invoked_function_arn: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_s
        self.log_group_name = f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class FunctionFailed(Exception):
    """The handler raised: reported like Lambda's ``Unhandled`` function error."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.payload = {"errorMessage": str(error), "errorType": type(error).__name__,
                        "stackTrace": traceback.format_exception(error)[-6:]}


@dataclass(frozen=True)
class LocalFunction:
    name: str
    service: Service
    operation: Operation


class FunctionRegistry:
    ACCOUNT = "000000000000"
    REGION = "us-east-1"

    def __init__(self, services: tuple[Service, ...], stage: str) -> None:
        self.stage = stage
        self.functions = {
            function_name(stage, svc.name, op.name): LocalFunction(function_name(stage, svc.name, op.name), svc, op)
            for svc in services for op in svc.operations}
        self._modules: dict[str, ModuleType] = {}
        self._lock = threading.Lock()

    def find(self, name_or_arn: str) -> LocalFunction | None:
        name = name_or_arn.split(":function:")[-1].split(":")[0]
        return self.functions.get(name)

    def module(self, fn: LocalFunction) -> ModuleType:
        with self._lock:
            if fn.operation.handler not in self._modules:
                self._modules[fn.operation.handler] = importlib.import_module(fn.operation.handler)
            return self._modules[fn.operation.handler]

    def context(self, fn: LocalFunction) -> LambdaContext:
        arn = f"arn:aws:lambda:{self.REGION}:{self.ACCOUNT}:function:{fn.name}"
        return LambdaContext(function_name=fn.name, memory_limit_in_mb=fn.operation.memory_mb,
                             timeout_s=fn.operation.timeout_s, invoked_function_arn=arn)

    def invoke(self, fn: LocalFunction, event: Any) -> Any:
        """Run the handler; ``FunctionFailed`` if it raises (import errors included)."""
        try:
            return self.module(fn).handler(event, self.context(fn))
        except Exception as exc:
            raise FunctionFailed(exc) from exc

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
