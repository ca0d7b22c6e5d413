"""The stage's dashboard and alarms: API 5xx rate and p99 latency, Lambda errors and throttles of every
function, each alarm wired to the stage's alarm topic."""

from __future__ import annotations

import json

from design_agent.spec import function_name, resource_name

from functions.registry import SERVICES
from tests.infra.conftest import Synth


def test_dashboard_and_alarms_cover_the_api_and_every_function(dev: Synth) -> None:
    template = dev.template(resource_name("dev", "observability"))
    [dashboard] = template.find_resources("AWS::CloudWatch::Dashboard").values()
    assert dashboard["Properties"]["DashboardName"] == resource_name("dev")
    alarms = list(template.find_resources("AWS::CloudWatch::Alarm").values())
    rendered = [json.dumps(a["Properties"]) for a in alarms]
    assert any("5XXError" in r and "errors / requests" in r for r in rendered)
    assert any('"Latency"' in r and '"p99"' in r for r in rendered)
    covered_errors = " ".join(r for r in rendered if '"Errors"' in r)
    covered_throttles = " ".join(r for r in rendered if '"Throttles"' in r)
    for service in SERVICES:
        for op in service.operations:
            name = function_name("dev", service.name, op.name)
            assert f'"{name}"' in covered_errors, name
            assert f'"{name}"' in covered_throttles, name
    for alarm in alarms:
        assert alarm["Properties"]["AlarmActions"], "every alarm notifies the stage's topic"
        metrics = alarm["Properties"].get("Metrics", [])
        assert sum(1 for m in metrics if "MetricStat" in m) <= 10  # CloudWatch's metric-math alarm limit
