"""Resources of another stack, addressed by deterministic names, never by a CloudFormation export.

A reference passed between CDK stacks as an object becomes an ``Export`` in one template and an
``Fn::ImportValue`` in the other; CloudFormation then refuses to change or delete that export while it is
imported, so a layer, a route or a function could not change without redeploying both stacks in a fixed order
(docs/decisions.md, 30). Every stack therefore addresses what it needs from another one:

- by its physical name, which the naming rule of ``design_agent.spec`` fixes (the bus, the alarm topic, a secret,
  a function, a table), turned into an ARN in the referencing stack; or
- when the identifier is chosen by AWS (the REST API's id and root resource), by an SSM parameter the owning
  stack writes under ``/design-agent/<stage>/platform/`` and the referencing stack resolves at deploy time.

The stack ordering ``cdk deploy --all`` needs (platform, then services, then the API) is declared with
``add_dependency``, which orders deployments without tying templates together.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_events as events
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_ssm as ssm
from constructs import Construct
from design_agent.spec import PROJECT, Secret, event_bus_name, function_name, resource_name

PLATFORM = "platform"  # the SSM path segment of the platform's own parameters (no service may take this name)
REST_API_ID = "rest-api-id"
REST_API_ROOT_RESOURCE_ID = "rest-api-root-resource-id"
CONSOLE_ORIGIN = "console-origin"  # https://<the console's CloudFront domain> (the console site stack writes it)
CONSOLE_DISTRIBUTION_ID = "console-distribution-id"
WEBSOCKET_URL = "websocket-url"  # wss://... of the WebSocket API's stage (the notifications stack writes it)


def platform_parameter(stage: str, name: str) -> str:
    """``/design-agent/<stage>/platform/<name>``: outside every service's configuration path (decision 25)."""
    return f"/{PROJECT}/{stage}/{PLATFORM}/{name}"


def alarm_topic_name(stage: str) -> str:
    return resource_name(stage, "alarms")


def event_bus(scope: Construct, stage: str) -> events.IEventBus:
    return events.EventBus.from_event_bus_name(scope, "PlatformBus", event_bus_name(stage))


def alarm_topic(scope: Construct, stage: str) -> sns.ITopic:
    arn = Stack.of(scope).format_arn(service="sns", resource=alarm_topic_name(stage),
                                     arn_format=ArnFormat.NO_RESOURCE_NAME)
    return sns.Topic.from_topic_arn(scope, "PlatformAlarms", arn)


def secret(scope: Construct, stage: str, spec: Secret) -> secretsmanager.ISecret:
    """By name: grants name ``<name>-??????`` (the suffix Secrets Manager appends), callers pass the name."""
    return secretsmanager.Secret.from_secret_name_v2(scope, f"PlatformSecret-{spec.name}", spec.physical_name(stage))


def function(scope: Construct, stage: str, service: str, operation: str) -> lambda_.IFunction:
    """A function of a service stack by its deterministic ARN; permissions added to it are created in ``scope``'s
    stack."""
    stack = Stack.of(scope)
    arn = stack.format_arn(service="lambda", resource="function", arn_format=ArnFormat.COLON_RESOURCE_NAME,
                           resource_name=function_name(stage, service, operation))
    return lambda_.Function.from_function_attributes(scope, f"Fn-{service}-{operation}", function_arn=arn,
                                                     same_environment=True)


def publish_rest_api(scope: Construct, stage: str, api: apigw.IRestApi) -> None:
    """Written by the platform stack, next to the REST API whose ids they carry."""
    for construct_id, name, value in (("RestApiIdParameter", REST_API_ID, api.rest_api_id),
                                      ("RestApiRootParameter", REST_API_ROOT_RESOURCE_ID,
                                       api.rest_api_root_resource_id)):
        ssm.StringParameter(scope, construct_id, parameter_name=platform_parameter(stage, name), string_value=value,
                            description=f"{PROJECT} {stage}: {name} (read by the API stack at deploy time)")


def rest_api(scope: Construct, stage: str) -> apigw.IRestApi:
    """The platform's REST API, its ids resolved from SSM parameters when the referencing stack deploys."""
    def value(name: str) -> str:
        return ssm.StringParameter.value_for_string_parameter(scope, platform_parameter(stage, name))

    return apigw.RestApi.from_rest_api_attributes(scope, "Api", rest_api_id=value(REST_API_ID),
                                                  root_resource_id=value(REST_API_ROOT_RESOURCE_ID))


def publish(scope: Construct, stage: str, name: str, value: str, reader: str) -> ssm.StringParameter:
    """An id or address AWS chooses, written by the stack that owns it, for ``reader`` to resolve at deploy time."""
    return ssm.StringParameter(scope, f"Parameter-{name}", parameter_name=platform_parameter(stage, name),
                               string_value=value, description=f"{PROJECT} {stage}: {name} (read by {reader})")


def resolved(scope: Construct, stage: str, name: str) -> str:
    """A parameter another stack publishes, resolved when ``scope``'s stack deploys (a token here)."""
    return ssm.StringParameter.value_for_string_parameter(scope, platform_parameter(stage, name))


def console_origins(scope: Construct, stage: str, extra: tuple[str, ...]) -> list[str]:
    """The origins the stage's CORS allows: its console (CloudFront, published by the console site stack, which
    deploys first) and the stage's extra origins from cdk.json."""
    return [resolved(scope, stage, CONSOLE_ORIGIN), *extra]
