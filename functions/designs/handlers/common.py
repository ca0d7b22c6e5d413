"""What the Design service's HTTP handlers share: the caller's document, If-Match, and ETag responses."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import Response
from design_agent.api import HttpOperation, json_response
from design_agent.contracts.designs import PosterDocument

from functions.designs.deps import DesignsDeps
from functions.designs.logic.documents import etag, parse_if_match, visible


def load(api: HttpOperation, poster_id: str) -> tuple[PosterDocument, int | None, DesignsDeps]:
    """The caller's poster (404 for anyone else's), the If-Match version, and the dependencies."""
    deps = DesignsDeps.from_env()
    return visible(api.principal().subject, poster_id, deps), parse_if_match(api.header("If-Match")), deps


def versioned(body: Any, version: int, status: HTTPStatus = HTTPStatus.OK) -> Response[Any]:
    return json_response(status, body, {"ETag": etag(version)})


def no_content(version: int) -> Response[None]:
    return Response(status_code=HTTPStatus.NO_CONTENT, headers={"ETag": etag(version)})
