"""One stack per service, rendered from its ``Service`` description only."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from aws_cdk import CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct
from design_agent import cors
from design_agent.spec import EXTRA_LAYERS, Bucket, EventRule, Queue, Secret, Service, Table, Trigger, resource_name

from infra.cdk import references
from infra.cdk.bundling import extra_layer_code, shared_layer_code
from infra.cdk.constructs import realtime
from infra.cdk.constructs.cdn import CdnSigningKey, response_headers, short_cache
from infra.cdk.constructs.operation_function import RUNTIME, OperationFunction, OperationResources
from infra.cdk.constructs.queues import (
    DLQ_RETENTION,
    QUEUE_CONSUMER,
    dlq_depth_alarm,
    oldest_message_alarm,
    secure_queue,
)
from infra.cdk.nag import acknowledge
from infra.cdk.settings import StageSettings

REPO_ROOT = Path(__file__).resolve().parents[3]

_STREAM_VIEW = {
    "NEW_IMAGE": dynamodb.StreamViewType.NEW_IMAGE,
    "NEW_AND_OLD_IMAGES": dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
}
SECRET_ROTATION_DAYS = 30


def _output_id(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _key(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


class ServiceStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, service: Service, settings: StageSettings,
                 code: lambda_.Code, foreign_tables: Mapping[str, Table] | None = None,
                 known_secrets: Mapping[str, Secret] | None = None, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.service = service
        self.settings = settings
        # the platform's bus, alarm topic and secrets by their names: no export ties this stack to the platform's
        bus = references.event_bus(self, settings.name)
        self.alarm_topic: sns.ITopic | None = references.alarm_topic(self, settings.name)
        alarm_topic = self.alarm_topic
        secrets = self._secrets(service, known_secrets or {})
        # the shared layer is this stack's own version of it, built from the same asset as every other stack's:
        # deploying this stack alone ships the shared package as it is in the working tree
        layer = lambda_.LayerVersion(
            self, "SharedLayer", layer_version_name=resource_name(settings.name, service.name, "shared"),
            code=shared_layer_code(REPO_ROOT / "layers" / "shared", "design_agent", REPO_ROOT / "pyproject.toml",
                                   service.layer_groups),
            compatible_runtimes=[RUNTIME], compatible_architectures=[lambda_.Architecture.ARM_64],
            # code, not data: CloudFormation deletes the old version only after a successful update
            removal_policy=RemovalPolicy.DESTROY,
            description="design_agent shared package and the runtime dependencies"
                        + (f" (+ {', '.join(service.layer_groups)})" if service.layer_groups else ""))
        tables: dict[str, tuple[Table, dynamodb.ITable]] = {spec.name: (spec, self._table(spec))
                                                             for spec in service.tables}
        tables.update(self._foreign_tables(service, foreign_tables or {}))
        queues: dict[str, sqs.IQueue] = {}
        for spec in service.queues:
            queues[spec.name], queues[spec.dlq] = self._queue(spec)
        for rule in service.rules:
            self._rule(rule, service.queue(rule.queue), queues[rule.queue], bus)
        self._access_logs: s3.Bucket | None = None
        self._layer = layer
        self.cdn_domains: dict[str, str] = {}
        self.cdn_keys: dict[str, CdnSigningKey] = {}
        buckets = {spec.name: (spec.env_var, self._bucket(spec, queues)) for spec in service.buckets}
        resources = OperationResources(settings=settings, code=code, layer=layer, bus=bus, alarm_topic=alarm_topic,
                                       tables=tables, secrets=secrets, queues=queues, buckets=buckets,
                                       extra_layers=self._extra_layers(service, settings))
        self.tables: dict[str, dynamodb.ITable] = {name: table for name, (_, table) in tables.items()}
        self.queues: Mapping[str, sqs.IQueue] = queues
        self.operations: dict[str, OperationFunction] = {
            op.name: OperationFunction(self, op.name, service=service, operation=op, resources=resources)
            for op in service.operations
        }
        realtime.render(self, service, settings, self.operations)
        for fn in self.operations.values():
            if any(name in self.cdn_domains for name in fn.operation.buckets):
                cdn_bucket = next(n for n in fn.operation.buckets if n in self.cdn_domains)
                fn.function.add_environment("CDN_DOMAIN", self.cdn_domains[cdn_bucket])
                self.cdn_keys[cdn_bucket].grant_signing(fn.function)
            if fn.operation.trigger is Trigger.SECRET_ROTATION:
                self._rotation(fn, secrets)

    def _extra_layers(self, service: Service, settings: StageSettings) -> dict[str, lambda_.ILayerVersion]:
        """The extra layers this service's operations ask for, owned by this stack (nobody else needs them)."""
        names = sorted({op.layer for op in service.operations if op.layer})
        return {name: lambda_.LayerVersion(
            self, f"Layer{_output_id(name)}", layer_version_name=resource_name(settings.name, name),
            code=extra_layer_code(name, EXTRA_LAYERS[name], REPO_ROOT / "pyproject.toml"),
            compatible_runtimes=[RUNTIME], compatible_architectures=[lambda_.Architecture.ARM_64],
            removal_policy=settings.removal_policy, description=f"{name}: {EXTRA_LAYERS[name]} dependencies")
            for name in names}

    def _secrets(self, service: Service, known: Mapping[str, Secret]) -> dict[str, secretsmanager.ISecret]:
        """The platform's secrets this service's operations declare, by name (an unknown one fails the synth)."""
        names = sorted({name for op in service.operations for name in op.secrets})
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"{service.name}: no service declares the secret(s) {unknown}")
        return {name: references.secret(self, self.settings.name, known[name]) for name in names}

    @property
    def functions(self) -> dict[str, lambda_.IFunction]:
        return {name: fn.function for name, fn in self.operations.items()}

    def _foreign_tables(self, service: Service, known: Mapping[str, Table]) -> dict[str, tuple[Table,
                                                                                              dynamodb.ITable]]:
        """Tables of other services an operation reads (e.g. the Auth table for the revocation check): referenced
        by name, read-only — a service never writes another's table."""
        own = {t.name for t in service.tables}
        found: dict[str, tuple[Table, dynamodb.ITable]] = {}
        for op in service.operations:
            for name, access in op.tables.items():
                if name in own or name in found:
                    continue
                if access != "read" or name not in known:
                    raise ValueError(f"{service.name}.{op.name}: table {name!r} is another service's (or unknown); "
                                     "only read access to a known table is allowed")
                spec = known[name]
                found[name] = (spec, dynamodb.Table.from_table_attributes(
                    self, f"Foreign-{name}", table_name=spec.physical_name(self.settings.name),
                    global_indexes=[i.name for i in spec.indexes if not i.local],
                    local_indexes=[i.name for i in spec.indexes if i.local]))
        return found

    def _table(self, spec: Table) -> dynamodb.Table:
        table = dynamodb.Table(
            self, f"Table-{spec.name}",
            table_name=spec.physical_name(self.settings.name),
            partition_key=_key(spec.pk),
            sort_key=_key(spec.sk) if spec.sk else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True),
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            time_to_live_attribute=spec.ttl,
            stream=_STREAM_VIEW[spec.stream] if spec.stream else None,
            deletion_protection=self.settings.retain_data,
            removal_policy=self.settings.removal_policy,
        )
        for index in spec.indexes:
            if index.local:
                assert index.sk, f"{spec.name}.{index.name}: a local index needs a sort key"
                projection = dynamodb.ProjectionType.INCLUDE if index.include else dynamodb.ProjectionType.KEYS_ONLY
                table.add_local_secondary_index(index_name=index.name, sort_key=_key(index.sk),
                                                projection_type=projection,
                                                non_key_attributes=list(index.include) or None)
            else:
                table.add_global_secondary_index(index_name=index.name, partition_key=_key(index.pk),
                                                 sort_key=_key(index.sk) if index.sk else None)
        return table

    def _queue(self, spec: Queue) -> tuple[sqs.Queue, sqs.Queue]:
        """The queue and its DLQ (alarmed); an age alarm and a consumer policy when the description asks."""
        policy = self.settings.removal_policy
        # the DLQ keeps the queue's visibility timeout: a function consuming it (``<queue>-dlq``) gets as long
        dlq = secure_queue(self, f"Queue-{spec.name}-Dlq", queue_name=spec.dlq_name(self.settings.name),
                           removal_policy=policy, retention=DLQ_RETENTION,
                           visibility_timeout=Duration.seconds(spec.visibility_timeout_s))
        dlq_depth_alarm(self, f"Queue-{spec.name}-DlqAlarm", dlq, self.alarm_topic)
        queue = secure_queue(
            self, f"Queue-{spec.name}", queue_name=spec.physical_name(self.settings.name), removal_policy=policy,
            visibility_timeout=Duration.seconds(spec.visibility_timeout_s),
            dead_letter=sqs.DeadLetterQueue(queue=dlq, max_receive_count=spec.max_receive_count))
        if spec.oldest_message_alarm_s is not None:
            oldest_message_alarm(self, f"Queue-{spec.name}-AgeAlarm", queue, spec.oldest_message_alarm_s,
                                 self.alarm_topic)
        if spec.external_consumers:
            self._consumer_policy(spec, queue)
        return queue, dlq

    def _consumer_policy(self, spec: Queue, queue: sqs.Queue) -> None:
        """What a process outside Lambda (an algorithm worker) needs to work the queue, and nothing else."""
        name = resource_name(self.settings.name, spec.name, "consumers")
        policy = iam.ManagedPolicy(self, f"Queue-{spec.name}-Consumers", managed_policy_name=name,
                                   description=f"read and settle messages of {spec.physical_name(self.settings.name)}",
                                   statements=[iam.PolicyStatement(actions=list(QUEUE_CONSUMER),
                                                                   resources=[queue.queue_arn])])
        CfnOutput(self, f"{_output_id(spec.name)}QueueUrl", value=queue.queue_url,
                  description=f"URL of {spec.name} (the workers' TASK_DISPATCH_QUEUE_URL)")
        CfnOutput(self, f"{_output_id(spec.name)}ConsumerPolicyArn", value=policy.managed_policy_arn,
                  description=f"attach to the role or user the {spec.name} consumers run as")

    def _rule(self, rule: EventRule, spec: Queue, queue: sqs.IQueue, bus: events.IEventBus) -> events.Rule:
        """Bus -> queue, with its own DLQ for deliveries EventBridge could not make."""
        failed = secure_queue(self, f"Rule-{rule.name}-Dlq",
                              queue_name=resource_name(self.settings.name, rule.name, "rule-dlq"),
                              removal_policy=self.settings.removal_policy, retention=DLQ_RETENTION)
        dlq_depth_alarm(self, f"Rule-{rule.name}-DlqAlarm", failed, self.alarm_topic)
        acknowledge(failed, "AwsSolutions-SQS3", "this queue IS the dead-letter queue of the rule's target; "
                                                 "it is alarmed")
        return events.Rule(
            self, f"Rule-{rule.name}", rule_name=rule.physical_name(self.settings.name), event_bus=bus,
            description=f"{', '.join(rule.detail_types)} -> {spec.physical_name(self.settings.name)}",
            event_pattern=events.EventPattern(detail_type=list(rule.detail_types),
                                              source=rule.event_sources or None),
            targets=[targets.SqsQueue(queue, dead_letter_queue=failed, retry_attempts=185,
                                      max_event_age=Duration.hours(24))])

    def _bucket(self, spec: Bucket, queues: Mapping[str, sqs.IQueue]) -> s3.Bucket:
        """Private, encrypted, TLS-only; behind CloudFront (origin access control) when declared ``cdn`` and
        the stage enables it."""
        rules = [s3.LifecycleRule(prefix=spec.expire_prefix, expiration=Duration.days(spec.expire_days))] \
            if spec.expire_prefix is not None else []
        # the console's presigned POSTs and downloads, from the stage's console origins only (as locally)
        cors_rules = [s3.CorsRule(allowed_methods=[s3.HttpMethods(m) for m in cors.BUCKET_METHODS],
                                  allowed_origins=references.console_origins(self, self.settings.name,
                                                                             self.settings.console_extra_origins),
                                  allowed_headers=["*"], exposed_headers=list(cors.BUCKET_EXPOSE_HEADERS),
                                  max_age=cors.BUCKET_MAX_AGE_S)] if spec.browser_upload else []
        bucket = s3.Bucket(
            self, f"Bucket-{spec.name}",
            bucket_name=spec.physical_name(self.settings.name, self.account),
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            lifecycle_rules=rules,
            cors=cors_rules,
            removal_policy=self.settings.removal_policy,
            server_access_logs_bucket=self._access_log_bucket(),
            server_access_logs_prefix=f"{spec.name}/",
        )
        if spec.notify_queue is not None:
            bucket.add_event_notification(s3.EventType.OBJECT_CREATED, s3n.SqsDestination(queues[spec.notify_queue]),
                                          s3.NotificationKeyFilter(prefix=spec.notify_prefix))
            for child in self.node.children:
                if child.node.id.startswith("BucketNotificationsHandler"):
                    acknowledge(child, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/"
                                       "service-role/AWSLambdaBasicExecutionRole]",
                                "CDK's own singleton that configures bucket notifications at deploy time")
        if spec.cdn and self.settings.cdn:
            self.cdn_keys[spec.name] = CdnSigningKey(self, f"CdnKey-{spec.name}", settings=self.settings,
                                                     layer=self._layer)
            self.cdn_domains[spec.name] = self._distribution(spec, bucket).distribution_domain_name
        return bucket

    def _distribution(self, spec: Bucket, bucket: s3.Bucket) -> cloudfront.Distribution:
        """Reads only: GET/HEAD over HTTPS, the bucket reachable from CloudFront alone (origin access control),
        signed URLs only (the key group of ``CdnSigningKey``), a short cache and user-content headers."""
        distribution = cloudfront.Distribution(
            self, f"Cdn-{spec.name}",
            comment=f"{self.settings.name} {self.service.name} {spec.name}",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                trusted_key_groups=[self.cdn_keys[spec.name].key_group],
                cache_policy=short_cache(self, spec.name),
                response_headers_policy=response_headers(self, spec.name)),
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            enable_logging=True, log_bucket=self._access_log_bucket(), log_file_prefix=f"cdn-{spec.name}/",
        )
        acknowledge(distribution, "AwsSolutions-CFR1", "files are served worldwide; no geo restriction by design")
        acknowledge(distribution, "AwsSolutions-CFR2",
                    "reads of unguessable object keys only; the API's WAF protects the write paths")
        acknowledge(distribution, "AwsSolutions-CFR4",
                    "the default *.cloudfront.net certificate allows TLSv1 at minimum; a custom domain with "
                    "TLSv1.2_2021 is a per-deployment choice")
        return distribution

    def _access_log_bucket(self) -> s3.Bucket:
        if self._access_logs is None:
            self._access_logs = s3.Bucket(
                self, "AccessLogs",
                encryption=s3.BucketEncryption.S3_MANAGED,
                block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                enforce_ssl=True,
                object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
                lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(self.settings.log_retention_days))],
                removal_policy=self.settings.removal_policy,
            )
            acknowledge(self._access_logs, "AwsSolutions-S1",
                        "this is the server access log bucket of the service's buckets; logging it would recurse")
        return self._access_logs

    def _rotation(self, fn: OperationFunction, secrets: Mapping[str, secretsmanager.ISecret]) -> None:
        rotated = [name for name, access in fn.operation.secrets.items() if access == "rotate"]
        if not rotated:
            raise ValueError(f"{self.service.name}.{fn.operation.name}: SECRET_ROTATION op rotates no secret")
        for name in rotated:
            schedule = secretsmanager.RotationSchedule(
                self, f"Rotation-{name}", secret=secrets[name], rotation_lambda=fn.function,
                automatically_after=Duration.days(SECRET_ROTATION_DAYS))
            # the secret by its name (an imported secret's ARN lacks the random suffix)
            cfn = schedule.node.default_child
            assert isinstance(cfn, secretsmanager.CfnRotationSchedule)
            cfn.secret_id = secrets[name].secret_name
