"""Fault injection (``python -m local_platform --chaos``; ``make load CHAOS=1``): the local platform misbehaves the
way a cloud does, so that "nothing is lost" is shown under faults, not assumed. Off unless asked for.

- **AWS calls fail.** In every function's worker process, a fraction of the AWS calls it makes fail (``CHAOS_AWS_RATE``,
  of the services in ``CHAOS_AWS_SERVICES``): answered 503 without reaching the service, refused (connection
  closed), or — the hard case — *applied, and then the answer lost* (a read timeout after the write happened).
  The SDK's retries see them as they would see AWS's.
- **Consumers crash mid-batch.** A fraction of the invocations by a queue or stream event source
  (``CHAOS_CONSUMER_CRASH_RATE``) end their process after their first few AWS calls: part of the batch is done,
  none of it is acknowledged, and the batch comes back.
- **Workers die.** Every ``CHAOS_WORKER_KILL_S`` seconds a reference worker (the algorithm side) is killed with
  SIGKILL mid-task and another started; its task's lease runs out and another worker takes it over.
- **WebSocket connections drop.** Every ``CHAOS_WS_DROP_S`` seconds one client connection is cut (no close
  handshake, as a network does); clients reconnect.

``GET /_local/chaos`` counts what was injected. docs/chaos.md describes the same experiments as AWS Fault Injection
Service templates for a deployed stage."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

AWS_RATE = "CHAOS_AWS_RATE"
AWS_SERVICES = "CHAOS_AWS_SERVICES"
SEED = "CHAOS_SEED"
CRASH_EXIT = 86  # a worker that crashed on purpose


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class ChaosConfig:
    aws_rate: float = 0.03  # of the AWS calls functions make
    aws_services: tuple[str, ...] = ("dynamodb", "sqs", "s3", "events", "secretsmanager", "ssm")
    consumer_crash_rate: float = 0.05  # of the invocations by queue and stream event sources
    worker_kill_s: float = 30.0  # a reference worker killed this often (0: never)
    ws_drop_s: float = 15.0  # a WebSocket connection dropped this often (0: never)

    @classmethod
    def from_env(cls) -> ChaosConfig:
        base = cls()
        services = os.environ.get(AWS_SERVICES)
        return cls(aws_rate=_float(AWS_RATE, base.aws_rate),
                   aws_services=tuple(s for s in services.split(",") if s) if services else base.aws_services,
                   consumer_crash_rate=_float("CHAOS_CONSUMER_CRASH_RATE", base.consumer_crash_rate),
                   worker_kill_s=_float("CHAOS_WORKER_KILL_S", base.worker_kill_s),
                   ws_drop_s=_float("CHAOS_WS_DROP_S", base.ws_drop_s))

    def worker_environment(self) -> dict[str, str]:
        """What a function's worker process needs to fail its own AWS calls."""
        return {AWS_RATE: str(self.aws_rate), AWS_SERVICES: ",".join(self.aws_services)}


# --- in a function's worker process -----------------------------------------------------------------------------
@dataclass
class _WorkerFaults:
    rate: float
    services: frozenset[str]
    calls: int = 0  # AWS calls of the current invocation
    crash_after: int = 0  # end the process at this call of the current invocation (0: never)
    injected: int = 0  # since the last answer
    random: random.Random = field(default_factory=random.Random)


_FAULTS: _WorkerFaults | None = None


class _EmptyBody:
    def stream(self, **_: Any) -> Any:
        yield b""


def install_in_worker(environ: dict[str, str] | os._Environ[str]) -> None:
    """Fail a fraction of this process's AWS calls (when the environment asks for it; idempotent)."""
    global _FAULTS
    if AWS_RATE not in environ or _FAULTS is not None:
        return
    from botocore.awsrequest import AWSResponse
    from botocore.endpoint import Endpoint
    from botocore.exceptions import ConnectionClosedError, ReadTimeoutError

    faults = _FAULTS = _WorkerFaults(float(environ[AWS_RATE]), frozenset(environ.get(AWS_SERVICES, "").split(",")),
                                     random=random.Random(environ.get(SEED)))  # a seed: the same faults again
    send = Endpoint._send

    def _send(self: Endpoint, request: Any) -> Any:
        faults.calls += 1
        if faults.crash_after and faults.calls >= faults.crash_after:
            os._exit(CRASH_EXIT)  # mid-batch: what was done so far stays done, nothing is acknowledged
        if _service(request) not in faults.services or faults.random.random() >= faults.rate:
            return send(self, request)
        faults.injected += 1
        kind = faults.random.randrange(3)
        if kind == 0:
            return AWSResponse(request.url, 503, {}, _EmptyBody())  # unavailable: nothing happened
        if kind == 1:
            raise ConnectionClosedError(endpoint_url=request.url)  # refused: nothing happened
        send(self, request)
        raise ReadTimeoutError(endpoint_url=request.url)  # applied, and the answer lost

    Endpoint._send = _send


