"""Powertools logger, tracer and metrics, and the one decorator stack every handler wears."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging import correlation_paths

NAMESPACE = "DesignAgent"

# Most operations publish no business metric on most calls; that is not worth a warning per invocation.
warnings.filterwarnings("ignore", message="No application metrics to publish")

LambdaHandler = Callable[[dict[str, Any], Any], Any]


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
        traced = tracer(service).capture_lambda_handler(fn)
        measured = metrics(service).log_metrics(traced, capture_cold_start_metric=True)
        return logger(service).inject_lambda_context(
            measured, correlation_id_path=correlation_id_path, clear_state=True
        )

    return wrap
