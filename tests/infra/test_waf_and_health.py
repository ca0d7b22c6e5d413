"""The edge and the health checks: the WAF web ACL of every stage (the public routes' per-source limits; in
the stages that enable ``waf`` also a per-IP rate rule and AWS managed rule groups), and each service's health
function allowed to check exactly its own tables and queues."""

from __future__ import annotations

from typing import Any

import pytest
from design_agent.spec import HEALTH_HANDLER, Auth, Operation, Service, resource_name

from functions.registry import SERVICES
from infra.cdk.stacks.api import COMMON_RULES_COUNT_ONLY, MANAGED_RULE_GROUPS
from tests.infra.conftest import Synth
from tests.infra.templates import _actions, _as_list, _function, _resources, _role_statements, _table_logical_id

pytestmark = pytest.mark.infra


@pytest.mark.parametrize("stage_fixture", ["dev", "staging", "prod"])
def test_web_acl_with_per_source_rules_everywhere_and_managed_groups_where_enabled(
        stage_fixture: str, request: pytest.FixtureRequest) -> None:
    synth: Synth = request.getfixturevalue(stage_fixture)
    settings = synth.built.settings
    template = synth.template(resource_name(synth.stage, "api"))
    [(acl_id, acl)] = [(k, v["Properties"]) for k, v in _resources(template, "AWS::WAFv2::WebACL").items()]
    assert (acl["Scope"], acl["DefaultAction"]) == ("REGIONAL", {"Allow": {}})
    rules = {r["Name"]: r for r in acl["Rules"]}
    assert len({r["Priority"] for r in acl["Rules"]}) == len(acl["Rules"])
    _assert_per_source_rules(rules)
    managed = {r["Statement"]["ManagedRuleGroupStatement"]["Name"]: r for r in acl["Rules"]
               if "ManagedRuleGroupStatement" in r["Statement"]}
    [association] = [a["Properties"] for a in _resources(template, "AWS::WAFv2::WebACLAssociation").values()]
    assert association["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    [stage_id] = _resources(template, "AWS::ApiGateway::Stage")
    assert {"Ref": stage_id} in association["ResourceArn"]["Fn::Join"][1]
    if not settings.waf:
        assert ("rate-per-ip" in rules, managed) == (False, {})
        return
    rate = rules["rate-per-ip"]
    assert rate["Action"] == {"Block": {}}
    assert rate["Statement"]["RateBasedStatement"] == {"Limit": settings.waf_rate_limit_per_5min,
                                                       "AggregateKeyType": "IP"}
    assert set(managed) == set(MANAGED_RULE_GROUPS) >= {"AWSManagedRulesCommonRuleSet"}
    for rule in managed.values():
        assert rule["OverrideAction"] == {"None": {}}  # the groups' own actions apply
        assert rule["Statement"]["ManagedRuleGroupStatement"]["VendorName"] == "AWS"
        assert rule["VisibilityConfig"]["CloudWatchMetricsEnabled"] is True
    # bodies up to 10 MB are legitimate here (base64 uploads, whole posters): the 8 KB body rule only counts
    overrides = managed["AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"][
        "RuleActionOverrides"]
    assert overrides == [{"Name": name, "ActionToUse": {"Count": {}}} for name in COMMON_RULES_COUNT_ONLY]


def _assert_per_source_rules(rules: dict[str, Any]) -> None:
    """Each public route's per-source limit is a rule counted per client IP and path, scoped to its paths."""
    public = [op for svc in SERVICES for op in svc.http_operations if op.auth is Auth.NONE]
    for op in public:
        limit = op.per_source_limit
        assert limit is not None
        rule = rules[f"public-{limit.requests}-per-{limit.window_s}s"]
        assert rule["Action"] == {"Block": {}}
        statement = rule["Statement"]["RateBasedStatement"]
        assert (statement["Limit"], statement["EvaluationWindowSec"]) == (limit.requests, limit.window_s)
        assert statement["AggregateKeyType"] == "CUSTOM_KEYS"
        assert [next(iter(key)) for key in statement["CustomKeys"]] == ["IP", "UriPath"]
        scope = statement["ScopeDownStatement"]
        matches = [s["ByteMatchStatement"] for s in scope["OrStatement"]["Statements"]] if "OrStatement" in scope \
            else [scope["ByteMatchStatement"]]
        assert {"SearchString": op.path, "PositionalConstraint": "ENDS_WITH", "FieldToMatch": {"UriPath": {}},
                "TextTransformations": [{"Priority": 0, "Type": "NONE"}]} in matches, op.name


HEALTH = [(svc, op) for svc in SERVICES for op in svc.operations if op.handler == HEALTH_HANDLER]


def test_every_service_but_the_gateway_has_a_health_check() -> None:
    # the gateway's own /api/v1/health answers for the platform as a whole
    assert {s.name for s in SERVICES} - {svc.name for svc, _ in HEALTH} <= {"gateway"}


@pytest.mark.parametrize(("svc", "op"), HEALTH, ids=[svc.name for svc, _ in HEALTH])
def test_health_checks_exactly_its_own_tables_and_queues(dev: Synth, svc: Service, op: Operation) -> None:
    assert op.tables == {t.name: "read" for t in svc.tables}
    assert set(op.watches) == {q.name for q in svc.queues}
    template, _, fn = _function(dev, svc, op)
    statements = _role_statements(template, fn["Properties"]["Role"]["Fn::GetAtt"][0])
    env = fn["Properties"]["Environment"]["Variables"]
    for table in svc.tables:
        table_id = _table_logical_id(template, table.name, "dev")
        assert env[table.env_var] == {"Ref": table_id}
        assert any("dynamodb:DescribeTable" in _actions(s) and {"Fn::GetAtt": [table_id, "Arn"]} in
                   _as_list(s["Resource"]) for s in statements), table.name
    depth = [s for s in statements if _actions(s) == {"sqs:GetQueueAttributes"}]
    watched = {r["Fn::GetAtt"][0] for s in depth for r in _as_list(s["Resource"])}
    queues = _resources(template, "AWS::SQS::Queue")
    names = {queues[q]["Properties"]["QueueName"] for q in watched}
    assert names == {n for q in svc.queues for n in (q.physical_name("dev"), q.dlq_name("dev"))}
    for queue in svc.queues:
        assert queue.env_var in env
        assert queue.dlq_env_var in env
