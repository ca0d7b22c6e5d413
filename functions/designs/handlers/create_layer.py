"""POST /api/v1/designs/posters/{poster_id}/layers: a new layer on top."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.contracts.designs import Layer

from functions.designs.handlers.common import edit, versioned
from functions.designs.logic.documents import create_layer
from functions.designs.models.api import CreateLayerRequest
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "CreateLayer", status=HTTPStatus.CREATED, responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def create(poster_id: str, body: Annotated[CreateLayerRequest, Body()]) -> Response[Layer]:
    poster_edit, deps = edit(api, poster_id)
    layer, version = create_layer(poster_edit, body, deps)
    return versioned(layer, version, HTTPStatus.CREATED)


handler = api.handler
