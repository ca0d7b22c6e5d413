"""From a generated operation's answer to its typed result, or to the typed error its problem+json stands for."""

from __future__ import annotations

from typing import TypeVar

from design_agent_sdk.errors import ApiError
from design_agent_sdk.openapi.models import Problem
from design_agent_sdk.openapi.types import Response

T = TypeVar("T")


def expect(response: Response[Problem | T]) -> T:
    """The parsed success of ``response`` (``None`` for 204/304); any status from 400 up raises its
    :class:`~design_agent_sdk.errors.ApiError` subclass. Use it around every generated ``sync_detailed`` call::

        task = expect(create_task.sync_detailed(client=sdk.api, body=request, idempotency_key=key))
    """
    if response.status_code >= 400:
        raise ApiError.from_response(response.status_code, response.headers, response.content)
    return response.parsed  # type: ignore[return-value]  # a success is never parsed as a Problem
