"""Functions run the way Lambda runs them: each invocation in a worker process of its own function (an execution
environment), reused while warm, recycled when idle, killed at its timeout or when over its memory size.

- **Processes from a zygote.** Workers are forked by multiprocessing's fork server, which has the imports every
  function shares (boto3, Powertools, pydantic, the shared layer) loaded once; a cold start is a fork plus the
  handler's own imports. The first invocation of a function starts its first worker (a cold start).
- **Concurrency.** An invocation takes an idle worker of its function, or starts one while the function has fewer
  than ``concurrency`` (Lambda scales out the same way); past that it waits for one to be free, within its own
  timeout. Workers idle for ``idle_s`` are recycled, and when more than ``max_idle`` workers are idle across the
  platform the least recently used go first.
- **Limits.** The parent watches the worker while it runs: at the deadline (the function's ``timeout_s``) the
  process is killed — nothing it would have done afterwards happens — and the caller gets ``Sandbox.Timedout``;
  when its resident memory (sampled every ``poll_s``, and its peak as the worker reports it) passes the function's
  ``memory_mb``, it is killed and the caller gets ``Runtime.OutOfMemory``. A worker that dies on its own is
  ``Runtime.ExitError``. In every case the environment is gone and the next invocation starts a fresh one.
- **No orphans.** A worker ends when the platform does, however the platform ends (``runtime.py``).
"""

from __future__ import annotations

import atexit
import json
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import psutil

from local_platform.runtime import READY, STACKS_SIGNAL, Answer, Invocation, Setup, serve

MIB = 1024 * 1024
INIT_LIMIT_S = 60.0  # a worker that has not imported its handler by then is ended (Lambda allows 10 s per try)
ROOT = Path(__file__).resolve().parents[1]
# as in Lambda: the shared layer (/opt/python) and the function's code (/var/task)
PYTHON_PATH = (str(ROOT / "layers" / "shared" / "python"), str(ROOT))
# what (nearly) every function imports: loaded once in the zygote, so a worker's cold start is a fork plus its own
# imports (drawing libraries are not here: a function that does not draw never loads them, as in Lambda)
ZYGOTE_PRELOAD = ["boto3", "botocore.session", "pydantic", "aws_lambda_powertools", "aws_lambda_powertools.logging",
                  "aws_lambda_powertools.event_handler", "aws_lambda_powertools.tracing", "aws_xray_sdk.core",
                  "jwt", "ulid", "design_agent.api", "design_agent.clients", "design_agent.dynamo",
                  "design_agent.internal", "design_agent.settings", "design_agent.contracts.users",
                  "design_agent.contracts.storage", "local_platform.runtime"]


STACKS_WAIT_S = 0.2  # for a worker to write its stacks before it is killed


class FunctionFailed(Exception):
    """The function did not produce a result: ``payload`` is Lambda's error payload (``errorType``, ...)."""

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__(payload.get("errorMessage", ""))
        self.payload = payload


class FunctionTimedOut(FunctionFailed):
    pass


class FunctionOutOfMemory(FunctionFailed):
    pass


def _lambda_error(error_type: str, request_id: str, message: str) -> dict[str, Any]:
    return {"errorMessage": f"RequestId: {request_id} Error: {message}", "errorType": error_type,
            "requestId": request_id, "stackTrace": []}


@dataclass(frozen=True)
class FunctionConfig:
    """What the runtime needs to know about one function (from its operation in the service description)."""

    name: str
    handler: str
    arn: str
    memory_mb: int
    timeout_s: float


