"""POST /api/v1/designs/posters: a poster, optionally with its layers, elements and a preview image."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.contracts.designs import PosterDocument

from functions.designs.deps import DesignsDeps
from functions.designs.handlers.common import versioned
from functions.designs.logic.documents import create
from functions.designs.models.api import CreatePosterRequest
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "CreatePoster", status=HTTPStatus.CREATED)


@api.route
def create_poster(body: Annotated[CreatePosterRequest, Body()]) -> Response[PosterDocument]:
    document = create(api.principal().subject, body, DesignsDeps.from_env())
    return versioned(document, document.poster.version, HTTPStatus.CREATED)


handler = api.handler
