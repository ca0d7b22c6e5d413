"""Render the service descriptions into emulated resources (idempotent: existing resources are kept)."""

from __future__ import annotations

import json
import os
import secrets
from typing import Any

from botocore.exceptions import ClientError
from design_agent import cors
from design_agent.settings import Settings
from design_agent.spec import Bucket, EmailTemplate, EventRule, Queue, Secret, Service, Table, event_bus_name

from local_platform.secret_rotation import rotate_secret

__all__ = ["create_all", "create_bucket", "create_bus", "create_email_template", "create_queue", "create_rule",
           "create_secret", "create_table", "rotate_secret"]


def _exists(exc: ClientError) -> bool:
    code = exc.response.get("Error", {}).get("Code", "")
    return code in {"ResourceInUseException", "BucketAlreadyOwnedByYou", "BucketAlreadyExists",
                    "ResourceExistsException", "QueueAlreadyExists", "ResourceAlreadyExistsException"}


def _key_schema(pk: str, sk: str | None) -> list[dict[str, str]]:
    return [{"AttributeName": pk, "KeyType": "HASH"}, *([{"AttributeName": sk, "KeyType": "RANGE"}] if sk else [])]


def create_table(dynamodb: Any, table: Table, stage: str) -> str:
    name = table.physical_name(stage)
    attributes = {table.pk, *([table.sk] if table.sk else [])}
    for index in table.indexes:
        attributes.update([index.pk, *([index.sk] if index.sk else [])])  # a local index's pk is the table's
    kwargs: dict[str, Any] = {}
    if global_indexes := [i for i in table.indexes if not i.local]:
        kwargs["GlobalSecondaryIndexes"] = [
            {"IndexName": i.name, "KeySchema": _key_schema(i.pk, i.sk), "Projection": {"ProjectionType": "ALL"}}
            for i in global_indexes]
    if local_indexes := [i for i in table.indexes if i.local]:
        kwargs["LocalSecondaryIndexes"] = [
            {"IndexName": i.name, "KeySchema": _key_schema(table.pk, i.sk), "Projection": (
                {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(i.include)} if i.include
                else {"ProjectionType": "KEYS_ONLY"})} for i in local_indexes]
    if table.stream:
        kwargs["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": table.stream}
    try:
        definitions = [{"AttributeName": a, "AttributeType": "S"} for a in sorted(attributes)]
        dynamodb.create_table(TableName=name, KeySchema=_key_schema(table.pk, table.sk), BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=definitions, **kwargs)
    except ClientError as exc:
        if not _exists(exc):
            raise
    if table.ttl and dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"].get(
            "TimeToLiveStatus") not in {"ENABLED", "ENABLING"}:
        dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True,
                                                                               "AttributeName": table.ttl})
    return name


def create_queue(sqs: Any, queue: Queue, stage: str) -> tuple[str, str]:
    """The queue and its DLQ; returns both URLs."""
    dlq_url = str(sqs.create_queue(QueueName=queue.dlq_name(stage))["QueueUrl"])
    dlq_arn = queue_arn(sqs, dlq_url)
    return str(sqs.create_queue(QueueName=queue.physical_name(stage), Attributes={
        "VisibilityTimeout": str(queue.visibility_timeout_s),
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": queue.max_receive_count}),
    })["QueueUrl"]), dlq_url


def queue_arn(sqs: Any, url: str) -> str:
    return str(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])


def create_bucket(s3: Any, sqs: Any, bucket: Bucket, stage: str, queue_urls: dict[str, str],
                  cors_origins: tuple[str, ...] = ()) -> str:
    name = bucket.physical_name(stage)
    try:
        s3.create_bucket(Bucket=name)
    except ClientError as exc:
        if not _exists(exc):
            raise
    if bucket.browser_upload and cors_origins:  # the console's presigned POSTs and downloads (as CDK's rule)
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": [bucket_cors_rule(cors_origins)]})
    if bucket.notify_queue:
        arn = queue_arn(sqs, queue_urls[bucket.notify_queue])
        s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration={"QueueConfigurations": [{
            "QueueArn": arn, "Events": ["s3:ObjectCreated:*"],
            "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": bucket.notify_prefix}]}},
        }]})
    return name


def create_secret(secretsmanager: Any, secret: Secret, stage: str) -> str:
    name = secret.physical_name(stage)
    try:
        # like CDK's generated secret: a throw-away value until the rotation function writes the real one
        secretsmanager.create_secret(Name=name, Description=f"{secret.name} of stage {stage}",
                                     SecretString=secrets.token_urlsafe(32))
    except ClientError as exc:
        if not _exists(exc):
            raise
    return name


def create_bus(events: Any, stage: str) -> str:
    name = event_bus_name(stage)
    try:
        events.create_event_bus(Name=name)
    except ClientError as exc:
        if not _exists(exc):
            raise
    return name


def create_rule(events: Any, sqs: Any, rule: EventRule, stage: str, queue_url: str) -> str:
    """A rule on the platform bus delivering matching events to a queue (EventBridge -> SQS, as in AWS)."""
    name = rule.physical_name(stage)
    bus = event_bus_name(stage)
    events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps(rule.pattern()), State="ENABLED")
    events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": rule.queue, "Arn": queue_arn(sqs, queue_url)}])
    return name


def create_email_template(ses: Any, template: EmailTemplate, stage: str) -> str:
    name = template.physical_name(stage)
    body = {"TemplateName": name, "SubjectPart": template.subject, "TextPart": template.text,
            "HtmlPart": template.html}
    try:
        ses.create_template(Template=body)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "AlreadyExists":
            raise
        ses.update_template(Template=body)
    return name


def bucket_cors_rule(origins: tuple[str, ...]) -> dict[str, Any]:
    """The browser upload bucket's CORS rule: the stage's console origins only (infra renders the same)."""
    return {"AllowedMethods": list(cors.BUCKET_METHODS), "AllowedOrigins": list(origins), "AllowedHeaders": ["*"],
            "ExposeHeaders": list(cors.BUCKET_EXPOSE_HEADERS), "MaxAgeSeconds": cors.BUCKET_MAX_AGE_S}


def create_all(clients: Any, services: tuple[Service, ...], stage: str,
               cors_origins: tuple[str, ...] = ()) -> dict[str, str]:
    """Every declared resource; returns the environment every function is given."""
    env: dict[str, str] = {"STAGE": stage, "EVENT_BUS_NAME": create_bus(clients.client("events"), stage)}
    queue_urls: dict[str, str] = {}
    for service in services:
        for table in service.tables:
            env[table.env_var] = create_table(clients.dynamodb(), table, stage)
        for queue in service.queues:
            urls = create_queue(clients.client("sqs"), queue, stage)
            queue_urls[queue.name], queue_urls[queue.dlq] = urls
            env[queue.env_var], env[queue.dlq_env_var] = urls
        for rule in service.rules:
            create_rule(clients.client("events"), clients.client("sqs"), rule, stage, queue_urls[rule.queue])
        for template in service.email_templates:
            create_email_template(clients.client("ses"), template, stage)
        if service.email_templates:  # SES sends only from a verified identity (a sandboxed account's rule too)
            clients.client("ses").verify_email_identity(EmailAddress=os.environ.get("EMAIL_SENDER") or
                                                        Settings().email_sender)
    for service in services:
        for bucket in service.buckets:
            env[bucket.env_var] = create_bucket(clients.client("s3"), clients.client("sqs"), bucket, stage,
                                                queue_urls, cors_origins)
        for secret in service.secrets:
            env[secret.env_var] = create_secret(clients.client("secretsmanager"), secret, stage)
    return env
