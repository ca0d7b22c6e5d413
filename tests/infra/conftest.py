"""Synthesize each stage once per session (layer bundling skipped: no network, no Docker)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

from aws_cdk.assertions import Template
from design_agent.spec import Service

from infra.cdk.app import DesignAgentApp, build, make_app

SKIP_BUNDLING: dict[str, Any] = {"aws:cdk:bundling-stacks": []}  # no stack is bundled: no pip, no network
# staging and prod have no mail sender in cdk.json (a deployer must name theirs): the tests name one
TEST_SENDER = "no-reply@mail.design-agent.test"


@dataclass
class Synth:
    built: DesignAgentApp
    outdir: Path
    error: Exception | None
    _templates: dict[str, Template] = field(default_factory=dict)
    _json: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def stage(self) -> str:
        return self.built.settings.name

    def template(self, stack_name: str) -> Template:
        if stack_name not in self._templates:
            if self.error is not None:
                pytest.fail(f"synth failed: {self.error}\n{self.violations()}")
            self._templates[stack_name] = Template.from_json(
                json.loads((self.outdir / f"{self.stack(stack_name).artifact_id}.template.json").read_text()))
        return self._templates[stack_name]

    def stacks(self) -> list[Any]:
        """Every stack of the stage: console site, platform, one per service, API, observability, console content."""
        return [self.built.console, self.built.platform, *self.built.services.values(), self.built.api,
                self.built.observability, self.built.console_content]

    def stack(self, stack_name: str) -> Any:
        return next(s for s in self.stacks() if s.stack_name == stack_name)

    def templates(self) -> dict[str, dict[str, Any]]:
        """Stack name -> its synthesized template, as plain JSON (read from the cloud assembly once)."""
        if not self._json:
            if self.error is not None:
                pytest.fail(f"synth failed: {self.error}\n{self.violations()}")
            self._json.update({s.stack_name: json.loads((self.outdir / f"{s.artifact_id}.template.json").read_text())
                               for s in self.stacks()})
        return self._json

    def report(self) -> dict[str, Any]:
        path = self.outdir / "validation-report.json"
        return json.loads(path.read_text()) if path.exists() else {"pluginReports": []}

    def violations(self) -> list[str]:
        return [f"{v['ruleName']} at {c['constructPath']}"
                for plugin in self.report()["pluginReports"] for v in plugin["violations"]
                for c in v["violatingConstructs"]]


def _synth(outdir: Path, stage: str, services: tuple[Service, ...] | None = None) -> Synth:
    app = make_app({**SKIP_BUNDLING, "stage": stage, **({} if stage == "dev" else {"email_sender": TEST_SENDER})},
                   outdir=str(outdir))
    built = build(app, services)
    try:
        app.synth()
    except Exception as exc:
        return Synth(built, outdir, exc)
    return Synth(built, outdir, None)


@pytest.fixture(scope="session")
def synth_stage(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Synth]:
    cache: dict[str, Synth] = {}

    def get(stage: str, services: tuple[Service, ...] | None = None, key: str | None = None) -> Synth:
        key = key or stage
        if key not in cache:
            cache[key] = _synth(tmp_path_factory.mktemp(f"cdk-{key}"), stage, services)
        return cache[key]

    return get


@pytest.fixture(scope="session")
def dev(synth_stage: Callable[..., Synth]) -> Synth:
    return synth_stage("dev")


@pytest.fixture(scope="session")
def prod(synth_stage: Callable[..., Synth]) -> Synth:
    return synth_stage("prod")


@pytest.fixture(scope="session")
def staging(synth_stage: Callable[..., Synth]) -> Synth:
    return synth_stage("staging")
