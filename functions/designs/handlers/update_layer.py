"""PATCH /api/v1/designs/posters/{poster_id}/layers/{layer_id}: name, visibility, lock, opacity."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.contracts.designs import Layer

from functions.designs.handlers.common import edit, versioned
from functions.designs.logic.documents import update_layer
from functions.designs.models.api import UpdateLayerRequest
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "UpdateLayer", responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def update(poster_id: str, layer_id: str, body: Annotated[UpdateLayerRequest, Body()]) -> Response[Layer]:
    poster_edit, deps = edit(api, poster_id)
    layer, version = update_layer(poster_edit, layer_id, body, deps)
    return versioned(layer, version)


handler = api.handler
