"""Every function may read the stage's shared parameters and its own service's, nothing else of SSM."""

from __future__ import annotations

import json

from design_agent.spec import resource_name

from functions.registry import SERVICES
from tests.infra.conftest import Synth


def test_parameter_reads_are_scoped_to_the_stage_and_the_service(dev: Synth) -> None:
    for service in SERVICES:
        template = dev.template(resource_name("dev", service.name))
        functions = template.find_resources("AWS::Lambda::Function")
        for fn in functions.values():
            if "Environment" not in fn["Properties"] or "STAGE" not in fn["Properties"]["Environment"]["Variables"]:
                continue  # CDK's own helpers
            assert fn["Properties"]["Environment"]["Variables"]["CONFIG_PARAMETERS_PREFIX"] == "/design-agent/dev"
        statements = [s for p in template.find_resources("AWS::IAM::Policy").values()
                      for s in p["Properties"]["PolicyDocument"]["Statement"]
                      if "ssm:GetParametersByPath" in json.dumps(s["Action"])]
        assert statements, service.name
        for statement in statements:
            assert statement["Action"] == "ssm:GetParametersByPath"
            rendered = json.dumps(statement["Resource"])
            assert rendered.count(":parameter/design-agent/dev/") == 2
            assert ":parameter/design-agent/dev/shared" in rendered
            assert f":parameter/design-agent/dev/{service.name}\"" in rendered
