from typing import Any

from tests.unit.local_platform.handlers import SEEN


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Fails every message whose body is ``bad`` (partial batch failure)."""
    SEEN.append(("sqs", [r["body"] for r in event["Records"]]))
    return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in event["Records"] if r["body"] == "bad"]}
