"""The synthesized templates render the service descriptions: functions, roles, tables, routes, stages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from aws_cdk.assertions import Match, Template
from design_agent import gateway_responses
from design_agent.spec import (
    RATE_LIMITS_TABLE,
    Auth,
    Bucket,
    Operation,
    Queue,
    Service,
    Table,
    Trigger,
    function_name,
    resource_name,
)

from functions.registry import SERVICES
from infra.cdk.bundling import layer_requirements
from infra.cdk.settings import StageSettings
from tests.infra.conftest import Synth
from tests.infra.templates import (
    _actions,
    _as_list,
    _function,
    _resources,
    _role_statements,
    _table_logical_id,
)

pytestmark = pytest.mark.infra

WRITE_ACTIONS = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
ALL_OPS = [(svc, op) for svc in SERVICES for op in svc.operations]
HTTP_OPS = [(svc, op) for svc in SERVICES for op in svc.http_operations]


def _ids(params: list[tuple[Service, Operation]]) -> list[str]:
    return [f"{svc.name}.{op.name}" for svc, op in params]


# functions and roles ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("svc", "op"), ALL_OPS, ids=_ids(ALL_OPS))
def test_every_operation_is_a_function_with_its_own_role_and_log_group(dev: Synth, svc: Service,
                                                                       op: Operation) -> None:
    template, _, fn = _function(dev, svc, op)
    props = fn["Properties"]
    assert props["Runtime"] == "python3.12"
    assert props["Architectures"] == ["arm64"]
    assert props["Handler"] == op.handler_entry
    assert props["Timeout"] == op.timeout_s
    assert props["MemorySize"] == op.memory_mb
    assert props["TracingConfig"] == {"Mode": "Active"}
    env = props["Environment"]["Variables"]
    assert env["STAGE"] == "dev"
    assert env["POWERTOOLS_SERVICE_NAME"] == svc.name
    assert env["POWERTOOLS_METRICS_NAMESPACE"] == "DesignAgent"
    assert set(env) >= {"LOG_LEVEL", "EVENT_BUS_NAME"}
    role_id = props["Role"]["Fn::GetAtt"][0]
    users_of_role = [f for f in _resources(template, "AWS::Lambda::Function").values()
                     if f["Properties"]["Role"]["Fn::GetAtt"][0] == role_id]
    assert len(users_of_role) == 1, "a role is never shared"
    log_group_ref = props["LoggingConfig"]["LogGroup"]["Ref"]
    log_group = _resources(template, "AWS::Logs::LogGroup")[log_group_ref]
    assert log_group["Properties"]["LogGroupName"] == f"/aws/lambda/{function_name('dev', svc.name, op.name)}"
    # the role writes its own log group only
    log_statements = [s for s in _role_statements(template, role_id) if "logs:PutLogEvents" in _actions(s)]
    assert [s["Resource"] for s in log_statements] == [{"Fn::GetAtt": [log_group_ref, "Arn"]}]


@pytest.mark.parametrize(("svc", "op"), ALL_OPS, ids=_ids(ALL_OPS))
def test_environment_names_only_what_the_operation_declares(dev: Synth, svc: Service, op: Operation) -> None:
    _, _, fn = _function(dev, svc, op)
    env = fn["Properties"]["Environment"]["Variables"]
    all_tables = {t.env_var for s in SERVICES for t in s.tables}
    all_secrets = {x.env_var for s in SERVICES for x in s.secrets}
    declared_tables = {t.env_var for s in SERVICES for t in s.tables if t.name in op.tables}
    declared_secrets = {x.env_var for s in SERVICES for x in s.secrets if x.name in op.secrets}
    if op.user_rate_limited:  # the per-user token bucket, taken by the shared HTTP layer (not declared per op)
        declared_tables.add(RATE_LIMITS_TABLE.env_var)
        assert (env["USER_RATE_RPS"], env["USER_BURST"]) == ("10", "40")  # dev's, from cdk.json
    else:
        assert not {"USER_RATE_RPS", "USER_BURST"} & set(env)
    assert set(env) & all_tables == declared_tables
    assert set(env) & all_secrets == declared_secrets


SES_SEND = {"ses:SendEmail", "ses:SendTemplatedEmail"}
STREAM_ACTIONS = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                  "dynamodb:ListStreams"}


@pytest.mark.parametrize(("svc", "op"), ALL_OPS, ids=_ids(ALL_OPS))
def test_dynamodb_grants_cover_only_declared_tables_and_access(dev: Synth, svc: Service, op: Operation) -> None:
    template, _, fn = _function(dev, svc, op)
    role_id = fn["Properties"]["Role"]["Fn::GetAtt"][0]
    statements = [s for s in _role_statements(template, role_id)
                  if any(a.startswith("dynamodb:") and a not in STREAM_ACTIONS for a in _actions(s))]
    buckets = [s for s in statements if f"table/{RATE_LIMITS_TABLE.physical_name('dev')}" in str(s["Resource"])]
    # the per-user token bucket: UpdateItem on that one table, for operations of signed-in users only
    assert [(_actions(s), s["Resource"]) for s in buckets] == ([({"dynamodb:UpdateItem"}, buckets[0]["Resource"])]
                                                               if op.user_rate_limited else [])
    statements = [s for s in statements if s not in buckets]
    if op.trigger is Trigger.STREAM:  # the event source mapping reads the source table's stream, nothing else
        stream = [s for s in _role_statements(template, role_id) if set(_actions(s)) & STREAM_ACTIONS]
        table_id = _table_logical_id(template, op.source or "", "dev")
        assert any(table_id in str(s["Resource"]) and "StreamArn" in str(s["Resource"]) for s in stream)
    if not op.tables:
        assert statements == []
        return
    own = {t.name for t in svc.tables}
    allowed_ids = {_table_logical_id(template, name, "dev") for name in op.tables if name in own}
    foreign = {f"table/{resource_name('dev', name)}" for name in op.tables if name not in own}
    allowed_ids |= foreign  # another service's table: named, read-only
    for statement in statements:
        if any(marker in str(statement["Resource"]) for marker in foreign):
            assert not _actions(statement) & WRITE_ACTIONS, "never write another service's table"
        assert "dynamodb:Scan" not in _actions(statement)
        assert "dynamodb:*" not in _actions(statement)
        for resource in _as_list(statement["Resource"]):
            rendered = str(resource)
            assert any(table_id in rendered for table_id in allowed_ids), rendered
            assert "Fn::ImportValue" not in rendered, "never another stack's table"
    if all(access == "read" for access in op.tables.values()):
        assert not set().union(*(_actions(s) for s in statements)) & WRITE_ACTIONS
    else:
        assert set().union(*(_actions(s) for s in statements)) >= WRITE_ACTIONS


def test_users_functions_never_touch_the_auth_table(dev: Synth) -> None:
    users = next(s for s in SERVICES if s.name == "users")
    template = dev.template(resource_name("dev", "users"))
    rendered = json.dumps(template.to_json())
    assert json.dumps(resource_name("dev", "auth")) not in rendered  # the auth table's name, as a whole string
    assert f"table/{resource_name('dev', 'auth')}" not in rendered
    for op in users.operations:
        _, _, fn = _function(dev, users, op)
        assert "AUTH_TABLE" not in fn["Properties"]["Environment"]["Variables"]


@pytest.mark.parametrize(("svc", "op"), [p for p in ALL_OPS if p[1].invokes], ids=_ids([p for p in ALL_OPS
                                                                                       if p[1].invokes]))
def test_invoke_grants_name_exactly_the_declared_functions(dev: Synth, svc: Service, op: Operation) -> None:
    template, _, fn = _function(dev, svc, op)
    role_id = fn["Properties"]["Role"]["Fn::GetAtt"][0]
    invoke = [s for s in _role_statements(template, role_id) if "lambda:InvokeFunction" in _actions(s)]
    rendered = str([s["Resource"] for s in invoke])
    for target in op.invokes:
        target_service, _, target_op = target.partition(".")
        assert f"function:{function_name('dev', target_service, target_op)}" in rendered
    assert rendered.count("function:") == len(op.invokes)


def test_log_retention_follows_the_stage(dev: Synth, prod: Synth) -> None:
    def retentions(synth: Synth) -> set[int]:
        found: set[int] = set()
        for svc in SERVICES:
            template = synth.template(resource_name(synth.stage, svc.name))
            found |= {g["Properties"]["RetentionInDays"] for g in _resources(template, "AWS::Logs::LogGroup").values()}
        return found

    assert retentions(dev) == {dev.built.settings.log_retention_days}
    assert retentions(prod) == {prod.built.settings.log_retention_days}
    assert dev.built.settings.log_retention_days != prod.built.settings.log_retention_days


# tables --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("stage_fixture", ["dev", "prod"])
def test_tables_have_pitr_sse_ttl_and_indexes(stage_fixture: str, request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    for svc in SERVICES:
        template = synth.template(resource_name(synth.stage, svc.name))
        for table in svc.tables:
            resource = _resources(template, "AWS::DynamoDB::Table")[_table_logical_id(template, table.name,
                                                                                       synth.stage)]
            props = resource["Properties"]
            assert props["BillingMode"] == "PAY_PER_REQUEST"
            assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
            assert props["SSESpecification"]["SSEEnabled"] is True
            assert props["KeySchema"] == [{"AttributeName": table.pk, "KeyType": "HASH"},
                                          *([{"AttributeName": table.sk, "KeyType": "RANGE"}] if table.sk else [])]
            if table.ttl:
                assert props["TimeToLiveSpecification"] == {"AttributeName": table.ttl, "Enabled": True}
            assert {i["IndexName"] for i in props.get("GlobalSecondaryIndexes", [])} == {
                i.name for i in table.indexes if not i.local}
            local = props.get("LocalSecondaryIndexes", [])
            assert {(i["IndexName"], i["Projection"]["ProjectionType"],
                     tuple(i["Projection"].get("NonKeyAttributes", []))) for i in local} == {
                (i.name, "INCLUDE" if i.include else "KEYS_ONLY", i.include) for i in table.indexes if i.local}
            expected_policy = "Retain" if synth.built.settings.retain_data else "Delete"
            assert resource["DeletionPolicy"] == expected_policy


# API -----------------------------------------------------------------------------------------------------
def _paths(template: Template) -> dict[str, str]:
    """Logical id of each API resource -> its full path (the root comes from an SSM parameter, not a resource)."""
    resources = _resources(template, "AWS::ApiGateway::Resource")
    paths: dict[str, str] = {}

    def path(logical_id: str) -> str:
        if logical_id not in paths:
            props = resources[logical_id]["Properties"]
            parent = props["ParentId"]
            prefix = path(parent["Ref"]) if isinstance(parent, dict) and parent.get("Ref") in resources else ""
            paths[logical_id] = f"{prefix}/{props['PathPart']}"
        return paths[logical_id]

    for logical_id in resources:
        path(logical_id)
    return paths


def test_every_http_operation_has_its_method_on_its_path(dev: Synth) -> None:
    template = dev.template(resource_name("dev", "api"))
    paths = _paths(template)
    authorizers = _resources(template, "AWS::ApiGateway::Authorizer")
    assert len(authorizers) == 1
    authorizer_id = next(iter(authorizers))
    methods = {(paths[m["Properties"]["ResourceId"]["Ref"]], m["Properties"]["HttpMethod"]): m["Properties"]
               for m in _resources(template, "AWS::ApiGateway::Method").values()
               if isinstance(m["Properties"]["ResourceId"], dict) and "Ref" in m["Properties"]["ResourceId"]}
    for svc, op in HTTP_OPS:
        assert op.path is not None
        assert op.method is not None
        method = methods[(op.path, op.method)]
        assert method["Integration"]["Type"] == "AWS_PROXY"
        assert method["OperationName"] == f"{svc.name}.{op.name}"
        if op.auth is Auth.NONE:
            assert method["AuthorizationType"] == "NONE"
        else:
            assert method["AuthorizationType"] == "CUSTOM"
            assert method["AuthorizerId"] == {"Ref": authorizer_id}
    route_methods = {k for k in methods if k[1] != "OPTIONS"}
    assert route_methods == {(op.path, op.method) for _, op in HTTP_OPS}
    assert {k[0] for k in methods if k[1] == "OPTIONS"} >= {op.path for _, op in HTTP_OPS}, "CORS preflight"


def test_every_route_function_may_be_invoked_by_this_api_only(dev: Synth) -> None:
    template = dev.template(resource_name("dev", "api"))
    permissions = _resources(template, "AWS::Lambda::Permission")
    assert len(permissions) == len(HTTP_OPS) + 1  # + the authorizer
    for permission in permissions.values():
        props = permission["Properties"]
        assert props["Principal"] == "apigateway.amazonaws.com"
        assert "SourceArn" in props


@pytest.mark.parametrize("stage_fixture", ["dev", "prod"])
def test_authorizer_reads_the_authorization_header_with_the_stage_cache_ttl(
        stage_fixture: str, request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    template = synth.template(resource_name(synth.stage, "api"))
    template.has_resource_properties("AWS::ApiGateway::Authorizer", {
        "Type": "REQUEST",
        "IdentitySource": "method.request.header.Authorization",
        "AuthorizerResultTtlInSeconds": synth.built.settings.authorizer_cache_ttl_s,
    })


@pytest.mark.parametrize("stage_fixture", ["dev", "prod"])
def test_stage_has_tracing_throttling_and_json_access_logs(stage_fixture: str,
                                                           request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    settings: StageSettings = synth.built.settings
    template = synth.template(resource_name(synth.stage, "api"))
    template.has_resource_properties("AWS::ApiGateway::Stage", {
        "StageName": synth.stage,
        "TracingEnabled": True,
        "AccessLogSetting": {"DestinationArn": Match.any_value(),
                             "Format": Match.string_like_regexp(r'^\{"requestId": "\$context.requestId"')},
        "MethodSettings": Match.array_with([Match.object_like({
            "ThrottlingRateLimit": settings.throttle_rate_rps, "ThrottlingBurstLimit": settings.throttle_burst})]),
    })
    template.resource_count_is("AWS::WAFv2::WebACLAssociation", 1)  # every stage: the per-source limits


def test_gateway_responses_are_problem_json(dev: Synth) -> None:
    template = dev.template(resource_name("dev", "platform"))
    responses = {r["Properties"]["ResponseType"]: r["Properties"]
                 for r in _resources(template, "AWS::ApiGateway::GatewayResponse").values()}
    assert set(responses) == {r.response_type for r in gateway_responses.ALL}
    for expected in gateway_responses.ALL:
        props = responses[expected.response_type]
        assert props["StatusCode"] == str(expected.status)
        assert props["ResponseTemplates"]["application/problem+json"] == expected.template
        assert props["ResponseParameters"]["gatewayresponse.header.Content-Type"] == "'application/problem+json'"
    template.has_resource_properties("AWS::ApiGateway::RestApi", {
        "BinaryMediaTypes": Match.array_with(["image/*"])})


# platform ------------------------------------------------------------------------------------------------
def test_platform_bus_archive_and_secrets_without_literal_values(dev: Synth) -> None:
    template = dev.template(resource_name("dev", "platform"))
    template.has_resource_properties("AWS::Events::EventBus", {"Name": resource_name("dev")})
    template.has_resource_properties("AWS::Events::Archive", {"RetentionDays": dev.built.settings.event_archive_days})
    secrets = _resources(template, "AWS::SecretsManager::Secret")
    assert {s["Properties"]["Name"] for s in secrets.values()} == {
        x.physical_name("dev") for svc in SERVICES for x in svc.secrets}
    assert all("SecretString" not in s["Properties"] for s in secrets.values())


def test_secret_rotation_uses_the_rotation_operation(dev: Synth) -> None:
    for svc in SERVICES:
        for op in svc.operations:
            if op.trigger is not Trigger.SECRET_ROTATION:
                continue
            template, logical_id, _ = _function(dev, svc, op)
            template.has_resource_properties("AWS::SecretsManager::RotationSchedule", {
                "RotationLambdaARN": {"Fn::GetAtt": [logical_id, "Arn"]},
                "RotationRules": {"ScheduleExpression": "rate(30 days)"},
            })


def test_stacks_depend_in_one_direction_only(dev: Synth) -> None:
    built = dev.built
    assert built.console.dependencies == []  # the console's site first: its address is the origin CORS allows
    assert {d.stack_name for d in built.platform.dependencies} == {built.console.stack_name}
    for stack in built.services.values():
        assert {d.stack_name for d in stack.dependencies} <= {built.platform.stack_name, built.console.stack_name}
    assert {d.stack_name for d in built.api.dependencies} <= {
        built.platform.stack_name, *(s.stack_name for s in built.services.values())}


# cdk-nag -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("stage_fixture", ["dev", "staging", "prod"])
def test_cdk_nag_has_no_unacknowledged_finding(stage_fixture: str, request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    assert synth.error is None, synth.violations()
    plugins = {p["pluginName"]: p for p in synth.report()["pluginReports"]}
    assert plugins["AwsSolutions"]["conclusion"] == "success"
    assert synth.violations() == []


# bundling ------------------------------------------------------------------------------------------------
def test_layer_bundling_was_skipped_and_requirements_come_from_pyproject(dev: Synth) -> None:
    root = Path(__file__).resolve().parents[2]
    requirements = layer_requirements(root / "pyproject.toml")
    assert any(r.startswith("pydantic") for r in requirements)
    assert not any(r.startswith("boto3") for r in requirements)
    # bundling skipped: nothing was pip-installed into any staged asset
    assert not list(dev.outdir.glob("asset.*/python/pydantic"))


def test_function_code_contains_only_the_functions_package(dev: Synth) -> None:
    code_dirs = [p for p in dev.outdir.glob("asset.*") if (p / "functions").is_dir()]
    assert code_dirs
    for code in code_dirs:
        assert {p.name for p in code.iterdir()} == {"functions"}
        assert (code / "functions" / "gateway" / "openapi.json").is_file()  # the document the gateway serves


# a made-up service exercises the triggers the real ones do not use yet -----------------------------------
JOBS = Service(
    name="jobs",
    tables=(Table("jobs", stream="NEW_IMAGE"),),
    queues=(Queue("work", max_receive_count=3),),
    buckets=(Bucket("blobs", browser_upload=True, notify_queue="work", notify_prefix="in/", expire_prefix="tmp/"),),
    operations=(
        Operation("Consume", "functions.jobs.handlers.consume", trigger=Trigger.QUEUE, source="work",
                  tables={"jobs": "write"}, buckets={"blobs": "read"}),
        Operation("Project", "functions.jobs.handlers.project", trigger=Trigger.STREAM, source="jobs",
                  publishes=True),
        Operation("Sweep", "functions.jobs.handlers.sweep", trigger=Trigger.SCHEDULE, schedule_minutes=5,
                  tables={"jobs": "read"}),
    ),
)


@pytest.fixture(scope="session")
def with_jobs(synth_stage: Callable[..., Synth]) -> Synth:
    return synth_stage("dev", (*SERVICES, JOBS), key="dev-jobs")


def test_queue_stream_schedule_and_bucket_rendering(with_jobs: Synth) -> None:
    assert with_jobs.error is None, with_jobs.violations()
    template = with_jobs.template(resource_name("dev", "jobs"))
    template.has_resource_properties("AWS::SQS::Queue", {
        "QueueName": resource_name("dev", "work"), "SqsManagedSseEnabled": True,
        "RedrivePolicy": {"deadLetterTargetArn": Match.any_value(), "maxReceiveCount": 3}})
    template.has_resource_properties("AWS::SQS::QueuePolicy", {"PolicyDocument": {"Statement": Match.array_with([
        Match.object_like({"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})])}})
    template.has_resource_properties("AWS::CloudWatch::Alarm", {"Threshold": 1})
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {
        "FunctionResponseTypes": ["ReportBatchItemFailures"], "EventSourceArn": Match.object_like({})})
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {
        "BisectBatchOnFunctionError": True, "FunctionResponseTypes": ["ReportBatchItemFailures"],
        "DestinationConfig": {"OnFailure": {"Destination": Match.any_value()}}})
    template.has_resource_properties("AWS::Events::Rule", {"ScheduleExpression": "rate(5 minutes)"})
    template.has_resource_properties("AWS::DynamoDB::Table", {"StreamSpecification": {"StreamViewType": "NEW_IMAGE"}})
    _, _, consume = _function(with_jobs, JOBS, JOBS.operation("Consume"))
    env = consume["Properties"]["Environment"]["Variables"]
    assert {"JOBS_TABLE", "BLOBS_BUCKET", "WORK_QUEUE_URL"} <= set(env)
    _, project_id, _ = _function(with_jobs, JOBS, JOBS.operation("Project"))
    project_role = _function(with_jobs, JOBS, JOBS.operation("Project"))[2]["Properties"]["Role"]["Fn::GetAtt"][0]
    assert project_id
    assert any("events:PutEvents" in _actions(s) for s in _role_statements(template, project_role))


def test_files_bucket_is_private_tls_only_with_browser_cors_and_upload_lifecycle(dev: Synth) -> None:
    template = dev.template(f"design-agent-{dev.stage}-storage")
    template.has_resource_properties("AWS::S3::Bucket", {
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        "CorsConfiguration": {"CorsRules": [Match.object_like({"AllowedMethods": Match.array_with(["POST"])})]},
        "LifecycleConfiguration": {"Rules": [Match.object_like({"Prefix": "incoming/", "ExpirationInDays": 1})]},
    })
    template.has_resource_properties("AWS::S3::BucketPolicy", {"PolicyDocument": {"Statement": Match.array_with([
        Match.object_like({"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})])}})
    template.has_resource_properties("Custom::S3BucketNotifications", {"NotificationConfiguration": {
        "QueueConfigurations": [Match.object_like({"Events": ["s3:ObjectCreated:*"]})]}})


def test_cdn_only_in_stages_that_enable_it_with_origin_access_control(dev: Synth, prod: Synth) -> None:
    dev.template(f"design-agent-{dev.stage}-storage").resource_count_is("AWS::CloudFront::Distribution", 0)
    storage = prod.template(f"design-agent-{prod.stage}-storage")
    storage.resource_count_is("AWS::CloudFront::Distribution", 1)
    storage.resource_count_is("AWS::CloudFront::OriginAccessControl", 1)
    storage.has_resource_properties("AWS::CloudFront::Distribution", {"DistributionConfig": Match.object_like({
        "DefaultCacheBehavior": Match.object_like({"ViewerProtocolPolicy": "redirect-to-https",
                                                   "AllowedMethods": ["GET", "HEAD"]})})})
    get_file = storage.find_resources("AWS::Lambda::Function", {"Properties": {
        "FunctionName": "design-agent-prod-storage-get-file"}})
    (props,) = [r["Properties"] for r in get_file.values()]
    assert "CDN_DOMAIN" in props["Environment"]["Variables"]


def test_tasks_stack_dispatch_rule_queue_dlq_consumer_policy_and_alarms(dev: Synth) -> None:
    from functions.tasks.service import DISPATCH_QUEUE, DISPATCH_RULE
    from functions.tasks.service import SERVICE as TASKS

    template = dev.template(resource_name("dev", "tasks"))
    template.has_resource_properties("AWS::Events::Rule", {
        "Name": DISPATCH_RULE.physical_name("dev"),
        "EventPattern": {"detail-type": ["TaskQueued"], "source": ["design-agent.tasks"]},
        "Targets": [Match.object_like({"DeadLetterConfig": {"Arn": Match.any_value()},
                                       "RetryPolicy": Match.object_like({})})]})
    template.has_resource_properties("AWS::SQS::Queue", {
        "QueueName": DISPATCH_QUEUE.physical_name("dev"),
        "RedrivePolicy": {"deadLetterTargetArn": Match.any_value(), "maxReceiveCount": 5},
        "VisibilityTimeout": DISPATCH_QUEUE.visibility_timeout_s})
    # only this rule may send to the dispatch queue
    template.has_resource_properties("AWS::SQS::QueuePolicy", {"PolicyDocument": {"Statement": Match.array_with([
        Match.object_like({"Action": Match.array_with(["sqs:SendMessage"]),
                           "Principal": {"Service": "events.amazonaws.com"},
                           "Condition": {"ArnEquals": {"aws:SourceArn": Match.any_value()}}})])}})
    policies = template.find_resources("AWS::IAM::ManagedPolicy")
    [consumers] = [p for p in policies.values()
                   if p["Properties"]["ManagedPolicyName"] == resource_name("dev", "task-dispatch", "consumers")]
    [statement] = consumers["Properties"]["PolicyDocument"]["Statement"]
    assert set(statement["Action"]) == {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                                        "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}
    assert "Fn::GetAtt" in statement["Resource"]  # the dispatch queue's ARN, not a wildcard
    template.has_resource_properties("AWS::CloudWatch::Alarm", {
        "MetricName": "ApproximateAgeOfOldestMessage", "Threshold": DISPATCH_QUEUE.oldest_message_alarm_s})
    outputs = template.find_outputs("*")
    assert {"TaskDispatchQueueUrl", "TaskDispatchConsumerPolicyArn"} <= set(outputs)
    # the DLQ consumer reads the DLQ; the outbox publisher retries until its record is published
    _, _, undelivered = _function(dev, TASKS, TASKS.operation("FailUndeliveredTasks"))
    assert "TASK_DISPATCH_DLQ_QUEUE_URL" in undelivered["Properties"]["Environment"]["Variables"]
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {
        "EventSourceArn": {"Fn::GetAtt": [Match.string_like_regexp("QueuetaskdispatchDlq"), "Arn"]},
        "FunctionResponseTypes": ["ReportBatchItemFailures"]})
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {
        "MaximumRetryAttempts": -1, "FunctionResponseTypes": ["ReportBatchItemFailures"]})


def test_notifications_websocket_api_manage_connections_and_email(dev: Synth) -> None:
    from functions.notifications.service import SERVICE as NOTIFICATIONS

    template = dev.template(resource_name("dev", "notifications"))
    template.has_resource_properties("AWS::ApiGatewayV2::Api", {
        "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"})
    [api_id] = template.find_resources("AWS::ApiGatewayV2::Api")
    routes = {r["Properties"]["RouteKey"] for r in template.find_resources("AWS::ApiGatewayV2::Route").values()}
    assert routes == {op.route for op in NOTIFICATIONS.websocket_operations}
    template.has_resource_properties("AWS::ApiGatewayV2::Stage", {
        "StageName": "dev", "AutoDeploy": True, "AccessLogSettings": Match.object_like({}),
        "DefaultRouteSettings": Match.object_like({"ThrottlingRateLimit": Match.any_value()})})
    for op in NOTIFICATIONS.operations:
        _, _, fn = _function(dev, NOTIFICATIONS, op)
        role = fn["Properties"]["Role"]["Fn::GetAtt"][0]
        manage = [s for s in _role_statements(template, role) if "execute-api:ManageConnections" in _actions(s)]
        env = fn["Properties"]["Environment"]["Variables"]
        assert bool(manage) == op.manages_connections
        assert ("WEBSOCKET_CALLBACK_URL" in env) == op.manages_connections
        if op.manages_connections:  # https://<api id>.execute-api.<region>.<suffix>/<stage>, built in this stack
            assert env["WEBSOCKET_CALLBACK_URL"] == {"Fn::Join": ["", [
                "https://", {"Ref": api_id}, ".execute-api.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"},
                "/dev"]]}
        for statement in manage:  # this API's stage's @connections only, with the three methods it has
            parts = [r["Fn::Join"][1] for r in _as_list(statement["Resource"])]
            assert {p[-1] for p in parts} == {f"/dev/{method}/@connections/*" for method in ("POST", "DELETE", "GET")}
            for arn in parts:
                assert arn[:-1] == ["arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}, ":",
                                    {"Ref": "AWS::AccountId"}, ":", {"Ref": api_id}]
        mail = [s for s in _role_statements(template, role) if _actions(s) & SES_SEND]
        assert bool(mail) == op.sends_email
        assert ("EMAIL_SENDER" in env) == op.sends_email
        if op.sends_email:
            assert env["EMAIL_SENDER"] == dev.built.settings.email_sender
        for statement in mail:  # the stage's sender identity and this service's templates, as that sender only
            assert _actions(statement) == SES_SEND
            rendered = json.dumps(statement["Resource"])
            assert "*" not in rendered
            assert f"identity/{dev.built.settings.email_sender}" in rendered
            for mail_template in NOTIFICATIONS.email_templates:
                assert f"template/{mail_template.physical_name('dev')}" in rendered
            assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": dev.built.settings.email_sender}}
    names = {t["Properties"]["Template"]["TemplateName"]
             for t in template.find_resources("AWS::SES::Template").values()}
    assert names == {t.physical_name("dev") for t in NOTIFICATIONS.email_templates}
    template.resource_count_is("AWS::SES::EmailIdentity", 0)  # one per stage, in the platform stack
    assert "WebSocketUrl" in template.find_outputs("*")
