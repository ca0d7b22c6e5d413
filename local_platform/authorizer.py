"""Run the REQUEST authorizer like API Gateway: identity source, IAM policy evaluation, result cache."""

from __future__ import annotations

import fnmatch
import threading
import time
from dataclasses import dataclass
from typing import Any

from local_platform.functions import FunctionFailed, FunctionRegistry, LocalFunction

INVOKE_ACTION = "execute-api:Invoke"


@dataclass(frozen=True)
class Decision:
    status: int  # 200 allow, 401 unauthorized, 403 denied, 500 authorizer failure or bad policy
    context: dict[str, Any] | None = None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _covers(statement: dict[str, Any], method_arn: str) -> bool:
    if not any(fnmatch.fnmatchcase(INVOKE_ACTION, action) for action in _as_list(statement.get("Action", []))):
        return False
    return any(fnmatch.fnmatchcase(method_arn, resource) for resource in _as_list(statement.get("Resource", [])))


def _string_context(context: Any, principal_id: str) -> dict[str, str] | None:
    """REST APIs hand the authorizer context to the integration as strings; objects and arrays are refused."""
    if not isinstance(context, dict):
        return {"principalId": principal_id} if context is None else None
    flat: dict[str, str] = {}
    for key, value in context.items():
        if isinstance(value, bool):
            flat[key] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            flat[key] = str(value)
        elif value is not None:
            return None
    flat["principalId"] = principal_id
    return flat


def evaluate(result: Any, method_arn: str) -> Decision:
    """Allow only if an Allow statement covers the method ARN and no Deny does (IAM semantics)."""
    if not isinstance(result, dict) or not isinstance(result.get("policyDocument"), dict) \
            or not result.get("principalId"):
        return Decision(500)
    statements = [s for s in _as_list(result["policyDocument"].get("Statement", [])) if isinstance(s, dict)]
    effects = {s.get("Effect") for s in statements if _covers(s, method_arn)}
    if "Deny" in effects or "Allow" not in effects:
        return Decision(403)
    context = _string_context(result.get("context"), str(result["principalId"]))
    return Decision(200, context) if context is not None else Decision(500)


class AuthorizerRunner:
    """Calls the authorizer function (at most once per identity per TTL) and evaluates its policy."""

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
            with self._lock:
                self.invocations += 1
            try:
                result = self._registry.invoke(self._function, event)
            except FunctionFailed as failed:  # only the exact message "Unauthorized" means 401
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
