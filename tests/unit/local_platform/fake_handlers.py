"""Handlers of a made-up service used to test the local platform's machinery (not any real service)."""

from __future__ import annotations

import json
import time
from typing import Any

SEEN: list[Any] = []


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    SEEN.append(event)
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": json.dumps({"path": event["path"], "params": event["pathParameters"],
                                "query": event["multiValueQueryStringParameters"],
                                "authorizer": event["requestContext"].get("authorizer"),
                                "base64": event["isBase64Encoded"], "body": event["body"]})}


def slow(event: dict[str, Any], context: Any) -> dict[str, Any]:
    time.sleep(1.0)
    return {"statusCode": 200, "body": "late"}


def crash(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raise RuntimeError("boom")


def authorizer(event: dict[str, Any], context: Any) -> dict[str, Any]:
    SEEN.append(("authorizer", event["headers"].get("Authorization")))
    token = event["headers"].get("Authorization", "")
    if token == "Bearer good":
        effect = "Allow"
    elif token == "Bearer denied":
        effect = "Deny"
    else:
        raise PermissionError("Unauthorized")
    arn = event["methodArn"].rsplit("/", 2)[0] + "/*/*"
    return {"principalId": "usr_1", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": arn}]}, "context": {"role": "user"}}


def consume(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Fails every message whose body says so (partial batch failure)."""
    SEEN.append([r["body"] for r in event["Records"]])
    return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in event["Records"] if r["body"] == "bad"]}


def internal(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"ok": True, "body": {"doubled": event["n"] * 2, "function": context.function_name}}
