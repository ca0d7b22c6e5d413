"""WebSocket routes of the demo service: ``$connect`` lets in ``?token=good`` only (403 for ``worker``)."""

from typing import Any

from tests.unit.local_platform.handlers import SEEN


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    SEEN.append(event)
    if event["requestContext"]["routeKey"] == "$connect":
        token = (event.get("queryStringParameters") or {}).get("token")
        return {"statusCode": 200 if token == "good" else 403 if token == "worker" else 401}
    return {"statusCode": 200}
