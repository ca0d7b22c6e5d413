"""Queues are always made the same way: SSE, TLS only, a DLQ, and an alarm on the DLQ depth."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

DLQ_RETENTION = Duration.days(14)
# what a consumer outside Lambda needs (Lambda's event source mapping gets its own grant from CDK)
QUEUE_CONSUMER = ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                  "sqs:GetQueueAttributes", "sqs:GetQueueUrl")


def secure_queue(scope: Construct, construct_id: str, *, queue_name: str, removal_policy: RemovalPolicy,
                 visibility_timeout: Duration | None = None,
                 dead_letter: sqs.DeadLetterQueue | None = None,
                 retention: Duration | None = None) -> sqs.Queue:
    return sqs.Queue(
        scope, construct_id,
        queue_name=queue_name,
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        visibility_timeout=visibility_timeout,
        dead_letter_queue=dead_letter,
        retention_period=retention,
        removal_policy=removal_policy,
    )


def dlq_depth_alarm(scope: Construct, construct_id: str, dlq: sqs.IQueue,
                    topic: sns.ITopic | None) -> cloudwatch.Alarm:
    """Any message in a DLQ is an incident: alarm at depth >= 1."""
    alarm = cloudwatch.Alarm(
        scope, construct_id,
        alarm_description=f"Messages in dead-letter queue {dlq.queue_name}",
        metric=dlq.metric_approximate_number_of_messages_visible(period=Duration.minutes(1),
                                                                statistic="Maximum"),
        threshold=1,
        evaluation_periods=1,
        comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
    )
    if topic is not None:
        alarm.add_alarm_action(cw_actions.SnsAction(topic))
    return alarm


def oldest_message_alarm(scope: Construct, construct_id: str, queue: sqs.IQueue, threshold_s: int,
                         topic: sns.ITopic | None) -> cloudwatch.Alarm:
    """Messages waiting longer than ``threshold_s``: the consumers are gone or too few."""
    alarm = cloudwatch.Alarm(
        scope, construct_id,
        alarm_description=f"Oldest message in {queue.queue_name} is older than {threshold_s} s",
        metric=queue.metric_approximate_age_of_oldest_message(period=Duration.minutes(1), statistic="Maximum"),
        threshold=threshold_s,
        evaluation_periods=1,  # one minute whose oldest message is past the threshold is already the incident
        comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
    )
    if topic is not None:
        alarm.add_alarm_action(cw_actions.SnsAction(topic))
    return alarm
