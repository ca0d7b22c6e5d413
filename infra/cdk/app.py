"""The CDK app: ``python -m infra.cdk.app [-c stage=prod]`` (or ``cdk synth -c stage=prod``).

Builds, for one stage: a platform stack, one stack per service in ``functions.registry.SERVICES``, and the
API stack (routes, authorizer, deployment, stage) that depends on all of them.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
for _path in (REPO_ROOT / "layers" / "shared" / "python", REPO_ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import aws_cdk as cdk  # noqa: E402
from aws_cdk import aws_lambda as lambda_  # noqa: E402
from design_agent.spec import PROJECT, Service, resource_name  # noqa: E402

from infra.cdk.constructs.helper_logs import give_helper_functions_log_groups  # noqa: E402
from infra.cdk.nag import add_checks  # noqa: E402
from infra.cdk.references import PLATFORM  # noqa: E402
from infra.cdk.settings import (  # noqa: E402
    DEFAULT_STAGE,
    EMAIL_SENDER_CONTEXT_KEY,
    STAGES_CONTEXT_KEY,
    StageSettings,
    stage_settings,
)
from infra.cdk.stacks.api import ApiStack  # noqa: E402
from infra.cdk.stacks.console import ConsoleContentStack, ConsoleSiteStack  # noqa: E402
from infra.cdk.stacks.observability import ObservabilityStack  # noqa: E402
from infra.cdk.stacks.platform import PlatformStack  # noqa: E402
from infra.cdk.stacks.service import ServiceStack  # noqa: E402

CDK_JSON = REPO_ROOT / "cdk.json"
# only the function packages go into the functions' code asset; the shared package comes with the layer
# (npm's install folders neither: what a function serves from npm, e.g. Swagger UI's assets, is copied out of them)
FUNCTION_CODE_EXCLUDE = ("*", ".*", "!functions", "!functions/**", "**/__pycache__", "**/*.pyc", "**/tests",
                         "**/test_*.py", "**/node_modules", "**/package.json", "**/package-lock.json")


@dataclass(frozen=True)
class DesignAgentApp:
    app: cdk.App
    settings: StageSettings
    platform: PlatformStack
    services: dict[str, ServiceStack]
    api: ApiStack
    observability: ObservabilityStack
    console: ConsoleSiteStack
    console_content: ConsoleContentStack


def cdk_json_context(path: Path = CDK_JSON) -> dict[str, Any]:
    """``cdk.json``'s context: the CDK CLI passes it itself, plain ``python -m`` runs read it here."""
    if not path.exists():
        return {}
    context: dict[str, Any] = json.loads(path.read_text()).get("context", {})
    return context


def function_code(repo_root: Path = REPO_ROOT) -> lambda_.Code:
    """A new ``Code`` per stack (an asset belongs to one stack); staging is cached per source."""
    return lambda_.Code.from_asset(str(repo_root), exclude=list(FUNCTION_CODE_EXCLUDE))


