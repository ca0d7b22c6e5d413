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


def test_routes_with_a_stricter_limit_get_method_throttling(dev: Synth) -> None:
    template = dev.template(resource_name("dev", "api"))
    [stage] = list(template.find_resources("AWS::ApiGateway::Stage").values())
    settings = {(m["ResourcePath"], m["HttpMethod"]): m for m in stage["Properties"]["MethodSettings"]
                if m["ResourcePath"] != "/*"}
    expected = {(op.path, op.method): op.throttle for s in SERVICES for op in s.http_operations if op.throttle}
    assert {"/api/v1/users/login", "/api/v1/users/register", "/api/v1/auth/refresh", "/api/v1/users/verify-email",
            "/api/v1/users/password-reset", "/api/v1/users/password-reset/confirm"} == {p for p, _ in expected}
    for (path, method), limit in expected.items():
        found = settings[("/" + path.replace("/", "~1"), method)]  # API Gateway's encoding of the path
        assert (found["ThrottlingRateLimit"], found["ThrottlingBurstLimit"]) == (limit.rate_rps, limit.burst)
