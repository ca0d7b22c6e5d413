"""Run the REQUEST authorizer like API Gateway: identity source, IAM policy evaluation, result cache."""

from __future__ import annotations

import fnmatch
import threading
import time
from dataclasses import dataclass
from typing import Any

from local_platform.functions import FunctionFailed, FunctionRegistry, LocalFunction


@dataclass(frozen=True)
class Decision:
    status: int  # 200 allow, 401 unauthorized, 403 denied, 500 authorizer failure
    context: dict[str, Any] | None = None


def evaluate(result: Any, method_arn: str) -> Decision:
    """Allow only if an Allow statement covers the method ARN and no Deny does (IAM semantics)."""
    if not isinstance(result, dict) or "policyDocument" not in result:
        return Decision(500)
    statements = result["policyDocument"].get("Statement", [])
    allowed = denied = False
    for statement in statements if isinstance(statements, list) else [statements]:
        resources = statement.get("Resource", [])
        resources = resources if isinstance(resources, list) else [resources]
        if any(fnmatch.fnmatchcase(method_arn, r) for r in resources):
            if statement.get("Effect") == "Deny":
                denied = True
            elif statement.get("Effect") == "Allow":
                allowed = True
    if denied or not allowed:
        return Decision(403)
    context = dict(result.get("context") or {})
    context["principalId"] = result.get("principalId")
    return Decision(200, context)


class AuthorizerRunner:
    def __init__(self, registry: FunctionRegistry, function: LocalFunction | None, cache_ttl_s: float) -> None:
        self._registry = registry
        self._function = function
        self._ttl = cache_ttl_s
        self._cache: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self.invocations = 0

    def authorize(self, identity: str | None, event: dict[str, Any]) -> Decision:
        if not identity:  # API Gateway answers 401 without calling the function
            return Decision(401)
        if self._function is None:
            return Decision(500)
        result = self._cached(identity)
        if result is None:
            try:
                self.invocations += 1
                result = self._registry.invoke(self._function, event)
            except FunctionFailed as failed:
                return Decision(401 if failed.payload["errorMessage"] == "Unauthorized" else 500)
            if self._ttl > 0:
                with self._lock:
                    self._cache[identity] = (time.monotonic() + self._ttl, result)
        return evaluate(result, event["methodArn"])

    def _cached(self, identity: str) -> Any:
        with self._lock:
            hit = self._cache.get(identity)
            if hit and hit[0] > time.monotonic():
                return hit[1]
            self._cache.pop(identity, None)
            return None
