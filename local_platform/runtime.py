"""Inside a function's worker process: what Lambda's Python runtime does in an execution environment.

The process is forked from a zygote that has the platform's common imports loaded (see ``sandboxes.py``). It takes
the function's environment, imports the handler module once (Lambda's init phase; a failure is reported to every
invocation, as ``Runtime.ImportModuleError``), then runs one invocation at a time for as long as the platform
keeps it warm. Everything it answers is plain data: the handler's result as JSON text, or Lambda's error payload.

It ends with the platform: a thread waits on the parent's sentinel (a pipe the platform holds open), so even a
platform killed with SIGKILL leaves no worker behind, whatever the handler is doing.
"""

from __future__ import annotations

import dataclasses
import faulthandler
import importlib
import json
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from local_platform import chaos
from local_platform.log_format import readable_stdout

PARENT_GONE_EXIT = 70
READY = "ready"


@dataclass(frozen=True)
class Setup:
    """What a worker needs to become one function's execution environment."""

    function_name: str
    handler: str  # the dotted module path; its ``handler`` attribute is called
    environment: dict[str, str]
    python_path: tuple[str, ...]  # first on sys.path: the shared layer and the function's code
    reimport: tuple[str, ...] = ()  # folders whose modules the zygote loaded are imported anew (edited since)


@dataclass(frozen=True)
class Invocation:
    request_id: str
    event: str  # JSON text, as Lambda passes it to the runtime
    deadline_epoch_s: float
    memory_mb: int
    invoked_function_arn: str
    crash_after_calls: int = 0  # chaos: the process ends at this AWS call (0: never)


@dataclass(frozen=True)
class Answer:
    """``result`` (JSON text) or ``error`` (Lambda's error payload), and this process's peak resident memory."""

    result: str | None
    error: dict[str, Any] | None
    peak_rss_bytes: int
    aws_faults: int = 0  # chaos: AWS calls of this invocation failed on purpose


@dataclass
class LambdaContext:
    """What Lambda passes as ``context`` (the attributes Powertools and handlers read)."""

    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    aws_request_id: str
    deadline_epoch_s: float
    function_version: str = "$LATEST"
    log_stream_name: str = "local"
    identity: Any = None
    client_context: Any = None

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline_epoch_s - time.time()) * 1000))


def error_payload(error: BaseException, request_id: str, error_type: str | None = None) -> dict[str, Any]:
    """Lambda's ``Unhandled`` function error payload for an exception."""
    return {"errorMessage": str(error), "errorType": error_type or type(error).__name__, "requestId": request_id,
            "stackTrace": traceback.format_exception(error)[-6:]}


def peak_rss_bytes() -> int:
    """The highest resident set size this process has had (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _end_with_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(PARENT_GONE_EXIT)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _become(setup: Setup) -> None:
    os.environ.clear()
    os.environ.update(setup.environment)
    sys.path[:] = [*setup.python_path, *(entry for entry in sys.path if entry not in setup.python_path)]
    for stream in (sys.stdout, sys.stderr):  # one write per log line, so lines of concurrent workers never mix
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(line_buffering=True)
    readable_stdout()  # before the handler's logger takes sys.stdout
    chaos.install_in_worker(os.environ)  # only when the platform runs with --chaos
    _forget_modules_under(setup.reimport)


def _forget_modules_under(folders: tuple[str, ...]) -> None:
    """Drop the zygote's copies of the modules under ``folders``: the handler's imports load them as they are now
    (hot reload of the shared layer). Nothing else in this fresh process holds them yet."""
    if not folders:
        return
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if any(path == folder or path.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders):
            del sys.modules[name]
    importlib.invalidate_caches()


class InitError(Exception):
    """The init phase failed: every invocation of this environment gets this error."""

    def __init__(self, message: str, error_type: str) -> None:
        super().__init__(message)
        self.error_type = error_type


def _load(setup: Setup) -> tuple[Any, InitError | None]:
    try:
        module = importlib.import_module(setup.handler)
    except Exception as exc:
        return None, InitError(f"Unable to import module '{setup.handler}': {exc}", "Runtime.ImportModuleError")
    handler = getattr(module, "handler", None)
    if not callable(handler):
        return None, InitError(f"Handler 'handler' missing on module '{setup.handler}'", "Runtime.HandlerNotFound")
    return handler, None


def _run(handler: Any, setup: Setup, invocation: Invocation) -> Answer:
    context = LambdaContext(function_name=setup.function_name, memory_limit_in_mb=invocation.memory_mb,
                            invoked_function_arn=invocation.invoked_function_arn,
                            aws_request_id=invocation.request_id, deadline_epoch_s=invocation.deadline_epoch_s)
    try:
        result = handler(json.loads(invocation.event), context)
    except Exception as exc:
        return Answer(None, error_payload(exc, invocation.request_id), peak_rss_bytes())
    try:
        text = json.dumps(result)
    except (TypeError, ValueError) as exc:
        failed = RuntimeError(f"Unable to marshal response: {exc}")
        return Answer(None, error_payload(failed, invocation.request_id, "Runtime.MarshalError"), peak_rss_bytes())
    return Answer(text, None, peak_rss_bytes())


STACKS_SIGNAL = signal.SIGUSR1
"""Asks a worker for every thread's stack (into the platform log): sent before a worker past its timeout is killed,
so the log tells where the function was stuck."""


def serve(connection: Connection, setup: Setup) -> None:
    """The worker's main loop (the target of its process): answer invocations until told to stop or orphaned."""
    _end_with_parent()
    _become(setup)
    faulthandler.register(STACKS_SIGNAL, file=sys.stderr, all_threads=True)
    handler, init_error = _load(setup)
    connection.send(READY)  # the init phase is over: invocations' timeouts start from here, as in Lambda
    while True:
        try:
            invocation = connection.recv()
        except (EOFError, OSError):
            return
        if invocation is None:  # recycled
            return
        if init_error is not None:
            answer = Answer(None, error_payload(init_error, invocation.request_id, init_error.error_type),
                            peak_rss_bytes())
        else:
            chaos.begin_invocation(invocation.crash_after_calls)
            answer = dataclasses.replace(_run(handler, setup, invocation), aws_faults=chaos.injected_since_last())
        connection.send(answer)
