"""What every service shares: the event bus (+ archive), the REST API shell, the secrets, the alarm topic and the
stage's SES sender identity. Other stacks find each by its deterministic name (``infra.cdk.references``), the REST
API's ids through SSM parameters: this stack exports nothing."""

from __future__ import annotations

from collections.abc import Iterable

from aws_cdk import CfnOutput, Duration, Fn, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct
from design_agent import cors, gateway_responses
from design_agent.spec import PROJECT, Service, event_bus_name, resource_name

from infra.cdk import references
from infra.cdk.nag import acknowledge
from infra.cdk.references import alarm_topic_name, publish_rest_api
from infra.cdk.settings import StageSettings

PROBLEM_JSON = "application/problem+json"
EXPOSED = ",".join(gateway_responses.CORS_EXPOSE_HEADERS)


class PlatformStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, settings: StageSettings,
                 services: Iterable[Service], **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.settings = settings
        services = tuple(services)

        self.bus = events.EventBus(self, "Bus", event_bus_name=event_bus_name(settings.name))
        # every event of the bus (each carries this account): `aws events start-replay` re-sends a time window
        self.archive = self.bus.archive("Archive", archive_name=resource_name(settings.name, "events"),
                                        event_pattern=events.EventPattern(account=[self.account]),
                                        retention=Duration.days(settings.event_archive_days),
                                        description="All platform events, for replay and audit")
        CfnOutput(self, "EventArchiveName", value=self.archive.archive_name,
                  description=f"replay source (kept {settings.event_archive_days} days)")
        CfnOutput(self, "EventBusName", value=self.bus.event_bus_name)

        self.email_identity: ses.EmailIdentity | None = None
        if any(svc.email_templates or any(op.sends_email for op in svc.operations) for svc in services):
            self.email_identity = self._email_identity(settings)

        # CloudWatch cannot publish to a topic encrypted with the AWS-managed aws/sns key (its key policy does not
        # let cloudwatch.amazonaws.com use it, and it cannot be edited): the topic has its own key that does
        alarm_key = kms.Key(self, "AlarmsKey", alias=f"alias/{alarm_topic_name(settings.name)}",
                            enable_key_rotation=True, removal_policy=settings.removal_policy,
                            description=f"{PROJECT} {settings.name}: encrypts the alarm topic")
        alarm_key.add_to_resource_policy(iam.PolicyStatement(
            actions=["kms:Decrypt", "kms:GenerateDataKey*"],
            principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
            resources=["*"],  # in a key policy, "*" is this key
            conditions={"StringEquals": {"aws:SourceAccount": self.account}}))
        self.alarm_topic = sns.Topic(
            self, "Alarms", topic_name=alarm_topic_name(settings.name), enforce_ssl=True, master_key=alarm_key)
        if settings.alarm_email:
            self.alarm_topic.add_subscription(subscriptions.EmailSubscription(settings.alarm_email))
        # the alarms of every stack of the stage (this account's CloudWatch) publish here, found by the topic's name
        self.alarm_topic.add_to_resource_policy(iam.PolicyStatement(
            actions=["sns:Publish"], principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
            resources=[self.alarm_topic.topic_arn],
            conditions={"StringEquals": {"aws:SourceAccount": self.account}}))
        CfnOutput(self, "AlarmTopicArn", value=self.alarm_topic.topic_arn,
                  description="alarms of the stage (subscribe with alarm_email in cdk.json, or any SNS subscription)")

        self.secrets: dict[str, secretsmanager.ISecret] = {}
        for service in services:
            for secret in service.secrets:
                # no literal value: a random string generated at deployment (a rotated secret's rotation function
                # then writes the real key set; an unrotated one, such as the cursor key, is that string)
                created = secretsmanager.Secret(
                    self, f"Secret-{secret.name}",
                    secret_name=secret.physical_name(settings.name),
                    description=f"{service.name}: {secret.name} (" + (
                        "written by its rotation function)" if secret.rotated else "generated at deployment)"),
                    generate_secret_string=secretsmanager.SecretStringGenerator(exclude_punctuation=True,
                                                                                password_length=64),
                    removal_policy=settings.removal_policy,
                )
                acknowledge(created, "AwsSolutions-SMG4",
                            f"rotated by the {service.name} stack's RotationSchedule (rotation function lives "
                            "with its service; a schedule here would make the platform depend on services)"
                            if secret.rotated else
                            "a key only this platform reads (page cursors): changing it ends every outstanding "
                            "cursor, so it changes by hand (docs/decisions.md), not on a schedule")
                self.secrets[secret.name] = created

        origins = references.console_origins(self, settings.name, settings.console_extra_origins)
        self.api = apigw.RestApi(
            self, "Api",
            rest_api_name=resource_name(settings.name, "api"),
            description=f"{PROJECT} REST API ({settings.name}); routes and stage live in the API stack",
            deploy=False,  # the API stack owns routes, deployment and stage (no cross-stack cycles)
            cloud_watch_role=True,  # account-level role so the stage can write access and execution logs
            cloud_watch_role_removal_policy=settings.removal_policy,
            binary_media_types=list(gateway_responses.BINARY_MEDIA_TYPES),
            endpoint_types=[apigw.EndpointType.REGIONAL],
            default_cors_preflight_options=cors_options(origins),
        )
        for response in gateway_responses.ALL:
            self.api.add_gateway_response(
                f"Response-{response.response_type}",
                type=apigw.ResponseType.of(response.response_type),
                status_code=str(response.status),
                # one static value per gateway response: the console's own origin (a 401 it must read to renew)
                response_headers={"Content-Type": f"'{PROBLEM_JSON}'",
                                  "Access-Control-Allow-Origin": Fn.join("", ["'", origins[0], "'"]),
                                  "Access-Control-Expose-Headers": f"'{EXPOSED}'",
                                  "Vary": "'Origin'",
                                  **{name: f"'{value}'" for name, value in response.headers.items()}},
                templates={PROBLEM_JSON: response.template, "application/json": response.template},
            )
        publish_rest_api(self, settings.name, self.api)
        acknowledge(self.api, "AwsSolutions-APIG2",
                    "bodies are validated by each handler's pydantic model, answering 422 problem+json with the "
                    "field path; an API Gateway model would duplicate that schema")
        acknowledge(self.api, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                              "AmazonAPIGatewayPushToCloudWatchLogs]",
                    "the account-level API Gateway logging role: AWS's managed policy is the documented one")


    def _email_identity(self, settings: StageSettings) -> ses.EmailIdentity:
        """One sender identity per stage (SES identities are per account and region, so never one per service);
        services address it by its deterministic ARN (``realtime.sender_identity_arn``), not by an export."""
        if settings.email_identity == "domain":
            identity = ses.EmailIdentity(self, "EmailSender", identity=ses.Identity.domain(
                settings.email_identity_name))
            for i, record in enumerate(identity.dkim_records, start=1):  # publish these CNAMEs to verify it
                CfnOutput(self, f"EmailDkimRecord{i}", value=Fn.join(" CNAME ", [record.name, record.value]))
        else:  # SES mails a verification link to the address
            identity = ses.EmailIdentity(self, "EmailSender", identity=ses.Identity.email(settings.email_sender))
        CfnOutput(self, "EmailSenderAddress", value=settings.email_sender,
                  description=f"From address of the stage's mail (SES identity: {settings.email_identity_name})")
        return identity


def cors_options(origins: list[str]) -> apigw.CorsOptions:
    """Preflights answer the stage's console origins only (``design_agent.cors``; never ``*``)."""
    return apigw.CorsOptions(allow_origins=origins, allow_methods=apigw.Cors.ALL_METHODS,
                             allow_headers=list(gateway_responses.CORS_ALLOW_HEADERS),
                             expose_headers=list(gateway_responses.CORS_EXPOSE_HEADERS),
                             max_age=Duration.seconds(cors.MAX_AGE_S))
