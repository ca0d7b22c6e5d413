"""Every synthesized template of every stage passes cfn-lint (the project's .cfnlintrc.yaml lists the two CDK-made
warnings it ignores, with the reason)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cfnlint.api import ManualArgs, lint_file

from tests.infra.conftest import Synth

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("stage_fixture", ["dev", "staging", "prod"])  # prod has every optional resource
def test_templates_pass_cfn_lint(stage_fixture: str, request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    assert synth.error is None, synth.violations()
    ignored = yaml.safe_load((ROOT / ".cfnlintrc.yaml").read_text())["ignore_checks"]
    config = ManualArgs(ignore_checks=ignored, regions=["us-east-1"])
    templates = sorted(synth.outdir.glob("*.template.json"))
    assert {path.name for path in templates} == {f"{s.artifact_id}.template.json" for s in synth.stacks()}
    findings = [f"{path.name}: {match}" for path in templates for match in lint_file(path, config=config)]
    assert findings == []
