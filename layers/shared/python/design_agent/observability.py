"""Powertools logger, tracer and metrics, and the one decorator stack every handler wears."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging import correlation_paths

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


@cache
def tracer(service: str) -> Tracer:
    return Tracer(service=service)


@cache
def metrics(service: str) -> Metrics:
    return Metrics(namespace=NAMESPACE, service=service)


def observed(service: str, correlation_id_path: str | None = correlation_paths.API_GATEWAY_REST) -> Callable[
    [LambdaHandler], LambdaHandler
]:
    """Logger context (with correlation id), X-Ray tracing and EMF metrics flushing."""

    def wrap(fn: LambdaHandler) -> LambdaHandler:
        @functools.wraps(fn)
        def correlated(event: dict[str, Any], context: Any) -> Any:
            token = _correlation.set(logger(service).get_correlation_id())
            try:
                return fn(event, context)
            finally:
                _correlation.reset(token)

        traced = tracer(service).capture_lambda_handler(correlated)
        measured = metrics(service).log_metrics(traced, capture_cold_start_metric=True)
        return logger(service).inject_lambda_context(
            measured, correlation_id_path=correlation_id_path, clear_state=True
        )

    return wrap