def _service(request: Any) -> str:
    """The service a signed request is for: the fourth part of its SigV4 credential scope
    (``Credential=<key>/<date>/<region>/<service>/aws4_request``)."""
    header = request.headers.get("Authorization", b"")
    text = header.decode() if isinstance(header, bytes) else str(header)
    scope = text.partition("Credential=")[2].split(",")[0].split("/")
    return scope[3] if len(scope) == 5 else ""


def begin_invocation(crash_after_calls: int) -> None:
    if _FAULTS is not None:
        _FAULTS.calls, _FAULTS.crash_after = 0, crash_after_calls


def injected_since_last() -> int:
    if _FAULTS is None:
        return 0
    injected, _FAULTS.injected = _FAULTS.injected, 0
    return injected


# --- in the platform ---------------------------------------------------------------------------------------------
class Chaos:
    """The platform's side: decides which consumer invocations crash, kills reference workers, drops WebSocket
    connections, and counts every fault (``GET /_local/chaos``)."""

    def __init__(self, config: ChaosConfig, log: Callable[[str], None], seed: int | None = None) -> None:
        self.config = config
        self.counts: Counter[str] = Counter()
        self._random = random.Random(seed)
        self._log = log
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._workers: list[Callable[[], list[subprocess.Popen[bytes]]]] = []  # each: the live processes
        self._replace: list[Callable[[], object]] = []
        self._drop: Callable[[], str | None] | None = None

    def consumer_crash(self) -> int:
        """For an event-source invocation: the AWS call at which its process ends (0: it does not)."""
        with self._lock:
            if self._random.random() >= self.config.consumer_crash_rate:
                return 0
            self.counts["consumer_crashes_planned"] += 1
            return self._random.randint(1, 4)

    def count(self, name: str, n: int = 1) -> None:
        if n:
            with self._lock:
                self.counts[name] += n

    def reference_workers(self, processes: Callable[[], list[subprocess.Popen[bytes]]],
                          replace: Callable[[], object]) -> None:
        self._workers.append(processes)
        self._replace.append(replace)

    def websocket(self, drop_one: Callable[[], str | None]) -> None:
        self._drop = drop_one

    def start(self) -> None:
        for every, act in ((self.config.worker_kill_s, self._kill_a_worker), (self.config.ws_drop_s, self._drop_one)):
            if every > 0:
                threading.Thread(target=self._every, args=(every, act), daemon=True, name="chaos").start()
        self._log(json.dumps({"level": "WARNING", "message": "chaos: faults are being injected",
                              **asdict(self.config)}))

    def stop(self) -> None:
        self._stop.set()

    def _every(self, seconds: float, act: Callable[[], None]) -> None:
        while not self._stop.wait(self._random.uniform(0.5, 1.5) * seconds):
            try:
                act()
            except Exception as exc:  # keep injecting: a process may have ended meanwhile
                self._log(json.dumps({"level": "WARNING", "message": "chaos step failed", "error": repr(exc)}))

    def _kill_a_worker(self) -> None:
        groups = [(live, replace) for processes, replace in zip(self._workers, self._replace, strict=True)
                  if (live := [p for p in processes() if p.poll() is None])]
        if not groups:
            return
        live, replace = self._random.choice(groups)
        victim = self._random.choice(live)
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        replace()
        self.count("reference_workers_killed")
        self._log(json.dumps({"level": "WARNING", "message": "chaos: reference worker killed", "pid": victim.pid}))

    def _drop_one(self) -> None:
        dropped = self._drop() if self._drop is not None else None
        if dropped:
            self.count("websocket_connections_dropped")

    def report(self) -> dict[str, Any]:
        return {"config": asdict(self.config), **dict(self.counts)}
