"""POST /api/v1/notifications/batches (administrators): a message to users or to everyone, sent in chunks."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.batches import start
from functions.notifications.models.api import BatchOut, BatchRequest
from functions.notifications.service import SERVICE

api = http_operation(SERVICE, "SendBatch", status=HTTPStatus.ACCEPTED)


@api.route
def send_batch(body: Annotated[BatchRequest, Body()]) -> Response[BatchOut]:
    batch = start(api.principal().subject, body, NotificationsDeps.from_env())
    return json_response(HTTPStatus.ACCEPTED, batch.model_dump(mode="json"),
                         {"Location": f"/api/v1/notifications/batches/{batch.batch_id}"})


handler = api.handler
