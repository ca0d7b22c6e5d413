"""DELETE /api/v1/designs/posters/{poster_id}/elements/{element_id}."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.designs.handlers.common import edit, no_content
from functions.designs.logic.documents import delete_element
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "DeleteElement", status=HTTPStatus.NO_CONTENT,
                     responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def delete(poster_id: str, element_id: str) -> Response[None]:
    poster_edit, deps = edit(api, poster_id)
    return no_content(delete_element(poster_edit, element_id, deps))


handler = api.handler
