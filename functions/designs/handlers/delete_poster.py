"""DELETE /api/v1/designs/posters/{poster_id}: the whole document; PosterDeleted follows from the stream."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.designs.handlers.common import edit
from functions.designs.logic.documents import delete_poster as delete
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "DeletePoster", status=HTTPStatus.NO_CONTENT, responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def delete_poster(poster_id: str) -> Response[None]:
    poster_edit, deps = edit(api, poster_id)
    delete(poster_edit, deps)
    return Response(status_code=204)


handler = api.handler
