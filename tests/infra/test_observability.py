"""The stage's dashboard and alarms: API 5xx rate, 429 rate and p99 latency, Lambda errors and throttles of every
function, a depth alarm on every dead-letter queue, each alarm wired to the stage's alarm topic (which CloudWatch
can publish to); the dashboard graphs every service's operation metrics."""

from __future__ import annotations

import json
from typing import Any

import pytest
from design_agent import observability
from design_agent.spec import function_name, resource_name

from functions.registry import SERVICES
from infra.cdk.stacks.api import ACCESS_LOG_FORMAT, METRICS_NAMESPACE
from tests.infra.conftest import Synth


def test_dashboard_and_alarms_cover_the_api_and_every_function(dev: Synth) -> None:
    template = dev.template(resource_name("dev", "observability"))
    [dashboard] = template.find_resources("AWS::CloudWatch::Dashboard").values()
    assert dashboard["Properties"]["DashboardName"] == resource_name("dev")
    alarms = list(template.find_resources("AWS::CloudWatch::Alarm").values())
    rendered = [json.dumps(a["Properties"]) for a in alarms]
    assert any("5XXError" in r and "errors / requests" in r for r in rendered)
    assert any('"Latency"' in r and '"p99"' in r for r in rendered)
    covered_errors = " ".join(r for r in rendered if '"Errors"' in r)
    covered_throttles = " ".join(r for r in rendered if '"Throttles"' in r)
    for service in SERVICES:
        for op in service.operations:
            name = function_name("dev", service.name, op.name)
            assert f'"{name}"' in covered_errors, name
            assert f'"{name}"' in covered_throttles, name
    for alarm in alarms:
        assert alarm["Properties"]["AlarmActions"], "every alarm notifies the stage's topic"
        metrics = alarm["Properties"].get("Metrics", [])
        assert sum(1 for m in metrics if "MetricStat" in m) <= 10  # CloudWatch's metric-math alarm limit


# dead letters --------------------------------------------------------------------------------------------------
def _get_att_id(value: Any) -> str | None:
    return value["Fn::GetAtt"][0] if isinstance(value, dict) and "Fn::GetAtt" in value else None


def _dead_letter_queue_ids(template: dict[str, Any]) -> set[str]:
    """Every queue used as a dead letter: a queue's redrive target, a stream mapping's on-failure destination, an
    event rule target's DLQ."""
    found: set[str | None] = set()
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::SQS::Queue" and "RedrivePolicy" in props:
            found.add(_get_att_id(props["RedrivePolicy"]["deadLetterTargetArn"]))
        elif resource["Type"] == "AWS::Lambda::EventSourceMapping" and "DestinationConfig" in props:
            found.add(_get_att_id(props["DestinationConfig"]["OnFailure"]["Destination"]))
        elif resource["Type"] == "AWS::Events::Rule":
            found |= {_get_att_id(t["DeadLetterConfig"]["Arn"]) for t in props.get("Targets", [])
                      if "DeadLetterConfig" in t}
    assert None not in found, "a dead-letter target that is not a queue of this stack"
    return {queue_id for queue_id in found if queue_id is not None}


@pytest.mark.parametrize("stage_fixture", ["dev", "prod"])
def test_every_dead_letter_queue_alarms_on_its_first_message(stage_fixture: str,
                                                             request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    total = 0
    for name, template in synth.templates().items():
        dlqs = _dead_letter_queue_ids(template)
        named_dlq = {k for k, r in template["Resources"].items() if r["Type"] == "AWS::SQS::Queue"
                     and str(r["Properties"].get("QueueName", "")).endswith("dlq")}
        assert named_dlq <= dlqs, f"{name}: queues named as DLQs that nothing dead-letters into: {named_dlq - dlqs}"
        alarms = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"]
        for dlq in dlqs:
            depth = [a for a in alarms if a.get("MetricName") == "ApproximateNumberOfMessagesVisible"
                     and a["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": [dlq, "QueueName"]}}]]
            assert len(depth) == 1, f"{name}: {dlq} has {len(depth)} depth alarms"
            [alarm] = depth
            # depth > 0: the first dead letter is the incident
            assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("GreaterThanOrEqualToThreshold", 1)
            assert (alarm["Statistic"], alarm["EvaluationPeriods"]) == ("Maximum", 1)
            assert alarm["AlarmActions"], f"{name}: {dlq}"
        total += len(dlqs)
    assert total >= sum(len(s.queues) + len(s.rules) for s in SERVICES)