@dataclass
class Worker:
    """One execution environment: a process and the pipe to it."""

    process: BaseProcess
    connection: Connection
    function: str
    started: float = field(default_factory=time.monotonic)
    last_used: float = field(default_factory=time.monotonic)
    invocations: int = 0
    peak_rss_bytes: int = 0
    _ps: psutil.Process | None = None
    _ended: bool = False

    @property
    def pid(self) -> int:
        return int(self.process.pid or 0)

    def rss_bytes(self) -> int:
        try:
            rss = int(self._process().memory_info().rss)
        except psutil.Error:
            return 0
        self.peak_rss_bytes = max(self.peak_rss_bytes, rss)
        return rss

    @property
    def alive(self) -> bool:
        if self._ended or not self.process.is_alive():
            return False
        try:  # the fork server may not have reported a death yet
            return bool(self._process().status() != psutil.STATUS_ZOMBIE)
        except psutil.Error:
            return False

    def _process(self) -> psutil.Process:
        if self._ps is None:
            self._ps = psutil.Process(self.pid)
        return self._ps

    def kill(self) -> None:
        if self._ended:
            return
        self._ended = True
        with suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(5)
        with suppress(OSError):
            self.connection.close()
        with suppress(ValueError):
            self.process.close()

    def show_stacks(self) -> None:
        """Where it is now: every thread's stack, written by the worker into the platform log."""
        with suppress(OSError, ValueError):
            os.kill(self.pid, STACKS_SIGNAL)
            time.sleep(STACKS_WAIT_S)

    def retire(self) -> None:
        """Ask it to stop (it finishes nothing: it is idle), then make sure."""
        if not self._ended:
            with suppress(OSError, ValueError):
                self.connection.send(None)
            self.process.join(1)
        self.kill()

    def run(self, invocation: Invocation, timeout_s: float, limit_bytes: int, poll_s: float) -> Answer:
        """Send one invocation and watch it until it answers, times out, grows over ``limit_bytes`` or dies."""
        self.invocations += 1
        request_id = invocation.request_id
        try:
            self.connection.send(invocation)
        except OSError:
            raise self._died(request_id) from None
        while True:
            remaining = invocation.deadline_epoch_s - time.time()
            if remaining <= 0:
                self.show_stacks()
                self.kill()
                raise FunctionTimedOut(_lambda_error("Sandbox.Timedout", request_id,
                                             f"Task timed out after {timeout_s:.2f} seconds"))
            if self.connection.poll(min(poll_s, remaining)):
                try:
                    answer: Answer = self.connection.recv()
                except (EOFError, OSError):
                    raise self._died(request_id) from None
                self.peak_rss_bytes = max(self.peak_rss_bytes, answer.peak_rss_bytes)
                if answer.peak_rss_bytes > limit_bytes:  # between two samples: Lambda would have stopped it
                    raise self._out_of_memory(request_id)
                return answer
            if self.rss_bytes() > limit_bytes:
                raise self._out_of_memory(request_id)

    def _out_of_memory(self, request_id: str) -> FunctionOutOfMemory:
        self.kill()
        return FunctionOutOfMemory(_lambda_error("Runtime.OutOfMemory", request_id,
                                         "Runtime exited with error: signal: killed"))

    def _died(self, request_id: str) -> FunctionFailed:
        self.process.join(5)
        code = self.process.exitcode
        how = f"signal: {-code}" if code is not None and code < 0 else f"exit status {code}"
        self.kill()
        return FunctionFailed(_lambda_error("Runtime.ExitError", request_id, f"Runtime exited with error: {how}"))


@dataclass
class _Pool:
    """The workers of one function."""

    config: FunctionConfig
    idle: list[Worker] = field(default_factory=list)  # most recently used last
    busy: dict[int, Worker] = field(default_factory=dict)  # by id: the workers running an invocation
    starting: int = 0

    @property
    def size(self) -> int:
        return len(self.idle) + len(self.busy) + self.starting


@dataclass(frozen=True)
class WorkerStats:
    function: str
    pid: int
    rss_bytes: int
    peak_rss_bytes: int
    invocations: int
    busy: bool


