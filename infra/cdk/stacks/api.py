"""Routes, authorizer, deployment and stage of the platform's REST API.

Deployed after the service stacks and the platform, never the other way round, and tied to them by no export:
the API shell is found through the SSM parameters the platform writes, each function by its deterministic ARN
with ``same_environment``, so every invoke permission is created here, in this stack.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from aws_cdk import CfnOutput, Duration, Fn, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct
from design_agent import gateway_responses
from design_agent.spec import Auth, Operation, Service, SourceLimit, Trigger, resource_name

from infra.cdk import references
from infra.cdk.nag import acknowledge
from infra.cdk.settings import StageSettings
from infra.cdk.stacks.platform import cors_options

AUTHORIZATION_HEADER = "Authorization"
API_PREFIX = "/api/v1"  # every route of every service lives under it
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "extendedRequestId": "$context.extendedRequestId",
    "ip": "$context.identity.sourceIp",
    "userAgent": "$context.identity.userAgent",
    "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "path": "$context.path",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency",
    "integrationLatency": "$context.integrationLatency",
    "principalId": "$context.authorizer.principalId",
    "error": "$context.error.message",
    "errorType": "$context.error.responseType",
    "xrayTraceId": "$context.xrayTraceId",
    "stage": "$context.stage",
}
# the API's 429 answers (stage and route throttling, and any limit a handler enforces), counted from the access log:
# API Gateway publishes no throttle metric of its own
THROTTLED_METRIC = "ApiThrottled"
METRICS_NAMESPACE = "DesignAgent"
# AWSManagedRulesCommonRuleSet blocks bodies over 8 KB; this API takes up to 10 MB (base64 uploads, whole posters)
# and each handler validates its body, so that one rule only counts
COMMON_RULES_COUNT_ONLY = ("SizeRestrictions_BODY",)
MANAGED_RULE_GROUPS = ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                       "AWSManagedRulesAmazonIpReputationList")


_Waf = wafv2.CfnWebACL
_NO_TRANSFORMATION = _Waf.TextTransformationProperty(priority=0, type="NONE")


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(cloud_watch_metrics_enabled=True, metric_name=name,
                                                    sampled_requests_enabled=True)


def _path_ends_with(path: str) -> wafv2.CfnWebACL.StatementProperty:
    return _Waf.StatementProperty(byte_match_statement=_Waf.ByteMatchStatementProperty(
        field_to_match=_Waf.FieldToMatchProperty(uri_path={}), positional_constraint="ENDS_WITH", search_string=path,
        text_transformations=[_NO_TRANSFORMATION]))


def _per_source_rule(limit: SourceLimit, paths: list[str], priority: int) -> wafv2.CfnWebACL.RuleProperty:
    name = f"public-{limit.requests}-per-{limit.window_s}s"
    matches = [_path_ends_with(path) for path in paths]
    scope = matches[0] if len(matches) == 1 else _Waf.StatementProperty(
        or_statement=_Waf.OrStatementProperty(statements=matches))
    per_address_and_path = [_Waf.RateBasedStatementCustomKeyProperty(ip={}), _Waf.RateBasedStatementCustomKeyProperty(
        uri_path=_Waf.RateLimitUriPathProperty(text_transformations=[_NO_TRANSFORMATION]))]
    return _Waf.RuleProperty(
        name=name, priority=priority, action=_Waf.RuleActionProperty(block={}),
        statement=_Waf.StatementProperty(rate_based_statement=_Waf.RateBasedStatementProperty(
            limit=limit.requests, evaluation_window_sec=limit.window_s, aggregate_key_type="CUSTOM_KEYS",
            custom_keys=per_address_and_path, scope_down_statement=scope)),
        visibility_config=_visibility(name))


def execution_log_group_name(rest_api_id: str, stage: str) -> str:
    """Where API Gateway writes a stage's execution logs (it creates the group, without retention, if absent)."""
    return Fn.join("", ["API-Gateway-Execution-Logs_", rest_api_id, f"/{stage}"])


class ApiStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, settings: StageSettings,
                 services: Iterable[Service], **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.settings = settings
        services = tuple(services)
        self.api = references.rest_api(self, settings.name)
        self._imported: dict[tuple[str, str], lambda_.IFunction] = {}
        self._resources: dict[str, apigw.IResource] = {"/": self.api.root}
        self._cors = cors_options(references.console_origins(self, settings.name, settings.console_extra_origins))
        self.authorizer = self._authorizer(services)

        self.methods: dict[tuple[str, str], apigw.Method] = {}
        for service in services:
            for op in service.http_operations:
                self.methods[(service.name, op.name)] = self._route(service, op)

        deployment = apigw.Deployment(self, "Deployment", api=self.api,
                                      description=f"{settings.name}: {len(self.methods)} routes")
        # a new deployment (new logical id) whenever a route, its auth or the gateway responses change
        deployment.add_to_logical_id({
            "routes": sorted(f"{op.method} {op.path} {op.auth} {svc}.{op.name}"
                             for svc in services for op in svc.http_operations),
            "responses": [r.template for r in gateway_responses.ALL],
            "authorizerTtl": settings.authorizer_cache_ttl_s,
        })
        # on the methods and resources themselves, not their children (the invoke permissions reference the
        # stage, which references this deployment)
        deployment.node.add_dependency(*(c for c in self.node.find_all()
                                         if isinstance(c, apigw.CfnMethod | apigw.CfnResource)))

        access_logs = logs.LogGroup(self, "AccessLogs",
                                    log_group_name=f"/aws/apigateway/{resource_name(settings.name, 'api')}/access",
                                    retention=settings.log_retention,
                                    removal_policy=settings.removal_policy)
        logs.MetricFilter(self, "ThrottledRequests", log_group=access_logs, metric_namespace=METRICS_NAMESPACE,
                          metric_name=THROTTLED_METRIC, metric_value="1",
                          filter_pattern=logs.FilterPattern.string_value("$.status", "=", "429"),
                          dimensions={"stage": "$.stage"})
        # created before the stage, so API Gateway writes its execution logs into a group with the stage's retention
        execution_logs = logs.LogGroup(self, "ExecutionLogs",
                                       log_group_name=execution_log_group_name(self.api.rest_api_id, settings.name),
                                       retention=settings.log_retention, removal_policy=settings.removal_policy)
        self.stage = apigw.Stage(
            self, "Stage",
            deployment=deployment,
            stage_name=settings.name,
            tracing_enabled=settings.tracing,
            throttling_rate_limit=settings.throttle_rate_rps,
            throttling_burst_limit=settings.throttle_burst,
            method_options={  # stricter per-route limits declared by the services (e.g. login, register)
                f"{op.path}/{op.method}": apigw.MethodDeploymentOptions(
                    throttling_rate_limit=op.throttle.rate_rps, throttling_burst_limit=op.throttle.burst)
                for svc in services for op in svc.http_operations if op.throttle is not None},
            logging_level=apigw.MethodLoggingLevel.ERROR,
            metrics_enabled=True,
            access_log_destination=apigw.LogGroupLogDestination(access_logs),
            access_log_format=apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FORMAT)),
        )
        self.stage.node.add_dependency(execution_logs)
        self.api.deployment_stage = self.stage
        CfnOutput(self, "ApiBaseUrl", value=self.stage.url_for_path(API_PREFIX),
                  description=f"the stage's REST API: {API_PREFIX}/<service>/..., OpenAPI at "
                              f"{API_PREFIX}/openapi.json")
        self._waf(services)

    # authorizer ------------------------------------------------------------------------------------------
    def _authorizer(self, services: tuple[Service, ...]) -> apigw.RequestAuthorizer | None:
        found = [(svc, op) for svc in services for op in svc.operations if op.trigger is Trigger.AUTHORIZER]
        needs_auth = any(op.auth is not Auth.NONE for svc in services for op in svc.http_operations)
        if len(found) > 1:
            raise ValueError(f"more than one AUTHORIZER operation: {[f'{s.name}.{o.name}' for s, o in found]}")
        if not found:
            if needs_auth:
                raise ValueError("an HTTP operation needs auth but no service declares an AUTHORIZER operation")
            return None
        service, op = found[0]
        return apigw.RequestAuthorizer(
            self, "Authorizer",
            authorizer_name=resource_name(self.settings.name, service.name, op.function_id),
            handler=self._function(service, op),
            identity_sources=[apigw.IdentitySource.header(AUTHORIZATION_HEADER)],
            results_cache_ttl=Duration.seconds(self.settings.authorizer_cache_ttl_s),
        )

    # routes ----------------------------------------------------------------------------------------------
    def _route(self, service: Service, op: Operation) -> apigw.Method:
        if op.method is None or op.path is None:
            raise ValueError(f"{service.name}.{op.name}: an HTTP operation needs method and path")
        integration = apigw.LambdaIntegration(
            self._function(service, op), allow_test_invoke=False,
            timeout=Duration.seconds(min(op.timeout_s, gateway_responses.INTEGRATION_TIMEOUT_S)))
        secured = op.auth is not Auth.NONE
        method = self._resource(op.path).add_method(
            op.method.upper(), integration,
            operation_name=f"{service.name}.{op.name}",
            authorizer=self.authorizer if secured else None,
            authorization_type=apigw.AuthorizationType.CUSTOM if secured else apigw.AuthorizationType.NONE,
        )
        if secured:
            acknowledge(method, "AwsSolutions-COG4",
                        "authorized by the JWT REQUEST authorizer (decision 4: ES256 keys in Secrets Manager, "
                        "revocation checks), not by Cognito")
        else:
            acknowledge(method, "AwsSolutions-APIG4",
                        f"{op.method} {op.path} is public by design (auth=NONE in the service description)")
            acknowledge(method, "AwsSolutions-COG4",
                        f"{op.method} {op.path} is public by design (auth=NONE in the service description)")
        return method

    def _resource(self, path: str) -> apigw.IResource:
        """The resource of ``path``, creating parents as needed; each new resource answers CORS preflights."""
        if path in self._resources:
            return self._resources[path]
        parent_path, _, part = path.rstrip("/").rpartition("/")
        parent = self._resource(parent_path or "/")
        resource = parent.get_resource(part) or parent.add_resource(
            part, default_cors_preflight_options=self._cors)
        self._resources[path] = resource
        return resource

    def _function(self, service: Service, op: Operation) -> lambda_.IFunction:
        """An in-stack reference, so ``add_permission`` puts the permission here, not in the service stack."""
        key = (service.name, op.name)
        if key not in self._imported:
            self._imported[key] = references.function(self, self.settings.name, service.name, op.name)
        return self._imported[key]

    # WAF -------------------------------------------------------------------------------------------------
    def _waf(self, services: tuple[Service, ...]) -> None:
        """Every stage: the per-source limits of the public routes (one rate-based rule per limit, counted per
        client address and path). Stages with ``waf``: also a per-IP rate rule over everything and AWS's managed
        rule groups."""
        rules = self._per_source_rules(services)
        if self.settings.waf:
            rules.append(wafv2.CfnWebACL.RuleProperty(
                name="rate-per-ip", priority=len(rules), action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                statement=wafv2.CfnWebACL.StatementProperty(
                    rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                        limit=self.settings.waf_rate_limit_per_5min, aggregate_key_type="IP")),
                visibility_config=_visibility("rate-per-ip")))
            rules += [self._managed_rules(group, priority, _visibility)
                      for priority, group in enumerate(MANAGED_RULE_GROUPS, start=len(rules))]
        acl = wafv2.CfnWebACL(
            self, "WebAcl",
            name=resource_name(self.settings.name, "api"),
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility("api"),
            rules=rules,
        )
        wafv2.CfnWebACLAssociation(self, "WebAclAssociation", resource_arn=self.stage.stage_arn,
                                   web_acl_arn=acl.attr_arn)

    @staticmethod
    def _per_source_rules(services: tuple[Service, ...]) -> list[wafv2.CfnWebACL.RuleProperty]:
        """One rate-based rule per distinct ``SourceLimit``: counted per (client IP, URI path), scoped down to the
        public routes that have that limit (matched by the end of the path, which the stage prefixes)."""
        groups: dict[SourceLimit, set[str]] = {}
        for op in (op for svc in services for op in svc.http_operations):
            if (limit := op.per_source_limit) is not None and op.path is not None:
                if "{" in op.path:
                    raise ValueError(f"{op.name}: a per-source limit on a templated path needs a regex match")
                groups.setdefault(limit, set()).add(op.path)
        ordered = sorted(groups.items(), key=lambda group: (group[0].requests, group[0].window_s))
        return [_per_source_rule(limit, sorted(paths), priority) for priority, (limit, paths) in enumerate(ordered)]

    @staticmethod
    def _managed_rules(group: str, priority: int, visibility: Callable[[str], wafv2.CfnWebACL.VisibilityConfigProperty],
                       ) -> wafv2.CfnWebACL.RuleProperty:
        overrides = [wafv2.CfnWebACL.RuleActionOverrideProperty(
            name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={}))
            for rule in COMMON_RULES_COUNT_ONLY] if group == "AWSManagedRulesCommonRuleSet" else None
        return wafv2.CfnWebACL.RuleProperty(
            name=group, priority=priority, override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                    vendor_name="AWS", name=group, rule_action_overrides=overrides)),
            visibility_config=visibility(group))
