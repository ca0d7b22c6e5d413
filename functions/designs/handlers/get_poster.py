"""GET /api/v1/designs/posters/{poster_id}: the whole document in one read, with an ETag (304 if unchanged)."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation
from design_agent.contracts.designs import PosterDocument

from functions.designs.deps import DesignsDeps
from functions.designs.handlers.common import versioned
from functions.designs.logic.documents import etag, not_modified, visible
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "GetPoster", responses=(HTTPStatus.NOT_MODIFIED,),
                     headers=("If-None-Match",))


@api.route
def get_poster(poster_id: str) -> Response[PosterDocument | None]:
    document = visible(api.principal().subject, poster_id, DesignsDeps.from_env())
    version = document.poster.version
    if not_modified(api.header("If-None-Match"), version):
        return Response(status_code=304, headers={"ETag": etag(version)})
    return versioned(document, version)


handler = api.handler
