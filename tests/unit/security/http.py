"""Call an operation's real handler in-process as a given caller (what API Gateway hands a function after the
authorizer allowed the token), inside the moto sandbox of ``tests.unit.aws``."""

from __future__ import annotations

import importlib
import json
from typing import Any

from design_agent.spec import Operation

from functions.registry import SERVICES
from tests.unit.lambda_context import FakeContext


def operation(name: str) -> Operation:
    service, _, op_name = name.partition(".")
    return next(s for s in SERVICES if s.name == service).operation(op_name)


def caller(subject: str, role: str = "user", kind: str = "user") -> dict[str, str]:
    return {"subject": subject, "principalId": subject, "role": role, "kind": kind}


def call(name: str, who: dict[str, str] | None, *, params: dict[str, str] | None = None,
         query: dict[str, str] | None = None, body: Any = None,
         headers: dict[str, str] | None = None) -> tuple[int, Any]:
    """``service.Operation`` as ``who``: (status, JSON body)."""
    op = operation(name)
    assert op.path is not None
    path = op.path.format(**(params or {}))
    all_headers = {**({"Content-Type": "application/json"} if body is not None else {}), **(headers or {})}
    context: dict[str, Any] = {"requestId": "req-1", "stage": "unit", "httpMethod": op.method, "path": path,
                               "resourcePath": op.path, "identity": {"sourceIp": "203.0.113.9"}}
    if who is not None:
        context["authorizer"] = who
    event = {"resource": op.path, "path": path, "httpMethod": op.method, "headers": all_headers,
             "multiValueHeaders": {k: [v] for k, v in all_headers.items()}, "queryStringParameters": query or None,
             "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
             "pathParameters": params, "stageVariables": None, "isBase64Encoded": False,
             "body": json.dumps(body) if body is not None else None, "requestContext": context}
    result = importlib.import_module(op.handler).handler(event, FakeContext())
    return result["statusCode"], json.loads(result["body"]) if result.get("body") else None


def register(name: str) -> str:
    """A real account (the users service's Register), for operations that read the caller's quota; its id."""
    status, body = call("users.Register", None, body={"email": f"{name}@example.com", "username": name,
                                                      "password": "a long enough password"})
    assert status == 201, body
    return str(body["id"])
