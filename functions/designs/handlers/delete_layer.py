"""DELETE /api/v1/designs/posters/{poster_id}/layers/{layer_id}: the layer and its elements."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.designs.handlers.common import edit, no_content
from functions.designs.logic.documents import delete_layer
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "DeleteLayer", status=HTTPStatus.NO_CONTENT, responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def delete(poster_id: str, layer_id: str) -> Response[None]:
    poster_edit, deps = edit(api, poster_id)
    return no_content(delete_layer(poster_edit, layer_id, deps))


handler = api.handler
