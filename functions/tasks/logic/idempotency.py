"""``Idempotency-Key`` on task creation, with Powertools idempotency (records in the task-requests table).

The key is scoped to the user; the request body is part of the record, so the same key with a different body
is refused (422) instead of silently answering for another request. While the first request with a key is
still running, a second one gets 409; after it finished, the same response (``Idempotent-Replayed: true``).
A first request that failed leaves no record, so its retry runs again.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer
from design_agent import errors

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.lifecycle import create
from functions.tasks.logic.state import view
from functions.tasks.models.api import CreateTaskRequest, TaskOut
from functions.tasks.service import TASK_REQUESTS_TABLE

_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as in the IETF Idempotency-Key draft's examples


@cache
def _store(table_name: str, client: Any, expires_after_s: int) -> DynamoDBPersistenceLayer:
    """One persistence layer per table and client for the process: each new one registers Powertools' user-agent
    hook on the shared DynamoDB client again (a slowdown that grows with every call; issue 16). It keeps its first
    configuration, so the record lifetime is part of the key."""
    return DynamoDBPersistenceLayer(table_name=table_name, boto3_client=client)


def create_once(user_id: str, key: str | None, request: CreateTaskRequest, deps: TasksDeps,
                lambda_context: Any = None) -> tuple[TaskOut, bool]:
    """The created task and whether this answer is a replay of an earlier one."""
    if key is None:
        return view(create(user_id, request, deps)), False
    if not _KEY.match(key):
        raise errors.BadRequest("Idempotency-Key must be 1 to 255 visible ASCII characters")
    replayed: list[bool] = []

    def on_replay(response: Any, idempotent_data: DataRecord) -> Any:
        replayed.append(True)
        return response

    config = IdempotencyConfig(event_key_jmespath="[user_id, key]", payload_validation_jmespath="request",
                               raise_on_no_idempotency_key=True, response_hook=on_replay,
                               expires_after_seconds=deps.settings.task_idempotency_ttl_s)
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)
    store = _store(deps.settings.table(TASK_REQUESTS_TABLE), deps.clients.dynamodb(),
                   deps.settings.task_idempotency_ttl_s)

    @idempotent_function(data_keyword_argument="call", config=config, persistence_store=store,
                         output_serializer=PydanticSerializer(TaskOut))
    def create_task(call: dict[str, Any]) -> TaskOut:
        return view(create(user_id, request, deps))

    try:
        out = create_task(call={"user_id": user_id, "key": key, "request": request.model_dump(mode="json")})
    except IdempotencyAlreadyInProgressError as exc:
        raise errors.Conflict("A request with this Idempotency-Key is still being processed; retry shortly",
                              headers={"Retry-After": "1"}) from exc
    except IdempotencyValidationError as exc:
        raise errors.Unprocessable("This Idempotency-Key was used for a different request") from exc
    return out, bool(replayed)
