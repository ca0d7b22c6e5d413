"""The WebSocket API and SES e-mail of a service that declares WEBSOCKET routes, e-mail templates or senders.

Both live in the stack of the service that declares them, next to the functions that use them, so no
cross-stack export ties that service to another. The one SES sender identity of the stage lives in the platform
stack (identities are per account and region) and is addressed here by its deterministic ARN.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_ses as ses
from constructs import Construct
from design_agent.spec import Service, resource_name

from infra.cdk import references
from infra.cdk.constructs.operation_function import OperationFunction
from infra.cdk.nag import acknowledge
from infra.cdk.settings import StageSettings

ROUTE_SELECTION = "$request.body.action"
CONNECTION_METHODS = ("POST", "DELETE", "GET")  # post_to_connection, delete_connection, get_connection
# SendTemplatedEmail is what the services use; SendEmail for plain mail from the same sender
SES_SEND = ("ses:SendEmail", "ses:SendTemplatedEmail")
ACCESS_LOG_FORMAT = ('{"requestId":"$context.requestId","connectionId":"$context.connectionId",'
                     '"routeKey":"$context.routeKey","eventType":"$context.eventType","status":"$context.status",'
                     '"ip":"$context.identity.sourceIp","error":"$context.error.message",'
                     '"integrationError":"$context.integration.error"}')


class WebSocketApi(Construct):
    """One WebSocket API per stage: a route per WEBSOCKET operation, an auto-deployed stage with throttling and
    JSON access logs, and ``execute-api:ManageConnections`` (this API's stage only) for the operations that push."""

    def __init__(self, scope: Construct, construct_id: str, *, service: Service, settings: StageSettings,
                 functions: Mapping[str, OperationFunction]) -> None:
        super().__init__(scope, construct_id)
        routes = {str(op.route): functions[op.name] for op in service.websocket_operations}
        missing = {"$connect", "$disconnect", "$default"} - set(routes)
        if missing:
            raise ValueError(f"{service.name}: a WebSocket API needs the routes {sorted(missing)}")

        def options(route: str) -> apigwv2.WebSocketRouteOptions:
            fn = routes[route]
            return apigwv2.WebSocketRouteOptions(integration=integrations.WebSocketLambdaIntegration(
                f"Integration-{fn.operation.name}", fn.function))

        self.api = apigwv2.WebSocketApi(
            self, "Api", api_name=resource_name(settings.name, service.name, "ws"),
            description=f"{service.name} WebSocket API ({settings.name})",
            route_selection_expression=ROUTE_SELECTION,
            connect_route_options=options("$connect"), disconnect_route_options=options("$disconnect"),
            default_route_options=options("$default"))
        for route in sorted(set(routes) - {"$connect", "$disconnect", "$default"}):
            self.api.add_route(route, integration=options(route).integration)
        self.stage = apigwv2.WebSocketStage(
            self, "Stage", web_socket_api=self.api, stage_name=settings.name, auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(rate_limit=settings.throttle_rate_rps,
                                              burst_limit=settings.throttle_burst))
        access_logs = logs.LogGroup(self, "AccessLogs", retention=settings.log_retention,
                                    removal_policy=settings.removal_policy)
        cfn_stage = self.stage.node.default_child
        assert isinstance(cfn_stage, apigwv2.CfnStage)
        cfn_stage.access_log_settings = apigwv2.CfnStage.AccessLogSettingsProperty(
            destination_arn=access_logs.log_group_arn, format=ACCESS_LOG_FORMAT)
        for child in self.api.node.children:
            acknowledge(child, "AwsSolutions-APIG4",
                        "$connect's own function verifies the access token (?token=) and refuses the handshake "
                        "(docs/decisions.md); messages flow only on a connection it accepted")
        stack = Stack.of(self)
        # this API's this stage only, and only the three @connections methods (post, delete, get info)
        connections = [stack.format_arn(service="execute-api", resource=self.api.api_id,
                                        resource_name=f"{settings.name}/{method}/@connections/*")
                       for method in CONNECTION_METHODS]
        for fn in functions.values():
            if fn.operation.manages_connections:
                fn.role.add_to_policy(iam.PolicyStatement(actions=["execute-api:ManageConnections"],
                                                          resources=connections))
                fn.function.add_environment("WEBSOCKET_CALLBACK_URL", self.stage.callback_url)
                for method in CONNECTION_METHODS:
                    acknowledge(fn.role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:"
                                         f"<AWS::Region>:<AWS::AccountId>:<{_logical_id(self.api)}>/"
                                         f"{settings.name}/{method}/@connections/*]",
                                f"{method} on any connection of this one WebSocket API stage: connection ids are "
                                "not known at deploy time")
        CfnOutput(scope, "WebSocketUrl", value=self.stage.url, description="wss://... ?token=<access token>")
        references.publish(scope, settings.name, references.WEBSOCKET_URL, self.stage.url,
                           "the console content stack, for the console's config.json")


def sender_identity_arns(scope: Construct, settings: StageSettings) -> list[str]:
    """The stage's sender identity (created once, in the platform stack) by its deterministic ARN. SES checks
    the identity of the From address: the address, or its domain when the domain is the verified identity."""
    stack = Stack.of(scope)
    names = dict.fromkeys((settings.email_sender, settings.email_identity_name))
    return [stack.format_arn(service="ses", resource="identity", resource_name=name) for name in names]


class Email(Construct):
    """The service's SES templates, and send rights limited to the stage's sender and these templates."""

    def __init__(self, scope: Construct, construct_id: str, *, service: Service, settings: StageSettings,
                 functions: Mapping[str, OperationFunction]) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.templates: list[ses.CfnTemplate] = []
        template_arns = []
        for template in service.email_templates:
            name = template.physical_name(settings.name)
            self.templates.append(ses.CfnTemplate(
                self, f"Template-{template.name}", template=ses.CfnTemplate.TemplateProperty(
                    template_name=name, subject_part=template.subject, text_part=template.text,
                    html_part=template.html)))
            template_arns.append(stack.format_arn(service="ses", resource="template", resource_name=name))
        send = iam.PolicyStatement(
            actions=list(SES_SEND), resources=[*sender_identity_arns(self, settings), *template_arns],
            # and only as the stage's sender, whatever identity the address belongs to
            conditions={"StringEquals": {"ses:FromAddress": settings.email_sender}})
        for fn in functions.values():
            if fn.operation.sends_email:
                fn.function.add_environment("EMAIL_SENDER", settings.email_sender)
                fn.role.add_to_policy(send)


def _logical_id(construct: Construct) -> str:
    default = construct.node.default_child
    assert default is not None
    return Stack.of(construct).get_logical_id(default)  # type: ignore[arg-type]


def render(scope: Construct, service: Service, settings: StageSettings,
           functions: Mapping[str, OperationFunction]) -> None:
    if service.websocket_operations:
        WebSocketApi(scope, "WebSocket", service=service, settings=settings, functions=functions)
    elif any(op.manages_connections for op in service.operations):
        raise ValueError(f"{service.name}: manages_connections needs the service's own WebSocket routes "
                         "(the API whose connections it manages)")
    if service.email_templates or any(op.sends_email for op in service.operations):
        Email(scope, "Email", service=service, settings=settings, functions=functions)
