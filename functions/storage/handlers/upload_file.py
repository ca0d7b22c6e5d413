"""POST /api/v1/storage/files: upload a small file in the request (base64), with the same checks."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response
from design_agent.contracts.storage import FileInfo

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import to_info, upload_inline
from functions.storage.models.api import UploadFileRequest
from functions.storage.service import SERVICE

api = http_operation(SERVICE, "UploadFile", status=HTTPStatus.CREATED)


@api.route
def upload_file(body: Annotated[UploadFileRequest, Body()]) -> Response[FileInfo]:
    deps = StorageDeps.from_env()
    record = upload_inline(api.principal().subject, body.kind, body.filename, body.content_type, body.data_base64,
                           deps, file_id=None)
    return json_response(HTTPStatus.CREATED, to_info(record, deps))


handler = api.handler
