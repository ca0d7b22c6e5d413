"""One dashboard and the stage-wide alarms: API 5xx rate, 429 rate and p99 latency, and Lambda errors and throttles
per service (the DLQ depth and oldest-message alarms live with each queue). The dashboard adds, per service, the
operations' own metrics (EMF, namespace ``DesignAgent``: ``Requests``, ``Errors``, ``ClientErrors``, ``Latency`` by
``service`` and ``operation``, published by ``design_agent.observability.invocation_metrics``) and, where the stage
has one, the web ACL's verdicts. Metrics are addressed by their deterministic names (the API's name and stage, each
function's name, the alarm topic's name), so this stack imports nothing from another stack and deploys alone."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_sns as sns
from constructs import Construct
from design_agent.spec import Service, function_name, resource_name

from infra.cdk import references
from infra.cdk.settings import StageSettings
from infra.cdk.stacks.api import METRICS_NAMESPACE, THROTTLED_METRIC

PERIOD = Duration.minutes(5)
FIVE_XX_RATE = 0.05  # of requests, over two periods
P99_LATENCY_MS = 5000
THROTTLE_RATE = 0.02  # of requests answered 429, over two periods
METRICS_PER_ALARM = 10  # CloudWatch's limit for a metric-math alarm


class ObservabilityStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, settings: StageSettings,
                 services: Sequence[Service], **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.settings = settings
        self.alarm_topic: sns.ITopic | None = references.alarm_topic(self, settings.name)
        api = {"ApiName": resource_name(settings.name, "api"), "Stage": settings.name}

        def api_metric(name: str, statistic: str, label: str) -> cloudwatch.Metric:
            return cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name=name, dimensions_map=api,
                                     statistic=statistic, period=PERIOD, label=label)

        requests = api_metric("Count", "Sum", "requests")
        errors_5xx = api_metric("5XXError", "Sum", "5xx")
        errors_4xx = api_metric("4XXError", "Sum", "4xx")
        latency_p99 = api_metric("Latency", "p99", "p99 latency")
        rate_5xx = cloudwatch.MathExpression(expression="IF(requests > 0, errors / requests, 0)", period=PERIOD,
                                             using_metrics={"errors": errors_5xx, "requests": requests},
                                             label="5xx rate")
        throttled = cloudwatch.Metric(namespace=METRICS_NAMESPACE, metric_name=THROTTLED_METRIC,
                                      dimensions_map={"stage": settings.name}, statistic="Sum", period=PERIOD,
                                      label="429")
        rate_429 = cloudwatch.MathExpression(
            expression="IF(requests > 0, FILL(throttled, 0) / requests, 0)", period=PERIOD,
            using_metrics={"throttled": throttled, "requests": requests}, label="429 rate")
        self.alarms = [
            self._alarm("Api5xxRate", rate_5xx, FIVE_XX_RATE, "API 5xx responses above 5 % of requests", 2),
            self._alarm("ApiThrottleRate", rate_429, THROTTLE_RATE,
                        "API 429 (throttled) responses above 2 % of requests", 2),
            self._alarm("ApiP99Latency", latency_p99, P99_LATENCY_MS, "API p99 latency above 5 s", 3),
        ]
        widgets: list[cloudwatch.IWidget] = [
            cloudwatch.GraphWidget(title="API requests and errors", left=[requests],
                                   right=[errors_4xx, throttled, errors_5xx], width=12),
            cloudwatch.GraphWidget(title="API latency", left=[api_metric("Latency", "p50", "p50"), latency_p99],
                                   width=12),
        ]
        if settings.waf:
            widgets.append(self._waf_widget())
        for service in services:
            names = [function_name(settings.name, service.name, op.name) for op in service.operations]
            for n, start in enumerate(range(0, len(names), METRICS_PER_ALARM), start=1):
                group = names[start:start + METRICS_PER_ALARM]
                suffix = f"{service.name.capitalize()}{n}"
                lambda_errors = self._sum("Errors", group, f"{service.name} errors ({n})")
                throttles = self._sum("Throttles", group, f"{service.name} throttles ({n})")
                self.alarms.append(self._alarm(f"LambdaErrors{suffix}", lambda_errors, 5,
                                               f"{service.name}: more than 5 Lambda errors in five minutes", 1))
                self.alarms.append(self._alarm(f"LambdaThrottles{suffix}", throttles, 0,
                                               f"{service.name}: a Lambda function was throttled", 1))
                widgets.append(cloudwatch.GraphWidget(title=f"{service.name} ({n}): errors and throttles",
                                                      left=[lambda_errors, throttles], width=8))
            widgets += self._operation_widgets(service.name)
        self.dashboard = cloudwatch.Dashboard(self, "Dashboard", dashboard_name=resource_name(settings.name),
                                              default_interval=Duration.hours(3))
        self.dashboard.add_widgets(*widgets)
        self.dashboard.add_widgets(cloudwatch.AlarmStatusWidget(title="Alarms", alarms=self.alarms, width=24))

    def _operation_widgets(self, service: str) -> list[cloudwatch.IWidget]:
        """The service's operations, one line each: a search, so an operation added later shows up by itself."""
        def per_operation(metric: str, statistic: str) -> cloudwatch.MathExpression:
            return cloudwatch.MathExpression(
                expression=f"SEARCH('Namespace=\"{METRICS_NAMESPACE}\" MetricName=\"{metric}\" "
                           f"stage=\"{self.settings.name}\" service=\"{service}\"', '{statistic}', "
                           f"{int(PERIOD.to_seconds())})",
                using_metrics={}, period=PERIOD, label=f"{metric} ${{PROP('Dim.operation')}}")

        return [
            cloudwatch.GraphWidget(title=f"{service}: requests and errors per operation",
                                   left=[per_operation("Requests", "Sum")],
                                   right=[per_operation("Errors", "Sum"), per_operation("ClientErrors", "Sum")],
                                   width=8),
            cloudwatch.GraphWidget(title=f"{service}: p99 latency per operation (ms)",
                                   left=[per_operation("Latency", "p99")], width=8),
        ]

    def _waf_widget(self) -> cloudwatch.IWidget:
        def verdicts(metric: str) -> cloudwatch.Metric:
            return cloudwatch.Metric(namespace="AWS/WAFV2", metric_name=metric, statistic="Sum", period=PERIOD,
                                     dimensions_map={"WebACL": resource_name(self.settings.name, "api"),
                                                     "Region": self.region, "Rule": "ALL"})

        return cloudwatch.GraphWidget(title="Web ACL: allowed and blocked requests",
                                      left=[verdicts("AllowedRequests")], right=[verdicts("BlockedRequests")],
                                      width=24)

    def _sum(self, metric: str, function_names: list[str], label: str) -> cloudwatch.MathExpression:
        """The sum of one Lambda metric over a service's functions."""
        using = {f"{metric.lower()}{n}": cloudwatch.Metric(namespace="AWS/Lambda", metric_name=metric, statistic="Sum",
                                            period=PERIOD, dimensions_map={"FunctionName": name})
                 for n, name in enumerate(function_names)}
        return cloudwatch.MathExpression(expression=f"SUM([{', '.join(using)}])", using_metrics=using,
                                         period=PERIOD, label=label)

    def _alarm(self, construct_id: str, metric: cloudwatch.IMetric, threshold: float, description: str,
               periods: int) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(self, construct_id, metric=metric, threshold=threshold, evaluation_periods=periods,
                                 alarm_description=f"{self.settings.name}: {description}",
                                 comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                                 treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING)
        if self.alarm_topic is not None:
            alarm.add_alarm_action(cw_actions.SnsAction(self.alarm_topic))
        return alarm
