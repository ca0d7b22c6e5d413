"""Start and stop the whole local platform: emulator, resources, functions, gateway, event sources."""

from __future__ import annotations

import dataclasses
import functools
import ipaddress
import json
import logging
import os
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil
from design_agent import cors
from design_agent.clients import AwsClients, aws, configured_endpoint, endpoint_variable
from design_agent.spec import Queue, Secret, Service, Table, Trigger, config_prefix

from local_platform import emulator_stats
from local_platform.authorizer import AuthorizerRunner
from local_platform.chaos import Chaos, ChaosConfig
from local_platform.console import ConsoleSite
from local_platform.emails import localstack_sent_emails, sent_emails
from local_platform.event_sources import BackgroundLoop, Schedule, SqsPoller, StreamPoller
from local_platform.functions import FunctionFailed, FunctionRegistry, LocalFunction
from local_platform.hot_reload import CodeWatcher
from local_platform.http_gateway import CONNECTIONS_PREFIX, HttpGateway
from local_platform.log_format import LOG_FORMAT
from local_platform.log_writer import StdoutLog
from local_platform.moto_fixes import StreamTrim
from local_platform.moto_server import MotoServer
from local_platform.persistence import DataFolder, Restored, Snapshots
from local_platform.ports import preferred_or_free
from local_platform.resources import create_all
from local_platform.routes import RouteTable
from local_platform.secret_rotation import never_rotated, rotate_secret
from local_platform.sigv4 import SigV4Verifier
from local_platform.throttling import stage_limit, user_limit_environment
from local_platform.websocket_gateway import WebSocketGateway
from local_platform.wsgi_server import WsgiServer

GATEWAY_THREADS = 64  # requests in flight at once; more wait for a thread (API Gateway has no such bound)
STOP_WAIT_S = 3.0  # how long stop waits for the event sources' threads, all together
# a bootstrap step run once everything is up; what it returns (e.g. credentials it created) is printed
ReadyHook = Callable[["LocalPlatform"], Mapping[str, Any] | None]


