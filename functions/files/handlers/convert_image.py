"""POST /api/v1/files/images/convert: convert a stored image into a new stored file (counts against quota)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent import images
from design_agent.api import http_operation, json_response
from design_agent.contracts.images import ProcessedOut

from functions.files.deps import FilesDeps
from functions.files.logic.images import process
from functions.files.models.api import ConvertRequest
from functions.files.service import SERVICE

api = http_operation(SERVICE, "ConvertImage", status=HTTPStatus.CREATED, responses=(HTTPStatus.NOT_FOUND,))


@api.route
def convert_image(body: Annotated[ConvertRequest, Body()]) -> Response[ProcessedOut]:
    options = body.model_dump(exclude={"file_id"}, exclude_none=True)
    out = process(api.principal().subject, body.file_id, "convert", lambda data: images.convert(data, **options),
                  FilesDeps.from_env())
    return json_response(HTTPStatus.CREATED, out)


handler = api.handler
