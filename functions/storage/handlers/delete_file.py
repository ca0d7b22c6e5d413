"""DELETE /api/v1/storage/files/{file_id}: remove a stored file and refund its bytes."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import delete
from functions.storage.service import SERVICE

api = http_operation(SERVICE, "DeleteFile", status=HTTPStatus.NO_CONTENT, responses=(HTTPStatus.CONFLICT,))


@api.route
def delete_file(file_id: str) -> Response[None]:
    delete(api.principal().subject, file_id, StorageDeps.from_env())
    return Response(status_code=204)


handler = api.handler
