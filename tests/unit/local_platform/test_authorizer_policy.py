"""IAM policy evaluation of an authorizer's answer, as API Gateway does it."""

from __future__ import annotations

from typing import Any

import pytest

from local_platform.authorizer import evaluate

ARN = "arn:aws:execute-api:us-east-1:0:api/test/GET/api/v1/x"
EVERY_ROUTE = "arn:aws:execute-api:us-east-1:0:api/test/*/*"


def policy(*statements: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"principalId": "p", "policyDocument": {"Version": "2012-10-17", "Statement": list(statements)}, **extra}


def allow(resource: str = EVERY_ROUTE, action: str = "execute-api:Invoke") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


@pytest.mark.parametrize("statement", [allow(), allow(ARN), allow(action="execute-api:*"), allow(action="*"),
                                       {**allow(), "Resource": [ARN, "arn:other"]}])
def test_an_allow_covering_the_method_arn_allows(statement: dict[str, Any]) -> None:
    assert evaluate(policy(statement), ARN).status == 200


@pytest.mark.parametrize("statements", [
    (allow(), {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": ARN}),  # an explicit deny wins
    (allow("arn:aws:execute-api:us-east-1:0:api/test/POST/*"),),  # another method
    (allow(action="s3:GetObject"),),  # another action
    (),  # nothing allowed
])
def test_anything_else_denies(statements: tuple[dict[str, Any], ...]) -> None:
    assert evaluate(policy(*statements), ARN).status == 403


@pytest.mark.parametrize("answer", ["not a policy", {"policyDocument": {"Statement": [allow()]}},
                                    policy(allow(), context={"nested": {"no": "objects"}})])
def test_malformed_answers_are_authorizer_errors(answer: Any) -> None:
    assert evaluate(answer, ARN).status == 500


def test_context_values_become_strings_with_the_principal() -> None:
    decision = evaluate(policy(allow(), context={"n": 3, "yes": True, "s": "x"}), ARN)
    assert decision.context == {"n": "3", "yes": "true", "s": "x", "principalId": "p"}
