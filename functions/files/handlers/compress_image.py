"""POST /api/v1/files/images/compress: compress a stored image into a new stored file (counts against quota)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent import images
from design_agent.api import http_operation, json_response
from design_agent.contracts.images import ProcessedOut

from functions.files.deps import FilesDeps
from functions.files.logic.images import process
from functions.files.models.api import CompressRequest
from functions.files.service import SERVICE

api = http_operation(SERVICE, "CompressImage", status=HTTPStatus.CREATED, responses=(HTTPStatus.NOT_FOUND,))


@api.route
def compress_image(body: Annotated[CompressRequest, Body()]) -> Response[ProcessedOut]:
    options = body.model_dump(exclude={"file_id"}, exclude_none=True)
    out = process(api.principal().subject, body.file_id, "compress", lambda data: images.compress(data, **options),
                  FilesDeps.from_env())
    return json_response(HTTPStatus.CREATED, out)


handler = api.handler
