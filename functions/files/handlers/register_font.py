"""POST /api/v1/files/fonts: register an uploaded TTF/OTF/WOFF/WOFF2 file as a font (metadata + preview)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.files.deps import FilesDeps
from functions.files.logic.library import register_font
from functions.files.models.api import FontOut, RegisterFontRequest
from functions.files.service import SERVICE

api = http_operation(SERVICE, "RegisterFont", status=HTTPStatus.CREATED, responses=(HTTPStatus.NOT_FOUND,))


@api.route
def register(body: Annotated[RegisterFontRequest, Body()]) -> Response[FontOut]:
    font = register_font(api.principal(), body.file_id, body.public, FilesDeps.from_env())
    return json_response(HTTPStatus.CREATED, font)


handler = api.handler
