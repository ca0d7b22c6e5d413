"""POST /api/v1/designs/templates/{template_id}/posters: a new poster of yours from a template."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.contracts.designs import PosterDocument

from functions.designs.deps import DesignsDeps
from functions.designs.handlers.common import versioned
from functions.designs.logic import templates
from functions.designs.models.api import FromTemplateRequest
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "CreateFromTemplate", status=HTTPStatus.CREATED)


@api.route
def create(template_id: str, body: Annotated[FromTemplateRequest, Body()]) -> Response[PosterDocument]:
    document = templates.instantiate(api.principal(), template_id, body.title, DesignsDeps.from_env())
    return versioned(document, document.poster.version, HTTPStatus.CREATED)


handler = api.handler
