"""PUT /api/v1/designs/posters/{poster_id}/layer-order: the full new order (a permutation), in one transaction."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation

from functions.designs.handlers.common import edit, no_content
from functions.designs.logic.documents import reorder_layers
from functions.designs.models.api import LayerOrderRequest
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "UpdateLayerOrder", status=HTTPStatus.NO_CONTENT,
                     responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def reorder(poster_id: str, body: Annotated[LayerOrderRequest, Body()]) -> Response[None]:
    poster_edit, deps = edit(api, poster_id)
    return no_content(reorder_layers(poster_edit, body, deps))


handler = api.handler