class ExposureRefused(RuntimeError):
    """The platform was asked to listen beyond this machine without ``expose_to_network``."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class PlatformConfig:
    stage: str = "local"
    # where every listener binds (the API, the WebSocket API, the emulated AWS). Anything but a loopback address
    # needs ``expose_to_network``: the emulator takes any credentials, and whoever reaches it owns the platform
    host: str = "127.0.0.1"
    expose_to_network: bool = False
    # 0: any free port. The fixed ones `make dev` uses (3000, 3001, 4566) are its command line's defaults, never
    # this class's, so a platform a test starts can run beside `make dev`
    http_port: int = 0
    ws_port: int = 0  # the WebSocket API
    moto_port: int = 0  # the embedded moto: when the one asked for has a listener, any free port (with a warning)
    authorizer_cache_ttl_s: float = 0.0  # API Gateway's authorizer result cache (the dev stage has it off)
    integration_timeout_s: float = 29.0
    schedules: bool = True  # run scheduled functions by the clock (they can always be fired on demand)
    stage_throttle: bool = True  # the stage-wide rate limit of cdk.json (per-route limits always apply)
    source_limits: bool = True  # per client address on public routes (the stage's WAF rules in AWS)
    unlimited_sources: tuple[str, ...] = ()  # addresses exempt from them (a test suite's own client)
    # accounts need their address confirmed by a mailed link (on in every deployed stage); off: register answers
    # 201 at once, as the curl walk-through expects (an EMAIL_VERIFICATION in the environment wins)
    email_verification: bool = False
    # the per-user limit of cdk.json (USER_RATE_RPS/USER_BURST already in the environment win); False: off
    user_limit: bool = True
    function_concurrency: int = 4  # worker processes per function at most (Lambda scales out further)
    function_idle_s: float = 300.0  # a worker idle this long is recycled
    # with AWS_ENDPOINT_URL set (e.g. LocalStack): the services still served by an embedded moto, each through
    # boto3's AWS_ENDPOINT_URL_<SERVICE> (e.g. dynamodb and dynamodbstreams where LocalStack's need a download)
    moto_services: tuple[str, ...] = ()
    # where the embedded moto's data and the platform's credentials are kept across restarts (`make dev`: the
    # checkout's .local-data); None: nothing is kept, every start is clean (tests)
    data_dir: Path | None = None
    snapshot_interval_s: float = 1.0  # after writes, the data is saved at most this long after them
    # an edited handler, logic or shared-layer module applies on the next invocation (hot_reload.py)
    hot_reload: bool = False
    # "json": log lines as AWS writes them; "pretty" (or "colour", for a terminal): one readable line each, the
    # functions' lines too (log_format.py)
    log_format: str = "json"
    chaos: ChaosConfig | None = None  # faults injected while it runs (chaos.py); None: none
    log: Callable[[str], None] = field(default_factory=StdoutLog)


class Environment:
    """``os.environ`` changes that ``restore`` undoes (so a platform started inside pytest leaves no trace)."""

    def __init__(self) -> None:
        self._before: dict[str, str | None] = {}

    def set(self, key: str, value: str) -> None:
        self._before.setdefault(key, os.environ.get(key))
        os.environ[key] = value

    def default(self, key: str, value: str) -> None:
        if not os.environ.get(key):
            self.set(key, value)

    def restore(self) -> None:
        for key, value in self._before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._before.clear()


VITE_DEV_PORT = 5173  # `npm run dev` in web/ (vite.config.ts)


def console_origins(http_url: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The origins CORS allows here: the console as this gateway serves it (at 127.0.0.1 and at localhost, which a
    browser counts as another origin), Vite's dev server, and any the environment adds (CORS_ALLOWED_ORIGINS)."""
    port = urlsplit(http_url).port
    own = [http_url, f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
    dev = [f"http://127.0.0.1:{VITE_DEV_PORT}", f"http://localhost:{VITE_DEV_PORT}"]
    return cors.parse_origins(cors.join_origins([*own, *dev, *extra]))


class LocalPlatform:
    def __init__(self, services: tuple[Service, ...], config: PlatformConfig | None = None) -> None:
        self.services = services
        self.config = config or PlatformConfig()
        if isinstance(self.config.log, StdoutLog):
            self.config.log.log_format = self.config.log_format
        self.registry = FunctionRegistry(services, self.config.stage, concurrency=self.config.function_concurrency,
                                         idle_s=self.config.function_idle_s)
        self.ready = threading.Event()
        self.moto: MotoServer | None = None
        self.gateway: HttpGateway | None = None
        self.websocket: WebSocketGateway | None = None
        self.schedules: dict[str, Schedule] = {}
        self._http: WsgiServer | None = None
        self._loops: list[BackgroundLoop] = []
        self._hooks: list[ReadyHook] = []
        self._on_stop: list[Callable[[], None]] = []
        self._env = Environment()
        self._aws_url = ""
        self.data: DataFolder | None = None  # the data folder, when the platform keeps its data
        self.restored: Restored | None = None  # what the data folder brought back at start
        self._snapshots: Snapshots | None = None
        self._watcher: CodeWatcher | None = None
        self.chaos: Chaos | None = None
        if self.config.chaos is not None:
            self.chaos = self.registry.chaos = Chaos(self.config.chaos, self.config.log)

    # --- public ----------------------------------------------------------------------------
    @property
    def http_url(self) -> str:
        if self._http is None:
            raise RuntimeError("the platform is not started")
        return self._http.url

    @property
    def moto_url(self) -> str:
        """The AWS endpoint every function talks to: the embedded moto, or ``AWS_ENDPOINT_URL`` if it was set."""
        return self._aws_url

    aws_url = moto_url

    @property
    def ws_url(self) -> str:
        if self.websocket is None:
            raise RuntimeError("the platform is not started")
        return self.websocket.url

    def console_config(self) -> dict[str, str]:
        """The web console's ``config.json``: where this stage's APIs are."""
        return {"apiUrl": self.http_url, "wsUrl": self.ws_url, "stage": self.config.stage}

    def endpoint(self, service: str) -> str:
        """Where the functions reach one AWS service: the embedded moto, or the endpoint the environment names."""
        return configured_endpoint(service) or self._aws_url

    def sent_emails(self) -> list[dict[str, Any]]:
        """Mail sent through SES, the embedded moto's or LocalStack's, with templates filled in
        (``GET /_local/emails``)."""
        ses = self.endpoint("ses")
        if self.moto is not None and ses == self.moto.url:
            return sent_emails(self.services, self.config.stage)
        return localstack_sent_emails(ses, self.services, self.config.stage)

    def workers(self) -> dict[str, Any]:
        """Resident memory of this process and of every function's worker processes (``GET /_local/workers``)."""
        return {"platform": {"pid": os.getpid(), "rss_bytes": psutil.Process().memory_info().rss},
                "workers": [dataclasses.asdict(w) for w in self.registry.workers()]}

    def emulator(self) -> dict[str, Any]:
        """What the embedded moto holds (``GET /_local/emulator``): empty when AWS is elsewhere (LocalStack)."""
        return emulator_stats.stored(self.moto.app.exclusive) if self.moto is not None else {}

    def chaos_report(self) -> dict[str, Any]:
        """What ``--chaos`` injected so far (``GET /_local/chaos``): empty without it."""
        if self.chaos is None:
            return {}
        return {**self.chaos.report(), "aws_calls_failed": self.registry.sandboxes.aws_faults}

    def on_ready(self, hook: ReadyHook) -> None:
        self._hooks.append(hook)

    def on_stop(self, step: Callable[[], None]) -> None:
        """Run ``step`` first when the platform stops (e.g. end the worker processes a hook started)."""
        self._on_stop.append(step)

    def start(self) -> LocalPlatform:
        started = time.monotonic()
        self._check_exposure()
        self.registry.sandboxes.warm()  # the functions' zygote imports while the emulator and resources start
        self._credentials_and_emulator()
        self._serve_http()  # before the resources, so /health answers 503 while the rest starts
        aws().reset()  # clients made before the endpoints were set would talk to the wrong place
        clients = AwsClients()
        origins = cors.parse_origins(os.environ.get(cors.ENV_VAR))
        for key, value in create_all(clients, self.services, self.config.stage, origins).items():
            self._env.set(key, value)
        self._rotate_unset_secrets(clients)
        # a request served while the resources were made (a client polling during start) started its function's
        # worker with an environment that lacked them, kept while warm: such workers end now
        self.registry.sandboxes.recycle_all()
        self._event_sources(clients)
        self._keep_data()
        if self.config.hot_reload:
            self._watcher = CodeWatcher(self.registry.sandboxes, self.config.log)
            self._watcher.start()
        shown = self._run_hooks()
        if self.chaos is not None:
            assert self.websocket is not None
            self.chaos.websocket(self.websocket.drop_one)
            self.chaos.start()
        if self._snapshots is not None:  # what the hooks made (accounts whose credentials they kept) is kept now
            self._snapshots.save_now()
        self.ready.set()
        self.config.log(self._banner(time.monotonic() - started, shown))
        return self

    def _banner(self, seconds: float, shown: str) -> str:
        """The ready banner, last of the start-up output: where everything is, and the credentials to use."""
        rule = "=" * 100
        data = "" if self.data is None else (f"  Data     {self.data.path}{self._data_note()}; `make reset` starts "
                                             "clean\n")
        return (f"\n{rule}\n"
                f"  design-agent local platform (stage {self.config.stage}) ready in {seconds:.1f} s\n"
                f"  API      {self.http_url}/api/v1   (OpenAPI: /api/v1/openapi.json, Swagger UI: "
                f"{self.http_url}/api/docs)\n"
                f"  Console  {self.http_url}/console/\n"
                f"  WS       {self.ws_url}/?token=<access token>   (sent mail: {self.http_url}/_local/emails)\n"
                f"  AWS      {self._endpoints_line()}\n"
                f"  Lambda   {self.http_url}/2015-03-31/functions/<name>/invocations\n"
                f"{data}"
                f"  {len(self.registry.functions)} functions, {len(self._loops)} event sources"
                f"{', code reloaded on change' if self._watcher else ''}"
                f"{', FAULTS INJECTED (--chaos; counts: /_local/chaos)' if self.chaos else ''}\n"
                f"{shown}"
                f"\n  Ctrl-C stops everything.\n{rule}")

    def stop(self) -> None:
        if self.chaos is not None:
            self.chaos.stop()
        if self._watcher is not None:
            self._watcher.stop()
        for loop in self._loops:
            loop.stop()
        if self.moto is not None:  # long polls in flight (pollers, workers) answer now
            self.moto.release_waiters()
        for step in self._on_stop:
            step()
        self._on_stop.clear()
        deadline = time.monotonic() + STOP_WAIT_S  # one wait for all: a long poll at another endpoint ends alone
        for loop in self._loops:
            loop.join(max(0.0, deadline - time.monotonic()))
        if self._snapshots is not None:  # the last word: nothing the platform does from here on is kept
            self._snapshots.stop()
            self._snapshots = None
        if self.websocket is not None:
            self.websocket.stop()
        if self._http is not None:
            self._http.stop()
        self.registry.close()
        if self.moto is not None:
            self.moto.stop()
        self.ready.clear()
        if isinstance(self.config.log, StdoutLog):
            self.config.log.flush()
        self._env.restore()
        aws().reset()

    def _data_note(self) -> str:
        if self.data is None:
            return ""
        if self.restored is None:
            return " (new: nothing to restore)"
        return f" (restored in {self.restored.seconds:.1f} s)"

    def _endpoints_line(self) -> str:
        if self.moto is None:
            return f"{self.moto_url}   (AWS_ENDPOINT_URL)"
        if self.moto.url == self._aws_url:
            return f"{self.moto_url}   (embedded moto)"
        return (f"{self._aws_url}   (AWS_ENDPOINT_URL); {', '.join(self.config.moto_services)} on the embedded "
                f"moto at {self.moto.url}")

    def fire_schedule(self, name: str) -> Any:
        """Run a scheduled function now (``POST /_local/schedules/<function name>``)."""
        schedule = self.schedules.get(name)
        if schedule is None:
            raise KeyError(f"no scheduled function {name}; known: {sorted(self.schedules)}")
        return schedule.fire()

    def rotate(self, name: str) -> dict[str, str]:
        """Rotate the secrets of a rotation function now (``POST /_local/rotations/<function name>``)."""
        fn = self.registry.find(name)
        if fn is None or fn.operation.trigger is not Trigger.SECRET_ROTATION:
            known = sorted(f.name for f in self._functions(Trigger.SECRET_ROTATION))
            raise KeyError(f"no rotation function {name}; known: {known}")
        sm = aws().client("secretsmanager")
        return {arn: self._rotate(fn, arn) for arn in self._rotated_secret_arns(sm, fn)}

    # --- steps -----------------------------------------------------------------------------
    def _check_exposure(self) -> None:
        if is_loopback(self.config.host):
            return
        if not self.config.expose_to_network:
            raise ExposureRefused(
                f"refusing to listen on {self.config.host}: the local platform is for this machine only (its AWS "
                "emulator accepts any credentials). Use 127.0.0.1, or --expose-to-network if you really mean it.")
        self.config.log(f"\n  WARNING: listening on {self.config.host} — anyone who can reach this address can use "
                        "the emulated AWS (any credentials), the Lambda Invoke API and @connections with the "
                        "platform's credentials, and every account you create. Never on an untrusted network.\n")

    def _credentials_and_emulator(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the gateway writes its own access log
        env = self._env
        env.default("AWS_ACCESS_KEY_ID", "local")
        env.default("AWS_SECRET_ACCESS_KEY", "local")
        env.default("AWS_DEFAULT_REGION", FunctionRegistry.REGION)
        env.default("AWS_REGION", os.environ["AWS_DEFAULT_REGION"])
        external = os.environ.get("AWS_ENDPOINT_URL")
        if not external or self.config.moto_services:
            self.moto = MotoServer(self.config.host, self._moto_port())
            if self.config.data_dir is not None and not external:  # before it serves: the data it had is back
                self.data = DataFolder(self.config.data_dir, self.config.log)
                self.restored = self.data.restore()
            self.moto.start()
        if not external:
            assert self.moto is not None
            env.set("AWS_ENDPOINT_URL", self.moto.url)
        elif self.moto is not None:  # a split setup: these services on moto, the rest at AWS_ENDPOINT_URL
            for service in self.config.moto_services:
                env.set(endpoint_variable(service), self.moto.url)
        self._aws_url = os.environ["AWS_ENDPOINT_URL"]
        env.set("STAGE", self.config.stage)
        env.default("CONFIG_PARAMETERS_PREFIX", config_prefix(self.config.stage))
        env.default("CONFIG_CACHE_S", "5")  # a changed parameter applies within seconds on a laptop
        env.default("POWERTOOLS_TRACE_DISABLED", "true")
        env.default("POWERTOOLS_METRICS_DISABLED", "true")
        env.default("POWERTOOLS_METRICS_NAMESPACE", "DesignAgent")
        env.default("LOG_LEVEL", "INFO")
        env.set(LOG_FORMAT, self.config.log_format)  # the functions' worker processes format their own lines
        if self.config.chaos is not None:  # and fail their own AWS calls
            for key, value in self.config.chaos.worker_environment().items():
                env.set(key, value)
        env.default("EMAIL_VERIFICATION", "true" if self.config.email_verification else "false")
        for key, value in user_limit_environment(self.config.stage).items():
            if self.config.user_limit:
                env.default(key, value)
            else:
                env.set(key, "0")

    def _moto_port(self) -> int:
        """The port asked for (a quick restart gets it back: the server reuses the address), or any free one when
        another process listens there, said loudly: whatever was told to use the old address must be told anew."""
        asked = self.config.moto_port
        port = preferred_or_free(self.config.host, asked)
        if asked and port != asked:
            self.config.log(f"\n  WARNING: port {asked} is taken by another process: the emulated AWS listens on "
                            f"{port} instead. Anything pointed at {self.config.host}:{asked} (AWS_ENDPOINT_URL, "
                            f"an AWS CLI profile) must use {self.config.host}:{port} now.\n")
        return port

    def _serve_http(self) -> None:
        authorizer = next(iter(self._functions(Trigger.AUTHORIZER)), None)
        self.websocket = WebSocketGateway(self.registry, stage=self.config.stage, host=self.config.host,
                                          port=self.config.ws_port, log=self.config.log)
        self.gateway = HttpGateway(
            registry=self.registry, routes=RouteTable(self.services, self.registry),
            authorizer=AuthorizerRunner(self.registry, authorizer, self.config.authorizer_cache_ttl_s),
            stage=self.config.stage, ready=self.ready, integration_timeout_s=self.config.integration_timeout_s,
            log=self.config.log,
            local_actions={"schedules": self.fire_schedule, "rotations": self.rotate},
            local_reads={"emails": self.sent_emails, "workers": self.workers, "emulator": self.emulator,
                         "objects": emulator_stats.object_types, "allocations": emulator_stats.allocations,
                         "chaos": self.chaos_report}, websocket=self.websocket,
            stage_limit=stage_limit(self.config.stage) if self.config.stage_throttle else None,
            source_limits=self.config.source_limits, unlimited_sources=frozenset(self.config.unlimited_sources),
            verifier=SigV4Verifier(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]),
            console=ConsoleSite(self.console_config))
        # a request holds a thread while its function runs (up to the integration timeout)
        self._http = WsgiServer(self.gateway, self.config.host, self.config.http_port, threads=GATEWAY_THREADS,
                                name="http-gateway")
        origins = console_origins(self.http_url, cors.parse_origins(os.environ.get(cors.ENV_VAR)))
        self._env.set(cors.ENV_VAR, cors.join_origins(origins))  # every function answers CORS for these
        self.gateway.cors = cors.CorsPolicy(origins)
        self._http.start()
        self._env.set("AWS_ENDPOINT_URL_LAMBDA", self.http_url)  # lambda.invoke reaches the functions hosted here
        self.websocket.start()
        self._env.set("WEBSOCKET_CALLBACK_URL", f"{self.http_url}{CONNECTIONS_PREFIX}")

    def _rotated_secret_arns(self, sm: Any, fn: LocalFunction) -> list[str]:
        names = [self._declared(Secret, name).physical_name(self.config.stage)
                 for name, access in fn.operation.secrets.items() if access == "rotate"]
        return [str(sm.describe_secret(SecretId=name)["ARN"]) for name in names]

    def _rotate_unset_secrets(self, clients: AwsClients) -> None:
        """As CDK's RotationSchedule does right after creating a secret: a never rotated secret is rotated now."""
        sm = clients.client("secretsmanager")
        for fn in self._functions(Trigger.SECRET_ROTATION):
            for arn in self._rotated_secret_arns(sm, fn):
                if not never_rotated(sm, arn):
                    continue
                try:
                    self._rotate(fn, arn)
                except FunctionFailed as failed:  # keep starting: the failure is visible and can be retried
                    self.config.log(json.dumps({"level": "ERROR", "message": "secret rotation failed",
                                                "function": fn.name, "secret": arn, **failed.payload}))

    def _rotate(self, fn: LocalFunction, secret_arn: str) -> str:
        return rotate_secret(functools.partial(self.registry.invoke, fn), secret_arn)

    def _event_sources(self, clients: AwsClients) -> None:
        log = self.config.log
        for fn in self._functions(Trigger.QUEUE):
            queue: Queue = self._declared(Queue, fn.operation.source)
            source_is_dlq = fn.operation.source == queue.dlq
            url = os.environ[queue.dlq_env_var if source_is_dlq else queue.env_var]
            self._loops.append(SqsPoller(clients.client("sqs"), self.registry, fn, url, log))
        embedded_tables = self.moto is not None and self.endpoint("dynamodb") == self.moto.url
        writes = self.moto.app.table_writes if self.moto is not None and embedded_tables else None
        for fn in self._functions(Trigger.STREAM):
            table = os.environ[self._declared(Table, fn.operation.source).env_var]
            poller = StreamPoller(clients.dynamodb(), clients.client("dynamodbstreams"), self.registry, fn, table,
                                  log, writes=writes)
            if self.restored is not None:  # records handled before the restart are not handled again
                poller.resume(self.restored.positions.get(poller.name, {}))
            self._loops.append(poller)
        streams = [loop for loop in self._loops if isinstance(loop, StreamPoller)]
        if streams and self.moto is not None and embedded_tables:
            self._loops.append(StreamTrim(list(streams), self.moto.app.exclusive, log))
        for fn in self._functions(Trigger.SCHEDULE):
            self.schedules[fn.name] = Schedule(self.registry, fn, (fn.operation.schedule_minutes or 60) * 60, log)
            if self.config.schedules:
                self._loops.append(self.schedules[fn.name])
        for loop in self._loops:
            loop.start()

    def _keep_data(self) -> None:
        if self.data is None or self.moto is None:
            return
        streams = [loop for loop in self._loops if isinstance(loop, StreamPoller)]
        app = self.moto.app
        self._snapshots = Snapshots(self.data, writes=lambda: app.writes, exclusive=app.exclusive,
                                    positions=lambda: {poller.name: poller.positions for poller in streams},
                                    log=self.config.log, interval_s=self.config.snapshot_interval_s).start()

    def _run_hooks(self) -> str:
        """Run the ready hooks; what they return, for the banner."""
        shown = []
        for hook in self._hooks:
            name = getattr(hook, "__name__", repr(hook))
            try:
                printed = hook(self)
            except Exception:
                self.config.log(json.dumps({"level": "ERROR", "message": "ready hook failed", "hook": name,
                                            "error": traceback.format_exc(limit=5)}))
                continue
            if printed:
                lines = "\n".join(f"    {key}: {value}" for key, value in printed.items())
                shown.append(f"\n  {name.replace('_', ' ')}:\n{lines}\n")
        return "".join(shown)

    def _declared(self, kind: type[Queue] | type[Table] | type[Secret], name: str | None) -> Any:
        """The queue, table or secret of that name, whichever service declares it."""
        attribute = {Queue: "queues", Table: "tables", Secret: "secrets"}[kind]
        for service in self.services:
            for item in getattr(service, attribute):
                if item.name == name or (kind is Queue and item.dlq == name):
                    return item
        raise KeyError(f"no {kind.__name__.lower()} named {name} is declared")

    def _functions(self, trigger: Trigger) -> list[LocalFunction]:
        return [fn for fn in self.registry.functions.values() if fn.operation.trigger is trigger]
