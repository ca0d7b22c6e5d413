"""GET /api/v1/notifications/batches/{batch_id} (administrators): status and counts sent / failed."""

from design_agent import errors
from design_agent.api import http_operation

from functions.notifications.deps import NotificationsDeps
from functions.notifications.models.domain import Batch
from functions.notifications.service import SERVICE

api = http_operation(SERVICE, "GetBatch")


@api.route
def get_batch(batch_id: str) -> Batch:
    api.principal()
    batch = NotificationsDeps.from_env().inbox.get_batch(batch_id)
    if batch is None:
        raise errors.NotFound("No such batch")
    return batch


handler = api.handler
