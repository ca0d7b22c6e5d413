"""Deployment: every stage synthesizes a platform stack, one stack per service (whatever the registry holds), the
API and the observability stack; each stays well under CloudFormation's resource limit and is tied to no other by
an export, so any one of them deploys alone; cdk-nag fails the synth on a finding; a stage has one REST API URL and
one WebSocket URL; ``samconfig.toml`` has one environment per stage that names a real stack and template."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sqs as sqs
from design_agent.spec import Secret, Trigger, resource_name

from functions.registry import SERVICES
from infra.cdk.nag import acknowledge, add_checks
from infra.cdk.references import (
    CONSOLE_DISTRIBUTION_ID,
    CONSOLE_ORIGIN,
    REST_API_ID,
    REST_API_ROOT_RESOURCE_ID,
    WEBSOCKET_URL,
    alarm_topic_name,
    platform_parameter,
)
from infra.cdk.stacks.api import API_PREFIX
from tests.infra.conftest import Synth
from tests.infra.templates import _actions, _function, _resources

pytestmark = pytest.mark.infra

ROOT = Path(__file__).resolve().parents[2]
STAGES = ["dev", "staging", "prod"]
RESOURCE_BUDGET = 400  # of CloudFormation's 500 per template: time to split a stack before it is a problem
SSM_STRING = "AWS::SSM::Parameter::Value<String>"


def _synth(stage_fixture: str, request: pytest.FixtureRequest) -> Synth:
    synth: Synth = request.getfixturevalue(stage_fixture)
    assert synth.error is None, synth.violations()
    return synth


def _stack_names(stage: str) -> set[str]:
    return {resource_name(stage, part) for part in ("console", "platform", "api", "observability", "console-content",
                                                    *(s.name for s in SERVICES))}


# stacks ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("stage_fixture", STAGES)
def test_every_stage_synthesizes_a_stack_per_service_deployed_in_order(stage_fixture: str,
                                                                        request: pytest.FixtureRequest) -> None:
    synth = _synth(stage_fixture, request)
    assert {s.stack_name for s in synth.stacks()} == _stack_names(synth.stage)
    # what `cdk deploy --all` orders by (the cloud assembly's manifest): platform, services, API; nothing else
    artifacts = json.loads((synth.outdir / "manifest.json").read_text())["artifacts"]
    stacks = {s.artifact_id: s.stack_name for s in synth.stacks()}

    def depends_on(stack_name: str) -> set[str]:
        artifact = synth.stack(stack_name).artifact_id
        assert (synth.outdir / f"{artifact}.template.json").is_file()
        return {stacks[d] for d in artifacts[artifact].get("dependencies", []) if d in stacks}

    platform, api = resource_name(synth.stage, "platform"), resource_name(synth.stage, "api")
    console = resource_name(synth.stage, "console")  # the web console's site: its address is the CORS origin
    services = {resource_name(synth.stage, s.name) for s in SERVICES}
    assert depends_on(console) == set()
    assert depends_on(platform) == {console}
    for service in services:
        assert depends_on(service) == {platform, console}
    assert depends_on(api) == {platform, *services}
    assert depends_on(resource_name(synth.stage, "observability")) == {platform}
    # the console's files and config.json last: the API's stage and the WebSocket URL exist by then
    assert depends_on(resource_name(synth.stage, "console-content")) == {
        console, api, resource_name(synth.stage, "notifications")}


@pytest.mark.parametrize("stage_fixture", STAGES)
def test_every_stack_stays_well_under_the_resource_limit(stage_fixture: str, request: pytest.FixtureRequest) -> None:
    synth = _synth(stage_fixture, request)
    counts = {name: len(template["Resources"]) for name, template in synth.templates().items()}
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    print(f"\n{synth.stage} resources per stack: " + ", ".join(f"{name} {count}" for name, count in ranked))
    largest, count = ranked[0]
    assert count < RESOURCE_BUDGET, f"{largest}: {count} resources (budget {RESOURCE_BUDGET} of CloudFormation's 500)"


@pytest.mark.parametrize("stage_fixture", STAGES)
def test_no_stack_exports_or_imports_a_value(stage_fixture: str, request: pytest.FixtureRequest) -> None:
    synth = _synth(stage_fixture, request)
    for name, template in synth.templates().items():
        exports = [key for key, output in template.get("Outputs", {}).items() if "Export" in output]
        assert exports == [], f"{name} exports {exports}"
        assert "Fn::ImportValue" not in json.dumps(template), name


@pytest.mark.parametrize("stage_fixture", STAGES)
def test_ids_chosen_by_aws_travel_in_ssm_parameters_the_platform_writes(stage_fixture: str,
                                                                         request: pytest.FixtureRequest) -> None:
    synth = _synth(stage_fixture, request)
    templates = synth.templates()

    def written_by(stack: str) -> dict[str, Any]:
        return {r["Properties"]["Name"]: r["Properties"]["Value"] for r in templates[stack]["Resources"].values()
                if r["Type"] == "AWS::SSM::Parameter"}

    platform = templates[resource_name(synth.stage, "platform")]
    [rest_api_id] = [k for k, r in platform["Resources"].items() if r["Type"] == "AWS::ApiGateway::RestApi"]
    assert written_by(resource_name(synth.stage, "platform")) == {
        platform_parameter(synth.stage, REST_API_ID): {"Ref": rest_api_id},
        platform_parameter(synth.stage, REST_API_ROOT_RESOURCE_ID): {"Fn::GetAtt": [rest_api_id, "RootResourceId"]}}
    # the console site's address and distribution, and the WebSocket API's URL, from the stacks that own them
    assert set(written_by(resource_name(synth.stage, "console"))) == {
        platform_parameter(synth.stage, CONSOLE_ORIGIN), platform_parameter(synth.stage, CONSOLE_DISTRIBUTION_ID)}
    assert set(written_by(resource_name(synth.stage, "notifications"))) == {
        platform_parameter(synth.stage, WEBSOCKET_URL)}
    written = {name for stack in templates for name in written_by(stack)}
    read: set[str] = set()
    for name, template in templates.items():
        for parameter_id, parameter in template.get("Parameters", {}).items():
            if parameter_id == "BootstrapVersion":
                continue
            assert parameter["Type"] == SSM_STRING, f"{name}: {parameter_id}"
            read.add(parameter["Default"])
    assert read == set(written)  # the API stack reads both, nothing reads a parameter nobody writes


def test_service_stacks_address_the_platform_by_name(dev: Synth) -> None:
    templates = dev.templates()
    platform = templates[resource_name("dev", "platform")]
    [topic] = [r["Properties"] for r in platform["Resources"].values() if r["Type"] == "AWS::SNS::Topic"]
    assert topic["TopicName"] == alarm_topic_name("dev")
    for name, template in templates.items():
        for alarm in (r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"):
            assert json.dumps(alarm["AlarmActions"]).endswith(f':{alarm_topic_name("dev")}"]]}}]'), name
    secret_users = [(svc, op) for svc in SERVICES for op in svc.operations if op.secrets]
    assert secret_users
    for svc, op in secret_users:
        template, _, fn = _function(dev, svc, op)
        role = fn["Properties"]["Role"]["Fn::GetAtt"][0]
        statements = [s for p in _resources(template, "AWS::IAM::Policy").values() if {"Ref": role} in
                      p["Properties"]["Roles"] for s in p["Properties"]["PolicyDocument"]["Statement"]
                      if any(a.startswith("secretsmanager:") for a in _actions(s)) and s["Resource"] != "*"]
        for secret in (Secret(n) for n in op.secrets):
            assert fn["Properties"]["Environment"]["Variables"][secret.env_var] == secret.physical_name("dev")
            assert any(json.dumps(s["Resource"]).endswith(f':secret:{secret.physical_name("dev")}-??????"]]}}')
                       for s in statements), f"{svc.name}.{op.name}: {secret.name}"
        if op.trigger is Trigger.SECRET_ROTATION:
            schedules = [r["Properties"]
                         for r in _resources(template, "AWS::SecretsManager::RotationSchedule").values()]
            assert {s["SecretId"] for s in schedules} == {Secret(n).physical_name("dev") for n, access
                                                           in op.secrets.items() if access == "rotate"}


# URLs --------------------------------------------------------------------------------------------------------
def _outputs(synth: Synth, key: str) -> list[tuple[str, Any]]:
    return [(name, output["Value"]) for name, template in synth.templates().items()
            for output_id, output in template.get("Outputs", {}).items() if output_id == key]


@pytest.mark.parametrize("stage_fixture", STAGES)
def test_a_stage_has_one_rest_api_url_and_one_websocket_url(stage_fixture: str,
                                                           request: pytest.FixtureRequest) -> None:
    synth = _synth(stage_fixture, request)
    [(api_stack, api_url)] = _outputs(synth, "ApiBaseUrl")
    assert api_stack == resource_name(synth.stage, "api")
    api = synth.templates()[api_stack]["Resources"]
    [stage_id] = [k for k, r in api.items() if r["Type"] == "AWS::ApiGateway::Stage"
                  and r["Properties"]["StageName"] == synth.stage]
    parts = api_url["Fn::Join"][1]
    assert parts[0] == "https://"
    assert parts[-3:] == ["/", {"Ref": stage_id}, API_PREFIX]  # https://<api>.execute-api.<region>/<stage>/api/v1
    [(ws_stack, ws_url)] = _outputs(synth, "WebSocketUrl")
    assert ws_stack == resource_name(synth.stage, "notifications")
    assert ws_url["Fn::Join"][1][0] == "wss://"
    assert ws_url["Fn::Join"][1][-1].endswith(f"/{synth.stage}")


# cdk-nag -------------------------------------------------------------------------------------------------------
def test_a_nag_finding_fails_the_synth_until_acknowledged_with_a_reason(tmp_path: Path) -> None:
    def app_with_plain_queue(outdir: Path, *, acknowledged: bool) -> cdk.App:
        app = cdk.App(outdir=str(outdir))
        queue = sqs.Queue(cdk.Stack(app, "Nagged"), "Plain")  # no DLQ, no TLS-only policy
        if acknowledged:
            acknowledge(queue, "AwsSolutions-SQS3", "a test queue that is itself a dead-letter queue")
            acknowledge(queue, "AwsSolutions-SQS4", "a test queue that is never deployed anywhere")
        add_checks(app)
        return app

    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app_with_plain_queue(tmp_path / "plain", acknowledged=False).synth()
    report = json.loads((tmp_path / "plain" / "validation-report.json").read_text())
    found = {v["ruleName"] for plugin in report["pluginReports"] for v in plugin["violations"]}
    assert {"AwsSolutions-SQS3", "AwsSolutions-SQS4"} <= found
    app_with_plain_queue(tmp_path / "acknowledged", acknowledged=True).synth()  # no exception
    with pytest.raises(ValueError, match="real reason"):
        acknowledge(cdk.Stack(cdk.App(), "S"), "AwsSolutions-SQS3", "because")


# samconfig ---------------------------------------------------------------------------------------------------
SAMCONFIG = tomllib.loads((ROOT / "samconfig.toml").read_text())


def test_samconfig_has_exactly_the_three_stages_and_default_is_dev() -> None:
    assert SAMCONFIG["version"] == 0.1
    assert set(SAMCONFIG) - {"version"} == {"default", *STAGES}
    assert SAMCONFIG["default"] == SAMCONFIG["dev"]


@pytest.mark.parametrize("stage_fixture", STAGES)
def test_samconfig_environment_names_a_stack_and_template_of_its_stage(stage_fixture: str,
                                                                       request: pytest.FixtureRequest) -> None:
    synth = _synth(stage_fixture, request)
    env = SAMCONFIG[synth.stage]
    assert env["global"]["parameters"]["region"]
    stack_name = env["global"]["parameters"]["stack_name"]
    stack = synth.stack(stack_name)  # a real stack of this stage ...
    assert stack in synth.built.services.values()  # ... of a service, whose functions SAM invokes
    template = f"cdk.out/{stack.artifact_id}.template.json"
    assert (synth.outdir / Path(template).name).is_file()
    assert env["local_invoke"]["parameters"]["template_file"] == template  # sam local invoke
    assert env["validate"]["parameters"] == {"template_file": template, "lint": True}  # sam validate --lint
    assert env["remote_invoke"]["parameters"]["stack_name"] == stack_name  # sam remote invoke
    assert env["logs"]["parameters"]["stack_name"] == stack_name  # sam logs
