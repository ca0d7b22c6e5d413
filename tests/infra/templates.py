"""Reading synthesized templates: resources by type, a function of an operation, the statements of its role."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk.assertions import Template
from design_agent.spec import Operation, Service, function_name, resource_name

from tests.infra.conftest import Synth


def _resources(template: Template, kind: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = json.loads(json.dumps(template.find_resources(kind)))
    return found


def _function(synth: Synth, svc: Service, op: Operation) -> tuple[Template, str, dict[str, Any]]:
    template = synth.template(resource_name(synth.stage, svc.name))
    name = function_name(synth.stage, svc.name, op.name)
    matches = {k: v for k, v in _resources(template, "AWS::Lambda::Function").items()
               if v["Properties"].get("FunctionName") == name}
    assert len(matches) == 1, f"{name}: {len(matches)} functions"
    logical_id, resource = next(iter(matches.items()))
    return template, logical_id, resource


def _role_statements(template: Template, role_logical_id: str) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = []
    for policy in _resources(template, "AWS::IAM::Policy").values():
        if {"Ref": role_logical_id} in policy["Properties"]["Roles"]:
            statements += policy["Properties"]["PolicyDocument"]["Statement"]
    return statements


def _actions(statement: dict[str, Any]) -> set[str]:
    action = statement["Action"]
    return {action} if isinstance(action, str) else set(action)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _table_logical_id(template: Template, table: str, stage: str) -> str:
    tables = {k for k, v in _resources(template, "AWS::DynamoDB::Table").items()
              if v["Properties"]["TableName"] == resource_name(stage, table)}
    assert len(tables) == 1
    return tables.pop()
