"""Start and stop the whole local platform: emulator, resources, functions, gateway, event sources."""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from design_agent.clients import AwsClients, aws
from design_agent.spec import Queue, Secret, Service, Table, Trigger, config_prefix
from werkzeug.serving import BaseWSGIServer, make_server

from local_platform.authorizer import AuthorizerRunner
from local_platform.emails import sent_emails
from local_platform.event_sources import BackgroundLoop, Schedule, SqsPoller, StreamPoller
from local_platform.functions import FunctionFailed, FunctionRegistry, LocalFunction
from local_platform.http_gateway import CONNECTIONS_PREFIX, HttpGateway
from local_platform.log_writer import StdoutLog
from local_platform.moto_server import MotoServer
from local_platform.ports import preferred_or_free
from local_platform.resources import create_all
from local_platform.routes import RouteTable
from local_platform.secret_rotation import never_rotated, rotate_secret
from local_platform.throttling import stage_limit, user_limit_environment
from local_platform.websocket_gateway import WebSocketGateway

# a bootstrap step run once everything is up; what it returns (e.g. credentials it created) is printed
ReadyHook = Callable[["LocalPlatform"], Mapping[str, Any] | None]


@dataclass
class PlatformConfig:
    stage: str = "local"
    host: str = "127.0.0.1"
    http_port: int = 3000  # 0: any free port
    ws_port: int = 3001  # the WebSocket API (0: any free port)
    moto_port: int = 4566  # taken or 0: any free port
    authorizer_cache_ttl_s: float = 0.0  # API Gateway's authorizer result cache (the dev stage has it off)
    integration_timeout_s: float = 29.0
    schedules: bool = True  # run scheduled functions by the clock (they can always be fired on demand)
    stage_throttle: bool = True  # the stage-wide rate limit of cdk.json (per-route limits always apply)
    # the per-user limit of cdk.json (USER_RATE_RPS/USER_BURST already in the environment win); False: off
    user_limit: bool = True
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


class LocalPlatform:
    def __init__(self, services: tuple[Service, ...], config: PlatformConfig | None = None) -> None:
        self.services = services
        self.config = config or PlatformConfig()
        self.registry = FunctionRegistry(services, self.config.stage)
        self.ready = threading.Event()
        self.moto: MotoServer | None = None
        self.gateway: HttpGateway | None = None
        self.websocket: WebSocketGateway | None = None
        self.schedules: dict[str, Schedule] = {}
        self._http: BaseWSGIServer | None = None
        self._loops: list[BackgroundLoop] = []
        self._hooks: list[ReadyHook] = []
        self._on_stop: list[Callable[[], None]] = []
        self._env = Environment()
        self._aws_url = ""

    # --- public ----------------------------------------------------------------------------
    @property
    def http_url(self) -> str:
        if self._http is None:
            raise RuntimeError("the platform is not started")
        return f"http://{self.config.host}:{self._http.server_port}"

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

    def sent_emails(self) -> list[dict[str, Any]]:
        """Mail sent through the embedded moto's SES, with templates filled in (``GET /_local/emails``)."""
        if self.moto is None:
            return []
        return sent_emails(self.services, self.config.stage)

    def on_ready(self, hook: ReadyHook) -> None:
        self._hooks.append(hook)

    def on_stop(self, step: Callable[[], None]) -> None:
        """Run ``step`` first when the platform stops (e.g. end the worker processes a hook started)."""
        self._on_stop.append(step)

    def start(self) -> LocalPlatform:
        started = time.monotonic()
        self._credentials_and_emulator()
        self._serve_http()  # before the resources, so /health answers 503 while the rest starts
        aws().reset()  # clients made before the endpoints were set would talk to the wrong place
        clients = AwsClients()
        for key, value in create_all(clients, self.services, self.config.stage).items():
            self._env.set(key, value)
        self._rotate_unset_secrets(clients)
        self._event_sources(clients)
        self._run_hooks()
        self.ready.set()
        self.config.log(f"design-agent local platform (stage {self.config.stage}) ready in "
                        f"{time.monotonic() - started:.1f} s\n"
                        f"  API      {self.http_url}/api/v1   (OpenAPI: /api/v1/openapi.json, Swagger UI: "
                        f"{self.http_url}/api/docs)\n"
                        f"  WS       {self.ws_url}/?token=<access token>   (sent mail: {self.http_url}/_local/emails)\n"
                        f"  AWS      {self.moto_url}   ({'embedded moto' if self.moto else 'AWS_ENDPOINT_URL'})\n"
                        f"  Lambda   {self.http_url}/2015-03-31/functions/<name>/invocations\n"
                        f"  {len(self.registry.functions)} functions, {len(self._loops)} event sources")
        return self

    def stop(self) -> None:
        for step in self._on_stop:
            step()
        self._on_stop.clear()
        for loop in self._loops:
            loop.stop()
        for loop in self._loops:
            loop.join(2.0)
        if self.websocket is not None:
            self.websocket.stop()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
        self.registry.close()
        if self.moto is not None:
            self.moto.stop()
        self.ready.clear()
        if isinstance(self.config.log, StdoutLog):
            self.config.log.flush()
        self._env.restore()
        aws().reset()

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
    def _credentials_and_emulator(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the gateway writes its own access log
        env = self._env
        env.default("AWS_ACCESS_KEY_ID", "local")
        env.default("AWS_SECRET_ACCESS_KEY", "local")
        env.default("AWS_DEFAULT_REGION", FunctionRegistry.REGION)
        env.default("AWS_REGION", os.environ["AWS_DEFAULT_REGION"])
        if not os.environ.get("AWS_ENDPOINT_URL"):
            port = preferred_or_free(self.config.host, self.config.moto_port)
            self.moto = MotoServer(self.config.host, port).start()
            env.set("AWS_ENDPOINT_URL", self.moto.url)
        self._aws_url = os.environ["AWS_ENDPOINT_URL"]
        env.set("STAGE", self.config.stage)
        env.default("CONFIG_PARAMETERS_PREFIX", config_prefix(self.config.stage))
        env.default("CONFIG_CACHE_S", "5")  # a changed parameter applies within seconds on a laptop
        env.default("POWERTOOLS_TRACE_DISABLED", "true")
        env.default("POWERTOOLS_METRICS_DISABLED", "true")
        env.default("POWERTOOLS_METRICS_NAMESPACE", "DesignAgent")
        env.default("LOG_LEVEL", "INFO")
        for key, value in user_limit_environment(self.config.stage).items():
            if self.config.user_limit:
                env.default(key, value)
            else:
                env.set(key, "0")

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
            local_reads={"emails": self.sent_emails}, websocket=self.websocket,
            stage_limit=stage_limit(self.config.stage) if self.config.stage_throttle else None)
        self._http = make_server(self.config.host, self.config.http_port, self.gateway, threaded=True)
        threading.Thread(target=self._http.serve_forever, name="http-gateway", daemon=True).start()
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
        for fn in self._functions(Trigger.STREAM):
            table = os.environ[self._declared(Table, fn.operation.source).env_var]
            self._loops.append(StreamPoller(clients.dynamodb(), clients.client("dynamodbstreams"), self.registry,
                                            fn, table, log))
        for fn in self._functions(Trigger.SCHEDULE):
            self.schedules[fn.name] = Schedule(self.registry, fn, (fn.operation.schedule_minutes or 60) * 60, log)
            if self.config.schedules:
                self._loops.append(self.schedules[fn.name])
        for loop in self._loops:
            loop.start()

    def _run_hooks(self) -> None:
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
                self.config.log(f"\n  {name}:\n{lines}\n")

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
