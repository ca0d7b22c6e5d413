"""Start and stop the whole local platform: emulator, resources, functions, gateway, event sources."""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from design_agent.clients import AwsClients
from design_agent.keystore import parse_key_set
from design_agent.spec import Service, Trigger
from werkzeug.serving import BaseWSGIServer, make_server

from local_platform.authorizer import AuthorizerRunner
from local_platform.event_sources import Schedule, SqsPoller, StreamPoller
from local_platform.functions import FunctionRegistry, LocalFunction
from local_platform.http_gateway import HttpGateway
from local_platform.moto_server import MotoServer
from local_platform.openapi import document
from local_platform.resources import create_all, rotate_secret
from local_platform.routes import RouteTable

ReadyHook = Callable[["LocalPlatform"], None]


def _print(line: str) -> None:
    print(line, file=sys.stdout, flush=True)


@dataclass
class PlatformConfig:
    stage: str = "local"
    host: str = "127.0.0.1"
    http_port: int = 3000
    moto_port: int = 4566
    authorizer_cache_ttl_s: float = 0.0
    integration_timeout_s: float = 29.0
    schedules: bool = True
    log: Callable[[str], None] = field(default=_print)


class LocalPlatform:
    def __init__(self, services: tuple[Service, ...], config: PlatformConfig | None = None) -> None:
        self.services = services
        self.config = config or PlatformConfig()
        self.registry = FunctionRegistry(services, self.config.stage)
        self.ready = threading.Event()
        self.moto: MotoServer | None = None
        self._http: BaseWSGIServer | None = None
        self._pollers: list[SqsPoller | StreamPoller] = []
        self.schedules: dict[str, Schedule] = {}
        self._hooks: list[ReadyHook] = []
        self.gateway: HttpGateway | None = None

    @property
    def http_url(self) -> str:
        return f"http://{self.config.host}:{self.config.http_port}"

    @property
    def aws_url(self) -> str:
        return os.environ["AWS_ENDPOINT_URL"]

    def on_ready(self, hook: ReadyHook) -> None:
        self._hooks.append(hook)

    def start(self) -> LocalPlatform:
        started = time.monotonic()
        self._environment()
        self._serve_http()  # first, so /health answers 503 while the rest starts
        clients = AwsClients()
        env = create_all(clients, self.services, self.config.stage)
        os.environ.update(env)
        self._rotate_secrets(clients)
        self._event_sources(clients)
        for hook in self._hooks:
            hook(self)
        self.ready.set()
        self.config.log(json.dumps({"message": "ready", "seconds": round(time.monotonic() - started, 2),
                                    "api": f"{self.http_url}/api/v1", "aws": self.aws_url}))
        return self

    def stop(self) -> None:
        for poller in self._pollers:
            poller.stop()
        for schedule in self.schedules.values():
            schedule.stop()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
        if self.gateway is not None:
            self.gateway.close()
        if self.moto is not None:
            self.moto.stop()

    # --- steps -----------------------------------------------------------------------------
    def _environment(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the gateway writes its own access log
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        os.environ.setdefault("AWS_REGION", os.environ["AWS_DEFAULT_REGION"])
        if not os.environ.get("AWS_ENDPOINT_URL"):
            self.moto = MotoServer(self.config.host, self.config.moto_port).start()
            os.environ["AWS_ENDPOINT_URL"] = self.moto.url
        # service-to-service lambda.invoke reaches the functions hosted here
        os.environ["AWS_ENDPOINT_URL_LAMBDA"] = self.http_url
        os.environ["STAGE"] = self.config.stage
        os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
        os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
        os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "DesignAgent")
        os.environ.setdefault("LOG_LEVEL", "INFO")

    def _serve_http(self) -> None:
        authorizer = next((fn for fn in self.registry.functions.values()
                           if fn.operation.trigger is Trigger.AUTHORIZER), None)
        self.gateway = HttpGateway(
            registry=self.registry, routes=RouteTable(self.services, self.registry),
            authorizer=AuthorizerRunner(self.registry, authorizer, self.config.authorizer_cache_ttl_s),
            stage=self.config.stage, ready=self.ready, integration_timeout_s=self.config.integration_timeout_s,
            openapi=lambda: document(self.services), run_schedule=self.fire_schedule, log=self.config.log)
        self._http = make_server(self.config.host, self.config.http_port, self.gateway, threaded=True)
        threading.Thread(target=self._http.serve_forever, name="http-gateway", daemon=True).start()

    def _rotate_secrets(self, clients: AwsClients) -> None:
        """Emulate Secrets Manager: a rotation function with no current value yet rotates once, in four steps."""
        sm = clients.client("secretsmanager")
        for fn in self._functions(Trigger.SECRET_ROTATION):
            for secret_name in fn.operation.secrets:
                secret = next(s for s in fn.service.secrets if s.name == secret_name)
                secret_id = secret.physical_name(self.config.stage)
                try:
                    current = sm.get_secret_value(SecretId=secret_id, VersionStage="AWSCURRENT")["SecretString"]
                except sm.exceptions.ResourceNotFoundException:
                    current = None
                if parse_key_set(current).keys:
                    continue
                rotate_secret(functools.partial(self.registry.invoke, fn), secret_id)

    def _event_sources(self, clients: AwsClients) -> None:
        for fn in self._functions(Trigger.QUEUE):
            url = os.environ[next(q for q in fn.service.queues if q.name == fn.operation.source).env_var]
            poller = SqsPoller(clients.client("sqs"), self.registry, fn, url, self.config.log)
            poller.start()
            self._pollers.append(poller)
        for fn in self._functions(Trigger.STREAM):
            table = next(t for t in fn.service.tables if t.name == fn.operation.source)
            stream = StreamPoller(clients.dynamodb(), clients.client("dynamodbstreams"), self.registry, fn,
                                  os.environ[table.env_var], self.config.log)
            stream.start()
            self._pollers.append(stream)
        for fn in self._functions(Trigger.SCHEDULE):
            schedule = Schedule(self.registry, fn, (fn.operation.schedule_minutes or 60) * 60, self.config.log)
            self.schedules[fn.name] = schedule
            if self.config.schedules:
                schedule.start()

    def fire_schedule(self, name: str) -> Any:
        """Run a scheduled function now (``POST /_local/schedules/<function name>``)."""
        schedule = self.schedules.get(name)
        if schedule is None:
            return {"error": f"no scheduled function {name}", "known": sorted(self.schedules)}
        return schedule.fire()

    def _functions(self, trigger: Trigger) -> list[LocalFunction]:
        return [fn for fn in self.registry.functions.values() if fn.operation.trigger is trigger]