def build(app: cdk.App, services: Sequence[Service] | None = None, *, nag: bool = True) -> DesignAgentApp:
    """Every stack of the stage named by the ``stage`` context (default: dev) into ``app``."""
    if services is None:
        from functions.registry import SERVICES

        services = SERVICES
    stage = str(app.node.try_get_context("stage") or DEFAULT_STAGE)
    settings = stage_settings(stage, app.node.try_get_context(STAGES_CONTEXT_KEY),
                              email_sender=app.node.try_get_context(EMAIL_SENDER_CONTEXT_KEY))
    cdk.Tags.of(app).add("project", PROJECT)
    cdk.Tags.of(app).add("stage", stage)

    def stack_id(part: str) -> str:
        return f"DesignAgent-{stage}-{part}"

    if PLATFORM in {service.name for service in services}:
        raise ValueError(f"{PLATFORM!r} is the platform's own SSM path segment, not a service name")
    # the web console's site first: its address is the origin every stack's CORS allows (infra/cdk/stacks/console.py)
    console = ConsoleSiteStack(app, stack_id("Console"), stack_name=resource_name(stage, "console"),
                               settings=settings,
                               description=f"{PROJECT} {stage}: the web console's bucket and CloudFront distribution")
    platform = PlatformStack(app, stack_id("Platform"), stack_name=resource_name(stage, "platform"),
                             settings=settings, services=services,
                             description=f"{PROJECT} {stage}: event bus and archive, API shell, secrets, alarm "
                                         "topic, mail sender")
    platform.add_stack_dependency(console, "the console's origin (CORS) in an SSM parameter")
    # stacks refer to each other by deterministic names and SSM parameters (infra/cdk/references.py), never by
    # exports; the dependencies below only order `cdk deploy --all` (platform, services, then API)
    stacks: dict[str, ServiceStack] = {}
    for service in services:
        stacks[service.name] = ServiceStack(
            app, stack_id(service.name.capitalize()), stack_name=resource_name(stage, service.name),
            service=service, settings=settings, code=function_code(),
            foreign_tables={t.name: t for s in services for t in s.tables},
            known_secrets={x.name: x for s in services for x in s.secrets},
            description=f"{PROJECT} {stage}: the {service.name} service")
        stacks[service.name].add_stack_dependency(platform, "bus, alarm topic and secrets by name")
    api = ApiStack(app, stack_id("Api"), stack_name=resource_name(stage, "api"), settings=settings,
                   services=services,
                   description=f"{PROJECT} {stage}: REST API routes, authorizer, deployment and stage")
    api.add_stack_dependency(platform, "the REST API's ids in SSM parameters")
    for stack in stacks.values():
        api.add_stack_dependency(stack, "route functions by name")
    observability = ObservabilityStack(
        app, stack_id("Observability"), stack_name=resource_name(stage, "observability"), settings=settings,
        services=services,
        description=f"{PROJECT} {stage}: dashboard and stage-wide alarms (API 5xx, throttle rate and p99 latency, "
                    "Lambda errors and throttles)")
    observability.add_stack_dependency(platform, "the alarm topic by name")
    console_content = ConsoleContentStack(
        app, stack_id("ConsoleContent"), stack_name=resource_name(stage, "console-content"), settings=settings,
        description=f"{PROJECT} {stage}: the web console's files and its config.json (the stage's API URLs)")
    console_content.add_stack_dependency(api, "the REST API's stage exists")
    console_content.add_stack_dependency(console, "the site's bucket and distribution")
    for stack in stacks.values():
        stack.add_stack_dependency(console, "the console's origin (CORS) in an SSM parameter")
        if stack.service.websocket_operations:
            console_content.add_stack_dependency(stack, "the WebSocket URL in an SSM parameter")
    for any_stack in (console, platform, *stacks.values(), api, observability, console_content):
        give_helper_functions_log_groups(any_stack, settings)
    if nag:
        add_checks(app)
    return DesignAgentApp(app=app, settings=settings, platform=platform, services=stacks, api=api,
                          observability=observability, console=console, console_content=console_content)


def parse_context_args(argv: Sequence[str]) -> dict[str, Any]:
    """``-c key=value`` / ``--context key=value`` pairs, as the CDK CLI takes them (JSON values are parsed,
    so ``-c 'aws:cdk:bundling-stacks=[]'`` synthesizes without building the layer)."""
    context: dict[str, Any] = {}
    args = iter(argv)
    for arg in args:
        if arg in ("-c", "--context"):
            key, sep, value = next(args, "").partition("=")
            if not sep:
                raise SystemExit(f"expected -c key=value, got {key!r}")
            try:
                context[key] = json.loads(value)
            except ValueError:
                context[key] = value
    return context


# what the CDK CLI sets by default; plain ``python -m`` runs need them for `sam build/local` on the templates
CLI_DEFAULT_CONTEXT = {"aws:cdk:enable-asset-metadata": True, "aws:cdk:enable-path-metadata": True}


def make_app(context: Mapping[str, Any] | None = None, outdir: str | None = None) -> cdk.App:
    merged = {**CLI_DEFAULT_CONTEXT, **cdk_json_context(), **(context or {})}
    return cdk.App(context=merged, outdir=outdir or os.environ.get("CDK_OUTDIR") or str(REPO_ROOT / "cdk.out"))


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
    app = make_app(parse_context_args(sys.argv[1:] if argv is None else argv))
    build(app)
    app.synth()


if __name__ == "__main__":
    main()
