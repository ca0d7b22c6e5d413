"""What the Design service's HTTP handlers share: the caller's document, If-Match, and ETag responses."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import Response
from design_agent.api import HttpOperation, json_response
from design_agent.contracts.designs import PosterDocument

from functions.designs.deps import DesignsDeps
from functions.designs.logic.documents import Edit, etag, parse_if_match, visible


def edit(api: HttpOperation, poster_id: str) -> tuple[Edit, DesignsDeps]:
    """The caller's edit of a poster (the version named by If-Match, if any) and the dependencies; the edit
    itself reads only what it checks."""
    return Edit(api.principal().subject, poster_id, parse_if_match(api.header("If-Match"))), DesignsDeps.from_env()


def load(api: HttpOperation, poster_id: str) -> tuple[PosterDocument, DesignsDeps]:
    """The caller's whole poster (404 for anyone else's) and the dependencies."""
    deps = DesignsDeps.from_env()
    return visible(api.principal().subject, poster_id, deps), deps


def versioned(body: Any, version: int, status: HTTPStatus = HTTPStatus.OK) -> Response[Any]:
    return json_response(status, body, {"ETag": etag(version)})


def no_content(version: int) -> Response[None]:
    return Response(status_code=HTTPStatus.NO_CONTENT, headers={"ETag": etag(version)})