class Sandboxes:
    """Every function's workers. ``invoke`` is safe to call from any number of threads."""

    def __init__(self, environment: Callable[[], Mapping[str, str]], *, concurrency: int = 4,
                 idle_s: float = 300.0, max_idle: int = 48, poll_s: float = 0.02,
                 preload: Sequence[str] = tuple(ZYGOTE_PRELOAD)) -> None:
        self._environment = environment  # the platform's environment when a worker starts
        self.concurrency = concurrency
        self.idle_s = idle_s
        self.max_idle = max_idle
        self.poll_s = poll_s
        self._pools: dict[str, _Pool] = {}
        self._changed = threading.Condition()
        self._closed = False
        self._generation = 0  # bumped by recycle_all: workers of an older generation are not reused
        self.aws_faults = 0  # chaos: AWS calls the functions' workers failed on purpose
        self._generations: dict[int, int] = {}
        self._reimport: tuple[str, ...] = ()  # folders whose modules a new worker imports anew (reimport)
        self._context: ForkServerContext = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(list(preload))
        self._reaper = threading.Thread(target=self._reap, name="sandbox-reaper", daemon=True)
        self._reaper.start()
        atexit.register(self.close)  # before multiprocessing's own exit handler joins whatever is left

    def warm(self) -> None:
        """Start the zygote now (it imports in the background), so the first cold start does not wait for it."""
        from multiprocessing import forkserver

        forkserver.ensure_running()

    # --- invoking ------------------------------------------------------------------------------------
    def invoke(self, config: FunctionConfig, event: Any, timeout_s: float | None = None, *,
               crash_after_calls: int = 0) -> Any:
        """Run one invocation in a worker of ``config``'s function and return the handler's result;
        ``FunctionFailed`` (``FunctionTimedOut``, ``FunctionOutOfMemory``) with Lambda's error payload otherwise."""
        request_id = str(uuid.uuid4())
        limit = config.timeout_s if timeout_s is None else timeout_s
        payload = json.dumps(event)
        with self._worker(config, time.time() + limit, request_id) as worker:  # a cold start's init is not timed
            deadline = time.time() + limit
            answer = worker.run(Invocation(request_id=request_id, event=payload, deadline_epoch_s=deadline,
                                           memory_mb=config.memory_mb, invoked_function_arn=config.arn,
                                           crash_after_calls=crash_after_calls),
                                timeout_s=limit, limit_bytes=config.memory_mb * MIB, poll_s=self.poll_s)
        if answer.aws_faults:
            with self._changed:
                self.aws_faults += answer.aws_faults
        if answer.error is not None:
            raise FunctionFailed(answer.error)
        return json.loads(answer.result or "null")

    @contextmanager
    def _worker(self, config: FunctionConfig, deadline: float, request_id: str) -> Iterator[Worker]:
        """A warm worker of the function, or a new one once its init is done; waiting for a free one (at the
        function's concurrency) ends at ``deadline``."""
        worker = self._take(config, deadline, request_id)
        healthy = False
        try:
            yield worker
            healthy = True
        finally:
            self._give_back(config.name, worker, healthy)

    def _take(self, config: FunctionConfig, deadline: float, request_id: str) -> Worker:
        with self._changed:
            while True:
                if self._closed:
                    raise FunctionFailed(_lambda_error("ServiceException", request_id, "the platform is stopping"))
                pool = self._pools.setdefault(config.name, _Pool(config))
                while pool.idle:
                    worker = pool.idle.pop()
                    if self._generations.get(id(worker)) == self._generation and worker.alive:
                        pool.busy[id(worker)] = worker
                        return worker
                    self._forget(worker)
                    worker.kill()
                if pool.size < self.concurrency:
                    pool.starting += 1
                    break
                remaining = deadline - time.time()
                if remaining <= 0:
                    raise FunctionTimedOut(_lambda_error("Sandbox.Timedout", request_id,
                                                 f"Task timed out after {config.timeout_s:.2f} seconds"))
                self._changed.wait(remaining)
            self._evict_idle(self.max_idle - 1)
            generation = self._generation
        try:
            worker = self._start(config, request_id)
        finally:
            with self._changed:
                pool.starting -= 1
        with self._changed:
            self._generations[id(worker)] = generation
            pool.busy[id(worker)] = worker
        return worker

    def _give_back(self, name: str, worker: Worker, healthy: bool) -> None:
        with self._changed:
            pool = self._pools[name]
            pool.busy.pop(id(worker), None)
            if healthy and not self._closed and worker.alive:
                worker.last_used = time.monotonic()
                pool.idle.append(worker)
            else:
                self._forget(worker)
                worker.kill()
            self._changed.notify_all()

    def _start(self, config: FunctionConfig, request_id: str) -> Worker:
        ours, theirs = self._context.Pipe()
        environment = {**self._environment(), **lambda_environment(config)}
        process = self._context.Process(target=serve, name=f"lambda:{config.name}", daemon=True,
                                        args=(theirs, Setup(config.name, config.handler, environment, PYTHON_PATH,
                                                            self._reimport)))
        process.start()
        theirs.close()
        worker = Worker(process=process, connection=ours, function=config.name)
        try:
            if worker.connection.poll(INIT_LIMIT_S) and worker.connection.recv() == READY:
                return worker
        except (EOFError, OSError):
            raise worker._died(request_id) from None
        worker.kill()
        raise FunctionFailed(_lambda_error("Runtime.InitTimeout", request_id, f"init took over {INIT_LIMIT_S:g} s"))

    def _forget(self, worker: Worker) -> None:
        self._generations.pop(id(worker), None)

    # --- keeping it tidy ------------------------------------------------------------------------------
    def _evict_idle(self, keep: int) -> None:
        """At most ``keep`` idle workers across all functions: the least recently used go (lock held)."""
        idle = sorted((w.last_used, id(w), name, w) for name, pool in self._pools.items() for w in pool.idle)
        for _, _, name, worker in idle[:max(0, len(idle) - keep)]:
            self._pools[name].idle.remove(worker)
            self._forget(worker)
            worker.retire()

    def _reap(self) -> None:
        while True:
            time.sleep(min(5.0, self.idle_s / 2))
            with self._changed:
                if self._closed:
                    return
                cutoff = time.monotonic() - self.idle_s
                for pool in self._pools.values():
                    for worker in [w for w in pool.idle if w.last_used < cutoff or not w.alive]:
                        pool.idle.remove(worker)
                        self._forget(worker)
                        worker.retire()

    def recycle_all(self) -> None:
        """End every idle worker now and every busy one when its invocation ends: the next invocations start
        fresh environments (with the environment and code as they are now)."""
        with self._changed:
            self._generation += 1
            self._evict_idle(0)

    def reimport(self, folders: Sequence[str]) -> None:
        """``recycle_all``, and every new worker imports anew the modules under ``folders`` that the zygote has
        loaded (the shared layer after an edit), instead of inheriting the zygote's copies. (Restarting the zygote
        instead would wait for every process that inherited its control pipe.)"""
        with self._changed:
            self._reimport = tuple(sorted({*self._reimport, *folders}))
            self._generation += 1
            self._evict_idle(0)

    def stats(self) -> list[WorkerStats]:
        """Every live worker: its function, pid, resident memory now and at its peak, invocations served."""
        with self._changed:
            live = [(w, busy) for pool in self._pools.values()
                    for busy, workers in ((False, pool.idle), (True, list(pool.busy.values()))) for w in workers]
        return [WorkerStats(w.function, w.pid, w.rss_bytes(), w.peak_rss_bytes, w.invocations, busy)
                for w, busy in live]

    def pids(self) -> list[int]:
        return [s.pid for s in self.stats()]

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._evict_idle(0)
            busy = [w for pool in self._pools.values() for w in pool.busy.values()]
            self._changed.notify_all()
        for worker in busy:  # their callers get Runtime.ExitError
            worker.kill()


def lambda_environment(config: FunctionConfig) -> dict[str, str]:
    """The variables Lambda sets in every execution environment of a function."""
    return {"AWS_LAMBDA_FUNCTION_NAME": config.name, "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config.memory_mb), "_HANDLER": f"{config.handler}.handler",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{config.name}", "AWS_LAMBDA_LOG_STREAM_NAME": "local",
            "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12", "LAMBDA_TASK_ROOT": str(ROOT),
            "PYTHONPATH": os.pathsep.join(PYTHON_PATH), "TZ": ":UTC"}
