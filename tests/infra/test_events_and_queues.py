"""Event rules, queues, DLQ consumers, external consumers, the archive and the mail sender, for every service in
the registry (new services are checked as they are added) and for a made-up service that uses what the real
ones do not."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk.assertions import Template
from design_agent.spec import (
    EventRule,
    Operation,
    Queue,
    Service,
    Trigger,
    event_bus_name,
    resource_name,
)

from functions.registry import SERVICES
from infra.cdk.app import build, make_app
from tests.infra.conftest import SKIP_BUNDLING, Synth
from tests.infra.templates import _actions, _as_list, _function, _resources, _role_statements

pytestmark = pytest.mark.infra

QUEUE_SEND = {"sqs:SendMessage"}
QUEUE_RECEIVE = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"}
CONSUMER_ACTIONS = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}
RULES = [(svc, rule) for svc in SERVICES for rule in svc.rules]
QUEUES = [(svc, queue) for svc in SERVICES for queue in svc.queues]
ALL_OPS = [(svc, op) for svc in SERVICES for op in svc.operations]


def _ids(params: list[tuple[Service, Any]]) -> list[str]:
    return [f"{svc.name}.{item.name}" for svc, item in params]


def _queue_id(template: Template, physical_name: str) -> str:
    [found] = [k for k, v in _resources(template, "AWS::SQS::Queue").items()
               if v["Properties"].get("QueueName") == physical_name]
    return found


def _queue_ids(template: Template, service: Service, names: tuple[str, ...] | list[str], stage: str) -> set[str]:
    """Logical ids of the named queues (``<queue>-dlq`` names the DLQ)."""
    ids = set()
    for name in names:
        queue = service.queue(name)
        ids.add(_queue_id(template, queue.dlq_name(stage) if name == queue.dlq else queue.physical_name(stage)))
    return ids


def _arn_ids(resource: Any) -> set[str]:
    """Logical ids of ``Fn::GetAtt [id, Arn]`` resources."""
    return {r["Fn::GetAtt"][0] for r in _as_list(resource) if isinstance(r, dict) and "Fn::GetAtt" in r}


def _output_id(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


# rules: bus -> queue -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("svc", "rule"), RULES, ids=_ids(RULES))
def test_rule_on_the_platform_bus_delivers_its_pattern_to_its_queue_with_a_dlq(dev: Synth, svc: Service,
                                                                               rule: EventRule) -> None:
    template = dev.template(resource_name("dev", svc.name))
    [(rule_id, resource)] = [(k, v) for k, v in _resources(template, "AWS::Events::Rule").items()
                             if v["Properties"].get("Name") == rule.physical_name("dev")]
    props = resource["Properties"]
    assert props["EventPattern"] == rule.pattern()  # exactly what the local platform installs
    assert props["EventBusName"] == event_bus_name("dev")  # the platform's bus by name, not the default one
    [target] = props["Targets"]
    queue_id = _queue_id(template, svc.queue(rule.queue).physical_name("dev"))
    dlq_id = _queue_id(template, resource_name("dev", rule.name, "rule-dlq"))
    assert target["Arn"] == {"Fn::GetAtt": [queue_id, "Arn"]}
    assert target["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": [dlq_id, "Arn"]}}
    assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0
    assert target["RetryPolicy"]["MaximumEventAgeInSeconds"] == 24 * 3600
    # the queue (and the rule's DLQ) accept messages from this rule only; everything else is TLS-deny
    for queue in (queue_id, dlq_id):
        [policy] = [p for p in _resources(template, "AWS::SQS::QueuePolicy").values()
                    if p["Properties"]["Queues"] == [{"Ref": queue}]]
        allows = [s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
        assert allows
        for statement in allows:
            assert statement["Principal"] == {"Service": "events.amazonaws.com"}
            assert statement["Condition"] == {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": [rule_id, "Arn"]}}}
            assert "sqs:SendMessage" in _actions(statement)
            assert not _actions(statement) & QUEUE_RECEIVE
    _dlq_alarm(template, dlq_id)


def _dlq_alarm(template: Template, queue_id: str) -> dict[str, Any]:
    alarms = [a["Properties"] for a in _resources(template, "AWS::CloudWatch::Alarm").values()
              if a["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"
              and a["Properties"]["Dimensions"] == [{"Name": "QueueName",
                                                     "Value": {"Fn::GetAtt": [queue_id, "QueueName"]}}]]
    assert len(alarms) == 1, f"{queue_id}: a DLQ has exactly one depth alarm"
    assert alarms[0]["Threshold"] == 1
    assert alarms[0]["AlarmActions"], "wired to the alarm topic"
    return alarms[0]


# queues ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("svc", "queue"), QUEUES, ids=_ids(QUEUES))
def test_queue_dlq_alarms_and_external_consumer_policy(dev: Synth, svc: Service, queue: Queue) -> None:
    template = dev.template(resource_name("dev", svc.name))
    queue_id = _queue_id(template, queue.physical_name("dev"))
    dlq_id = _queue_id(template, queue.dlq_name("dev"))
    props = _resources(template, "AWS::SQS::Queue")[queue_id]["Properties"]
    assert props["RedrivePolicy"] == {"deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
                                      "maxReceiveCount": queue.max_receive_count}
    assert props["VisibilityTimeout"] == queue.visibility_timeout_s
    _dlq_alarm(template, dlq_id)
    ages = [a["Properties"] for a in _resources(template, "AWS::CloudWatch::Alarm").values()
            if a["Properties"].get("MetricName") == "ApproximateAgeOfOldestMessage"
            and a["Properties"]["Dimensions"][0]["Value"] == {"Fn::GetAtt": [queue_id, "QueueName"]}]
    if queue.oldest_message_alarm_s is None:
        assert ages == []
    else:
        [age] = ages
        assert age["Threshold"] == queue.oldest_message_alarm_s
        assert (age["Statistic"], age["Period"], age["EvaluationPeriods"]) == ("Maximum", 60, 1)
        assert age["ComparisonOperator"] == "GreaterThanThreshold"
        assert age["AlarmActions"], "wired to the alarm topic"

    policies = [p["Properties"] for p in _resources(template, "AWS::IAM::ManagedPolicy").values()
                if p["Properties"].get("ManagedPolicyName") == resource_name("dev", queue.name, "consumers")]
    outputs = template.find_outputs("*")
    if not queue.external_consumers:
        assert policies == []
        return
    [policy] = policies
    assert "Roles" not in policy, "attached by whoever runs the workers"
    assert "Users" not in policy
    [statement] = policy["PolicyDocument"]["Statement"]
    assert _actions(statement) == CONSUMER_ACTIONS
    assert statement["Resource"] == {"Fn::GetAtt": [queue_id, "Arn"]}  # this queue only: not its DLQ, no wildcard
    assert outputs[f"{_output_id(queue.name)}QueueUrl"]["Value"] == {"Ref": queue_id}
    assert "Ref" in json.dumps(outputs[f"{_output_id(queue.name)}ConsumerPolicyArn"]["Value"])


@pytest.mark.parametrize(("svc", "op"), ALL_OPS, ids=_ids(ALL_OPS))
def test_queue_grants_and_environment_follow_sends_and_source(dev: Synth, svc: Service, op: Operation) -> None:
    template, fn_id, fn = _function(dev, svc, op)
    role_id = fn["Properties"]["Role"]["Fn::GetAtt"][0]
    env = fn["Properties"]["Environment"]["Variables"]
    sends = _queue_ids(template, svc, op.sends, "dev")
    source = _queue_ids(template, svc, [op.source], "dev") if op.trigger is Trigger.QUEUE and op.source else set()
    stream_failures = {_queue_id(template, resource_name("dev", svc.name, op.function_id, "stream-dlq"))} \
        if op.trigger is Trigger.STREAM else set()
    sent_to: set[str] = set()
    received_from: set[str] = set()
    for statement in _role_statements(template, role_id):
        if _actions(statement) & QUEUE_SEND:
            sent_to |= _arn_ids(statement["Resource"])
        if _actions(statement) & QUEUE_RECEIVE:
            received_from |= _arn_ids(statement["Resource"])
        assert "sqs:*" not in _actions(statement)
    assert sent_to == sends | stream_failures
    assert received_from == source
    # env: the URL of each queue it declares (sends, source, watches: the queue and its DLQ), and of no other
    expected = {v for name in op.watches for v in (svc.queue(name).env_var, svc.queue(name).dlq_env_var)}
    for name in {*op.sends, *([op.source] if source else [])}:
        queue = svc.queue(name)
        expected.add(queue.dlq_env_var if name == queue.dlq else queue.env_var)
    all_queue_vars = {v for s in SERVICES for q in s.queues for v in (q.env_var, q.dlq_env_var)}
    assert set(env) & all_queue_vars == expected
    if source:
        [mapping] = [m["Properties"] for m in _resources(template, "AWS::Lambda::EventSourceMapping").values()
                     if m["Properties"]["FunctionName"] == {"Ref": fn_id}]
        assert mapping["EventSourceArn"] == {"Fn::GetAtt": [source.pop(), "Arn"]}
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["BatchSize"] == op.batch_size


# platform: archive, sender identity --------------------------------------------------------------------------
@pytest.mark.parametrize("stage_fixture", ["dev", "staging", "prod"])
def test_archive_keeps_every_event_of_the_bus_for_the_stage_retention(stage_fixture: str,
                                                                      request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    template = synth.template(resource_name(synth.stage, "platform"))
    [(bus_id, _)] = _resources(template, "AWS::Events::EventBus").items()
    [archive] = [a["Properties"] for a in _resources(template, "AWS::Events::Archive").values()]
    assert archive["ArchiveName"] == resource_name(synth.stage, "events")
    assert archive["RetentionDays"] == synth.built.settings.event_archive_days
    assert archive["SourceArn"] == {"Fn::GetAtt": [bus_id, "Arn"]}
    assert archive["EventPattern"] == {"account": [{"Ref": "AWS::AccountId"}]}  # every event on the bus
    outputs = template.find_outputs("*")
    assert "EventArchiveName" in outputs


def test_archive_retention_differs_per_stage(dev: Synth, staging: Synth, prod: Synth) -> None:
    assert [s.built.settings.event_archive_days for s in (dev, staging, prod)] == [7, 30, 365]


@pytest.mark.parametrize("stage_fixture", ["dev", "staging", "prod"])
def test_one_sender_identity_per_stage_in_the_platform(stage_fixture: str, request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    settings = synth.built.settings
    platform = synth.template(resource_name(synth.stage, "platform"))
    [identity] = [i["Properties"] for i in _resources(platform, "AWS::SES::EmailIdentity").values()]
    assert identity["EmailIdentity"] == settings.email_identity_name
    dkim_outputs = {k for k in platform.find_outputs("*") if k.startswith("EmailDkimRecord")}
    if settings.email_identity == "domain":
        assert identity["EmailIdentity"] == settings.email_sender.rpartition("@")[2]
        assert len(dkim_outputs) == 3
    else:
        assert identity["EmailIdentity"] == settings.email_sender
        assert dkim_outputs == set()
    for svc in SERVICES:  # no other stack creates an identity (one per account and region)
        synth.template(resource_name(synth.stage, svc.name)).resource_count_is("AWS::SES::EmailIdentity", 0)


def test_prod_send_grant_names_the_domain_identity_and_the_address(prod: Synth) -> None:
    settings = prod.built.settings
    senders = [(svc, op) for svc, op in ALL_OPS if op.sends_email]
    assert senders
    for svc, op in senders:
        template, _, fn = _function(prod, svc, op)
        role_id = fn["Properties"]["Role"]["Fn::GetAtt"][0]
        [statement] = [s for s in _role_statements(template, role_id) if "ses:SendTemplatedEmail" in _actions(s)]
        rendered = json.dumps(statement["Resource"])
        assert f"identity/{settings.email_identity_name}\"" in rendered
        assert f"identity/{settings.email_sender}\"" in rendered
        assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": settings.email_sender}}


# a made-up service: a rule from any source, a DLQ consumer that requeues, a sender to a DLQ, mail without
# templates -------------------------------------------------------------------------------------------------
RELAY_QUEUE = Queue("relay-jobs", visibility_timeout_s=30, max_receive_count=2, external_consumers=True,
                    oldest_message_alarm_s=90)
RELAY = Service(
    name="relay",
    queues=(RELAY_QUEUE,),
    rules=(EventRule("relay-jobs", detail_types=("JobAsked", "JobRetried"), queue=RELAY_QUEUE.name),),
    operations=(
        Operation("Requeue", "functions.relay.handlers.requeue", trigger=Trigger.QUEUE, source=RELAY_QUEUE.dlq,
                  sends=(RELAY_QUEUE.name,), batch_size=5),
        Operation("Park", "functions.relay.handlers.park", trigger=Trigger.INTERNAL, sends=(RELAY_QUEUE.dlq,)),
        Operation("Mail", "functions.relay.handlers.mail", trigger=Trigger.INTERNAL, sends_email=True),
    ),
)


@pytest.fixture(scope="session")
def with_relay(synth_stage: Callable[..., Synth]) -> Synth:
    return synth_stage("dev", (*SERVICES, RELAY), key="dev-relay")


def test_made_up_service_renders_rule_dlq_consumer_dlq_sender_and_mail(with_relay: Synth) -> None:
    assert with_relay.error is None, with_relay.violations()
    assert with_relay.violations() == []
    template = with_relay.template(resource_name("dev", "relay"))
    rule = next(iter(_resources(template, "AWS::Events::Rule").values()))["Properties"]
    assert rule["EventPattern"] == {"detail-type": ["JobAsked", "JobRetried"]}  # no source: from any service
    queue_id = _queue_id(template, RELAY_QUEUE.physical_name("dev"))
    dlq_id = _queue_id(template, RELAY_QUEUE.dlq_name("dev"))

    def role_and_env(name: str) -> tuple[list[dict[str, Any]], dict[str, Any], str]:
        _, fn_id, fn = _function(with_relay, RELAY, RELAY.operation(name))
        role = fn["Properties"]["Role"]["Fn::GetAtt"][0]
        return _role_statements(template, role), fn["Properties"]["Environment"]["Variables"], fn_id

    statements, env, fn_id = role_and_env("Requeue")
    assert {"RELAY_JOBS_QUEUE_URL", "RELAY_JOBS_DLQ_QUEUE_URL"} <= set(env)
    assert set().union(*(_arn_ids(s["Resource"]) for s in statements if _actions(s) & QUEUE_SEND)) == {queue_id}
    assert set().union(*(_arn_ids(s["Resource"]) for s in statements if _actions(s) & QUEUE_RECEIVE)) == {dlq_id}
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {
        "FunctionName": {"Ref": fn_id}, "EventSourceArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
        "FunctionResponseTypes": ["ReportBatchItemFailures"], "BatchSize": 5})

    statements, env, _ = role_and_env("Park")
    assert env["RELAY_JOBS_DLQ_QUEUE_URL"] == {"Ref": dlq_id}
    assert "RELAY_JOBS_QUEUE_URL" not in env
    assert set().union(*(_arn_ids(s["Resource"]) for s in statements if _actions(s) & QUEUE_SEND)) == {dlq_id}

    statements, env, _ = role_and_env("Mail")
    assert env["EMAIL_SENDER"] == with_relay.built.settings.email_sender
    [mail] = [s for s in statements if _actions(s) & {"ses:SendEmail", "ses:SendTemplatedEmail"}]
    assert "template/" not in json.dumps(mail["Resource"])  # the service has no templates: the identity only
    template.resource_count_is("AWS::SES::Template", 0)
    assert {"RelayJobsQueueUrl", "RelayJobsConsumerPolicyArn"} <= set(template.find_outputs("*"))


def test_managing_connections_without_own_websocket_routes_fails_the_synth() -> None:
    lost = Service(name="lost", operations=(
        Operation("Push", "functions.lost.handlers.push", trigger=Trigger.INTERNAL, manages_connections=True),))
    with pytest.raises(Exception, match="manages_connections"):
        build(make_app({**SKIP_BUNDLING, "stage": "dev"}, outdir=None), (*SERVICES, lost), nag=False)


def test_a_websocket_api_needs_the_three_builtin_routes() -> None:
    half = Service(name="half", operations=(
        Operation("Connect", "functions.half.handlers.connect", trigger=Trigger.WEBSOCKET, route="$connect"),))
    with pytest.raises(Exception, match="needs the routes"):
        build(make_app({**SKIP_BUNDLING, "stage": "dev"}, outdir=None), (*SERVICES, half), nag=False)

