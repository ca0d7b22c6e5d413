"""Powertools logger, tracer and metrics, and the one decorator stack every handler wears."""

from __future__ import annotations

import functools
import os
import time
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from typing import Any, Literal

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit
from aws_lambda_powertools.shared.functions import resolve_truthy_env_var_choice

from design_agent.spec import PROJECT

NAMESPACE = "DesignAgent"

# Most operations publish no business metric on most calls; that is not worth a warning per invocation.
warnings.filterwarnings("ignore", message="No application metrics to publish")

LambdaHandler = Callable[[dict[str, Any], Any], Any]

# the correlation id of the invocation being handled: carried into internal calls, stored with the changes it
# causes (so the events published from the stream carry it) and logged by every consumer
_correlation: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def correlation_id() -> str | None:
    return _correlation.get()


def use_correlation_id(service: str, value: str | None) -> None:
    """A consumer continuing someone else's correlation (e.g. from an event's metadata)."""
    if value:
        _correlation.set(value)
        logger(service).set_correlation_id(value)


@cache
def logger(service: str) -> Logger:
    return Logger(service=service)


def tracing_disabled() -> bool:
    """Powertools' own rule: off when ``POWERTOOLS_TRACE_DISABLED`` says so, or outside Lambda."""
    disabled = resolve_truthy_env_var_choice(env=os.environ.get("POWERTOOLS_TRACE_DISABLED", "false"))
    return bool(disabled) or not os.environ.get("LAMBDA_TASK_ROOT")


@cache
def tracer(service: str) -> Tracer:
    if tracing_disabled():  # nothing would be recorded: never import the X-Ray SDK's core (cold start)
        from design_agent.no_tracing import NoTracing

        return Tracer(service=service, disabled=True, provider=NoTracing())
    return Tracer(service=service)


@cache
def metrics(service: str) -> Metrics:
    return Metrics(namespace=NAMESPACE, service=service)


Outcome = Literal["ok", "client-error", "error"]


def outcome_of(result: Any) -> Outcome:
    """What a handler's answer says about the invocation: a proxy or WebSocket answer by its ``statusCode``, an
    internal operation's error-as-data by its ``status`` (5xx: error, 4xx: client error), a queue or stream
    consumer's partial batch failures (any failed record: error)."""
    if not isinstance(result, dict):
        return "ok"
    status = result.get("statusCode")
    if status is None and result.get("ok") is False:
        status = (result.get("error") or {}).get("status")
    if isinstance(status, int) and status >= 500:
        return "error"
    if isinstance(status, int) and status >= 400:
        return "client-error"
    return "error" if result.get("batchItemFailures") else "ok"


def operation_of(context: Any, service: str) -> str:
    """The operation from the function's physical name (``design-agent-<stage>-<service>-<operation>``, decision
    2), for a handler that does not name it: ``...-users-get-user`` -> ``GetUser``."""
    name = str(getattr(context, "function_name", "") or "")
    _stage, _, rest = name.removeprefix(f"{PROJECT}-").partition("-")  # stage names have no hyphen
    function_id = rest.removeprefix(f"{service}-")
    if not name.startswith(f"{PROJECT}-") or function_id == rest or not function_id:
        return "unknown"
    return "".join(part.capitalize() for part in function_id.split("-"))


def invocation_metrics(service: str, operation: str, outcome: Outcome, latency_ms: float) -> None:
    """One EMF document per invocation: ``Requests`` 1, ``Errors`` and ``ClientErrors`` 0 or 1 (their averages
    are rates), ``Latency`` in milliseconds, under the dimensions ``stage``, ``service`` and ``operation``. Its
    own metric set (Powertools' ``EphemeralMetrics``, not the shared set of ``metrics(service)``), so the
    ``operation`` dimension never reaches another invocation's or another thread's metrics. Nothing is printed when
    metrics are disabled (``POWERTOOLS_METRICS_DISABLED``, as the local platform sets by default); a failure here
    is logged, never the invocation's."""
    try:
        emf = EphemeralMetrics(namespace=NAMESPACE, service=service)
        emf.add_dimension(name="stage", value=os.environ.get("STAGE", "local"))  # stages may share an account
        emf.add_dimension(name="service", value=service)
        emf.add_dimension(name="operation", value=operation)
        emf.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
        emf.add_metric(name="Errors", unit=MetricUnit.Count, value=1 if outcome == "error" else 0)
        emf.add_metric(name="ClientErrors", unit=MetricUnit.Count, value=1 if outcome == "client-error" else 0)
        emf.add_metric(name="Latency", unit=MetricUnit.Milliseconds, value=round(latency_ms, 3))
        emf.flush_metrics()
    except Exception:
        logger(service).exception("invocation metrics not published", extra={"operation": operation})


def observed(service: str, correlation_id_path: str | None = correlation_paths.API_GATEWAY_REST, *,
             operation: str | None = None, client_errors: tuple[type[BaseException], ...] = ()) -> Callable[
    [LambdaHandler], LambdaHandler
]:
    """Logger context (with correlation id), X-Ray tracing, EMF metrics flushing, and the operation's own
    ``Requests``/``Errors``/``ClientErrors``/``Latency`` metrics (``invocation_metrics``) for every invocation.

    ``operation`` is the operation's name in its service description (without it, it is read from the function's
    physical name); exceptions of a ``client_errors`` type count as client errors (e.g. an authorizer's refusal)."""

    def wrap(fn: LambdaHandler) -> LambdaHandler:
        @functools.wraps(fn)
        def correlated(event: dict[str, Any], context: Any) -> Any:
            token = _correlation.set(logger(service).get_correlation_id())
            started = time.perf_counter()
            outcome: Outcome = "error"  # unless the handler returns (or raises a client error)
            try:
                result = fn(event, context)
                outcome = outcome_of(result)
                return result
            except client_errors:
                outcome = "client-error"
                raise
            finally:
                _correlation.reset(token)
                invocation_metrics(service, operation or operation_of(context, service), outcome,
                                   (time.perf_counter() - started) * 1000)

        traced = tracer(service).capture_lambda_handler(correlated)
        measured = metrics(service).log_metrics(traced, capture_cold_start_metric=True)
        return logger(service).inject_lambda_context(
            measured, correlation_id_path=correlation_id_path, clear_state=True
        )

    return wrap
