"""One construct for "a Lambda per operation, with its own least-privilege role and log group"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from aws_cdk import ArnFormat, CfnElement, Duration, Fn, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct
from design_agent import cors
from design_agent.spec import (
    RATE_LIMITS_TABLE,
    Operation,
    Secret,
    Service,
    Table,
    Trigger,
    config_prefix,
    function_name,
    resource_name,
)

from infra.cdk import references
from infra.cdk.constructs.queues import DLQ_RETENTION, dlq_depth_alarm, secure_queue
from infra.cdk.nag import acknowledge
from infra.cdk.settings import StageSettings

_T = TypeVar("_T")

METRICS_NAMESPACE = "DesignAgent"
RUNTIME = lambda_.Runtime.PYTHON_3_12

TABLE_READ = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem",
              "dynamodb:DescribeTable")
TABLE_WRITE = (*TABLE_READ, "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
               "dynamodb:BatchWriteItem")
SECRET_READ = ("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")
SECRET_ROTATE = (*SECRET_READ, "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage")
BUCKET_READ = ("s3:GetObject",)
BUCKET_WRITE = (*BUCKET_READ, "s3:PutObject", "s3:DeleteObject")


@dataclass(frozen=True)
class OperationResources:
    """What the functions of one service may be wired to (each operation takes only what it declares)."""

    settings: StageSettings
    code: lambda_.Code
    layer: lambda_.ILayerVersion
    bus: events.IEventBus
    extra_layers: Mapping[str, lambda_.ILayerVersion] = field(default_factory=dict)  # Operation.layer -> layer
    alarm_topic: sns.ITopic | None = None
    tables: Mapping[str, tuple[Table, dynamodb.ITable]] = field(default_factory=dict)
    secrets: Mapping[str, secretsmanager.ISecret] = field(default_factory=dict)
    queues: Mapping[str, sqs.IQueue] = field(default_factory=dict)
    buckets: Mapping[str, tuple[str, s3.IBucket]] = field(default_factory=dict)  # name -> (env var, bucket)


class OperationFunction(Construct):
    """The Lambda function of one ``Operation``: role, log group, environment, grants and event source."""

    def __init__(self, scope: Construct, construct_id: str, *, service: Service, operation: Operation,
                 resources: OperationResources) -> None:
        super().__init__(scope, construct_id)
        self.service = service
        self.operation = operation
        self._resources = resources
        settings = resources.settings
        self.function_name = function_name(settings.name, service.name, operation.name)

        self.log_group = logs.LogGroup(
            self, "Logs",
            log_group_name=f"/aws/lambda/{self.function_name}",
            retention=settings.log_retention,
            removal_policy=settings.removal_policy,
        )
        self.role = iam.Role(
            self, "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"{service.name}.{operation.name} ({settings.name})",
        )
        # basic execution, narrowed to this function's own log group
        self.role.add_to_policy(iam.PolicyStatement(
            actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[self.log_group.log_group_arn]))

        self.function = lambda_.Function(
            self, "Function",
            function_name=self.function_name,
            runtime=RUNTIME,
            architecture=lambda_.Architecture.ARM_64,
            handler=operation.handler_entry,
            code=resources.code,
            layers=[resources.layer, *([resources.extra_layers[operation.layer]] if operation.layer else [])],
            role=self.role,
            log_group=self.log_group,
            timeout=Duration.seconds(operation.timeout_s),
            memory_size=operation.memory_mb,
            tracing=lambda_.Tracing.ACTIVE if settings.tracing else lambda_.Tracing.DISABLED,
            environment=self._environment(),
            description=f"{service.name}.{operation.name}",
        )
        self._grant_tables()
        self._grant_secrets()
        self._grant_buckets()
        self._grant_invokes()
        self._grant_config()
        self._grant_rate_limits()
        for name in operation.sends:
            self._queue(name).grant_send_messages(self.role)
        for name in operation.watches:  # depth only: GetQueueAttributes on the queue and its DLQ
            queue = self.service.queue(name)
            self.role.add_to_policy(iam.PolicyStatement(actions=["sqs:GetQueueAttributes"], resources=[
                self._queue(name).queue_arn, self._queue(queue.dlq).queue_arn]))
        if operation.publishes:
            resources.bus.grant_put_events_to(self.role)
        self._attach_trigger()
        self._acknowledge()

    def _acknowledge(self) -> None:
        wildcard = "X-Ray PutTraceSegments/PutTelemetryRecords accept only Resource '*'"
        if self.operation.trigger is Trigger.SECRET_ROTATION:
            wildcard += "; the rotation function's secretsmanager:GetRandomPassword accepts only Resource '*'"
        acknowledge(self.role, "AwsSolutions-IAM5[Resource::*]", wildcard)
        acknowledge(self.function, "AwsSolutions-L1",
                    f"{RUNTIME.name} on purpose: the layer's wheels are built for it and the local toolchain "
                    "tracks it (docs/decisions.md, Python versions)")

    # environment -----------------------------------------------------------------------------------------
    def _environment(self) -> dict[str, str]:
        op, res = self.operation, self._resources
        env = {
            "STAGE": res.settings.name,
            "POWERTOOLS_SERVICE_NAME": self.service.name,
            "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
            "LOG_LEVEL": res.settings.log_level,
            "EVENT_BUS_NAME": res.bus.event_bus_name,
            "CONFIG_PARAMETERS_PREFIX": config_prefix(res.settings.name),
        }
        for name in op.tables:
            spec, table = self._table(name)
            env[spec.env_var] = table.table_name
        for name in op.secrets:
            env[_secret_env_var(name)] = self._secret(name).secret_name  # a SecretId by name (infra/cdk/references.py)
        for name in op.buckets:
            env_var, bucket = self._bucket(name)
            env[env_var] = bucket.bucket_name
        for name in op.watches:
            queue = self.service.queue(name)
            env[queue.env_var], env[queue.dlq_env_var] = self._queue(name).queue_url, self._queue(queue.dlq).queue_url
        for name in {*op.sends, *([self._source()] if op.trigger is Trigger.QUEUE else [])}:
            queue = self.service.queue(name)
            env[queue.dlq_env_var if name == queue.dlq else queue.env_var] = self._queue(name).queue_url
        if op.user_rate_limited:  # the per-user token bucket (design_agent.rate_limits), 0 = off
            env[RATE_LIMITS_TABLE.env_var] = RATE_LIMITS_TABLE.physical_name(res.settings.name)
            env["USER_RATE_RPS"] = f"{res.settings.user_rate_rps:g}"
            env["USER_BURST"] = str(res.settings.user_burst)
        if op.trigger is Trigger.HTTP:  # the browser origins its answers allow (design_agent.cors)
            env[cors.ENV_VAR] = Fn.join(",", references.console_origins(
                self, res.settings.name, res.settings.console_extra_origins))
        return env

    # grants ----------------------------------------------------------------------------------------------
    def _grant_tables(self) -> None:
        for name, access in self.operation.tables.items():
            spec, table = self._table(name)
            arns = [table.table_arn, *(f"{table.table_arn}/index/{index.name}" for index in spec.indexes)]
            self.role.add_to_policy(iam.PolicyStatement(
                actions=list(TABLE_WRITE if access == "write" else TABLE_READ), resources=arns))

    def _grant_secrets(self) -> None:
        for name, access in self.operation.secrets.items():
            self.role.add_to_policy(iam.PolicyStatement(
                actions=list(SECRET_ROTATE if access == "rotate" else SECRET_READ),
                resources=[_secret_arn_for_policies(self._secret(name))]))

    def _grant_buckets(self) -> None:
        for name, access in self.operation.buckets.items():
            _, bucket = self._bucket(name)
            self.role.add_to_policy(iam.PolicyStatement(
                actions=list(BUCKET_WRITE if access == "write" else BUCKET_READ),
                resources=[bucket.arn_for_objects("*")]))
            if access == "write":  # writers also sweep: listing is a bucket-level action
                self.role.add_to_policy(iam.PolicyStatement(actions=["s3:ListBucket"],
                                                            resources=[bucket.bucket_arn]))
            cfn_bucket = bucket.node.default_child
            if isinstance(cfn_bucket, CfnElement):
                logical_id = Stack.of(cfn_bucket).get_logical_id(cfn_bucket)
                acknowledge(self.role, f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>/*]",
                            f"object actions need the objects' ARN; limited to the service's own bucket {name} "
                            "and to the object actions its description grants")

    def _grant_rate_limits(self) -> None:
        """UpdateItem on the gateway's token-bucket table, by name, for operations of signed-in users: the shared
        HTTP layer takes the caller's token there (docs/decisions.md, "Per-user rate limit")."""
        if not self.operation.user_rate_limited:
            return
        arn = Stack.of(self).format_arn(service="dynamodb", resource="table",
                                        resource_name=RATE_LIMITS_TABLE.physical_name(self._resources.settings.name))
        self.role.add_to_policy(iam.PolicyStatement(actions=["dynamodb:UpdateItem"], resources=[arn]))

    def _grant_config(self) -> None:
        """Read the stage's parameters of this service and the shared ones (the configuration centre)."""
        stack = Stack.of(self)
        prefix = config_prefix(self._resources.settings.name).lstrip("/")
        self.role.add_to_policy(iam.PolicyStatement(actions=["ssm:GetParametersByPath"], resources=[
            stack.format_arn(service="ssm", resource="parameter", resource_name=f"{prefix}/{scope}")
            for scope in ("shared", self.service.name)]))

    def _grant_invokes(self) -> None:
        if not self.operation.invokes:
            return
        stack = Stack.of(self)
        arns = []
        for target in self.operation.invokes:
            target_service, _, target_op = target.partition(".")
            if not target_op:
                raise ValueError(f"{self.service.name}.{self.operation.name}: invokes entry {target!r} "
                                 "is not 'service.Operation'")
            arns.append(stack.format_arn(
                service="lambda", resource="function", arn_format=ArnFormat.COLON_RESOURCE_NAME,
                resource_name=function_name(self._resources.settings.name, target_service, target_op)))
        self.role.add_to_policy(iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=arns))

    # triggers --------------------------------------------------------------------------------------------
    def _attach_trigger(self) -> None:
        op = self.operation
        if op.trigger is Trigger.QUEUE:
            self.function.add_event_source(sources.SqsEventSource(
                self._queue(self._source()), batch_size=op.batch_size, report_batch_item_failures=True))
        elif op.trigger is Trigger.STREAM:
            _, table = self._table(self._source())
            dlq = secure_queue(
                self, "StreamFailures",
                queue_name=resource_name(self._resources.settings.name, self.service.name, op.function_id,
                                         "stream-dlq"),
                removal_policy=self._resources.settings.removal_policy, retention=DLQ_RETENTION)
            dlq_depth_alarm(self, "StreamFailuresAlarm", dlq, self._resources.alarm_topic)
            acknowledge(dlq, "AwsSolutions-SQS3", "this queue IS the dead-letter destination (on-failure) of "
                                                  "the stream event source mapping; it is alarmed")
            self.function.add_event_source(sources.DynamoEventSource(
                table, starting_position=lambda_.StartingPosition.TRIM_HORIZON, batch_size=op.batch_size,
                bisect_batch_on_error=True, retry_attempts=op.retry_attempts, report_batch_item_failures=True,
                on_failure=sources.SqsDlq(dlq)))
        elif op.trigger is Trigger.SCHEDULE:
            if op.schedule_minutes is None:
                raise ValueError(f"{self.service.name}.{op.name}: SCHEDULE needs schedule_minutes")
            events.Rule(self, "Schedule", schedule=events.Schedule.rate(Duration.minutes(op.schedule_minutes)),
                        targets=[targets.LambdaFunction(self.function)])
        # HTTP and AUTHORIZER are wired by the API stack, SECRET_ROTATION by the service stack,
        # INTERNAL is only ever invoked by name.

    # lookups (a declared name that does not exist is a description bug: fail the synth) -------------------
    def _source(self) -> str:
        if self.operation.source is None:
            raise ValueError(f"{self.service.name}.{self.operation.name}: {self.operation.trigger} needs source")
        return self.operation.source

    def _table(self, name: str) -> tuple[Table, dynamodb.ITable]:
        return _lookup(self._resources.tables, name, "table", self.operation)

    def _secret(self, name: str) -> secretsmanager.ISecret:
        return _lookup(self._resources.secrets, name, "secret", self.operation)

    def _queue(self, name: str) -> sqs.IQueue:
        return _lookup(self._resources.queues, name, "queue", self.operation)

    def _bucket(self, name: str) -> tuple[str, s3.IBucket]:
        return _lookup(self._resources.buckets, name, "bucket", self.operation)


def _secret_arn_for_policies(secret: secretsmanager.ISecret) -> str:
    """A secret referenced by name has no full ARN: its policies name ``<name>-??????`` (Secrets Manager's suffix)."""
    return secret.secret_full_arn or f"{secret.secret_arn}-??????"


def _secret_env_var(name: str) -> str:
    return Secret(name).env_var


def _lookup(table: Mapping[str, _T], name: str, kind: str, op: Operation) -> _T:
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"operation {op.name} declares unknown {kind} {name!r}") from None