# API throttling ------------------------------------------------------------------------------------------------
def test_throttled_answers_are_counted_from_the_access_log_and_alarmed_as_a_rate(dev: Synth) -> None:
    api = dev.template(resource_name("dev", "api")).to_json()["Resources"]
    [access_logs] = [k for k, r in api.items() if r["Type"] == "AWS::Logs::LogGroup"
                     and r["Properties"]["LogGroupName"] == f"/aws/apigateway/{resource_name('dev', 'api')}/access"]
    [metric_filter] = [r["Properties"] for r in api.values() if r["Type"] == "AWS::Logs::MetricFilter"]
    assert metric_filter["LogGroupName"] == {"Ref": access_logs}
    assert metric_filter["FilterPattern"] == '{ $.status = "429" }'
    assert metric_filter["MetricTransformations"] == [{
        "MetricNamespace": "DesignAgent", "MetricName": "ApiThrottled", "MetricValue": "1",
        "Dimensions": [{"Key": "stage", "Value": "$.stage"}]}]
    assert ACCESS_LOG_FORMAT["stage"] == "$context.stage"
    assert ACCESS_LOG_FORMAT["status"] == "$context.status"
    alarms = dev.template(resource_name("dev", "observability")).find_resources("AWS::CloudWatch::Alarm")
    [rate] = [a["Properties"] for a in alarms.values() if '"ApiThrottled"' in json.dumps(a)]
    stats = {m["Id"]: m["MetricStat"]["Metric"] for m in rate["Metrics"] if "MetricStat" in m}
    assert stats["throttled"]["Dimensions"] == [{"Name": "stage", "Value": "dev"}]
    assert (stats["requests"]["Namespace"], stats["requests"]["MetricName"]) == ("AWS/ApiGateway", "Count")
    [expression] = [m["Expression"] for m in rate["Metrics"] if "Expression" in m]
    assert "throttled" in expression
    assert "/ requests" in expression
    assert rate["Threshold"] == 0.02
    assert rate["AlarmActions"]


# dashboard -------------------------------------------------------------------------------------------------------
def _dashboard(synth: Synth) -> dict[str, Any]:
    """The dashboard body as JSON (CloudFormation tokens in it read as ``X``)."""
    template = synth.template(resource_name(synth.stage, "observability"))
    [dashboard] = template.find_resources("AWS::CloudWatch::Dashboard").values()
    parts = dashboard["Properties"]["DashboardBody"]["Fn::Join"][1]
    body: dict[str, Any] = json.loads("".join(p if isinstance(p, str) else "X" for p in parts))
    return body


def _expressions(body: dict[str, Any]) -> list[str]:
    return [m["expression"] for w in body["widgets"] for line in w.get("properties", {}).get("metrics", [])
            for m in line if isinstance(m, dict) and "expression" in m]


def test_dashboard_graphs_every_operation_of_every_service(dev: Synth) -> None:
    assert observability.NAMESPACE == METRICS_NAMESPACE == "DesignAgent"  # where the handlers publish them
    expressions = _expressions(_dashboard(dev))
    for service in SERVICES:
        for metric in ("Requests", "Errors", "ClientErrors", "Latency"):
            assert any('Namespace="DesignAgent"' in e and f'MetricName="{metric}"' in e and 'stage="dev"' in e
                       and f'service="{service.name}"' in e for e in expressions), (service.name, metric)


def test_dashboard_shows_the_web_acl_only_where_there_is_one(dev: Synth, prod: Synth) -> None:
    assert prod.built.settings.waf
    assert not dev.built.settings.waf
    assert "AWS/WAFV2" in json.dumps(_dashboard(prod))
    assert "AWS/WAFV2" not in json.dumps(_dashboard(dev))


# alarm topic ---------------------------------------------------------------------------------------------------
def test_alarm_topic_uses_a_key_cloudwatch_may_use(dev: Synth) -> None:
    platform = dev.template(resource_name("dev", "platform")).to_json()["Resources"]
    [(key_id, key)] = [(k, r["Properties"]) for k, r in platform.items() if r["Type"] == "AWS::KMS::Key"]
    [topic] = [r["Properties"] for r in platform.values() if r["Type"] == "AWS::SNS::Topic"]
    # not alias/aws/sns: CloudWatch alarms cannot publish to a topic under the AWS-managed key
    assert topic["KmsMasterKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}
    assert key["EnableKeyRotation"] is True
    [cloudwatch] = [s for s in key["KeyPolicy"]["Statement"]
                    if s.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}]
    assert set(cloudwatch["Action"]) == {"kms:Decrypt", "kms:GenerateDataKey*"}
    [publish] = [s for p in platform.values() if p["Type"] == "AWS::SNS::TopicPolicy"
                 for s in p["Properties"]["PolicyDocument"]["Statement"]
                 if s.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}]
    assert publish["Action"] == "sns:Publish"


# log retention -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("stage_fixture", ["dev", "staging", "prod"])
def test_every_log_has_a_group_with_the_stage_retention(stage_fixture: str, request: pytest.FixtureRequest) -> None:
    """Every function (CDK's own helpers too), the REST API's access and execution logs and the WebSocket API's
    access logs write into a log group of their stack that keeps ``log_retention_days`` of cdk.json."""
    synth: Synth = request.getfixturevalue(stage_fixture)
    days = synth.built.settings.log_retention_days
    seen = {"functions": 0, "rest": 0, "websocket": 0}
    for name, template in synth.templates().items():
        resources = template["Resources"]
        groups = {k for k, r in resources.items() if r["Type"] == "AWS::Logs::LogGroup"}
        for group in groups:
            assert resources[group]["Properties"]["RetentionInDays"] == days, f"{name}: {group}"
        for fn_id, fn in ((k, r) for k, r in resources.items() if r["Type"] == "AWS::Lambda::Function"):
            assert fn["Properties"]["LoggingConfig"]["LogGroup"]["Ref"] in groups, f"{name}: {fn_id}"
            seen["functions"] += 1
        for stage in (r for r in resources.values() if r["Type"] == "AWS::ApiGateway::Stage"):
            assert _get_att_id(stage["Properties"]["AccessLogSetting"]["DestinationArn"]) in groups
            # API Gateway creates API-Gateway-Execution-Logs_<api id>/<stage> itself, without retention, unless it
            # exists first: the stage depends on a group of that name
            [execution] = [g for g in groups if json.dumps(resources[g]["Properties"]["LogGroupName"]).startswith(
                '{"Fn::Join": ["", ["API-Gateway-Execution-Logs_", {"Ref": "SsmParameterValue')]
            assert resources[execution]["Properties"]["LogGroupName"]["Fn::Join"][1][-1] == f"/{synth.stage}"
            assert execution in stage["DependsOn"]
            seen["rest"] += 1
        for stage in (r for r in resources.values() if r["Type"] == "AWS::ApiGatewayV2::Stage"):
            assert _get_att_id(stage["Properties"]["AccessLogSettings"]["DestinationArn"]) in groups
            seen["websocket"] += 1
    expected_functions = sum(len(s.operations) for s in SERVICES)
    assert seen["functions"] > expected_functions  # every operation's, and the bucket-notifications helper
    assert (seen["rest"], seen["websocket"]) == (1, 1)


# tracing -------------------------------------------------------------------------------------------------------
# CDK's deploy-time helper that writes S3 bucket notifications runs once per deployment and has no X-Ray rights
CDK_HELPERS = ("BucketNotificationsHandler", "CustomCDKBucketDeployment")  # CDK's own deploy-time providers


@pytest.mark.parametrize("stage_fixture", ["dev", "staging", "prod"])
def test_xray_tracing_on_every_function_and_the_rest_stage(stage_fixture: str, request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    assert synth.built.settings.tracing
    expected = {function_name(synth.stage, s.name, op.name) for s in SERVICES for op in s.operations}
    traced = set()
    for name, template in synth.templates().items():
        for fn_id, fn in ((k, r["Properties"]) for k, r in template["Resources"].items()
                          if r["Type"] == "AWS::Lambda::Function"):
            if fn_id.startswith(CDK_HELPERS):
                continue
            assert fn.get("TracingConfig") == {"Mode": "Active"}, f"{name}: {fn_id}"
            if "FunctionName" in fn:  # our deploy-time helpers (the CDN key generator) are traced but unnamed
                traced.add(fn["FunctionName"])
        for stage in (r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::ApiGateway::Stage"):
            assert stage["TracingEnabled"] is True
    assert traced == expected
