from typing import Any

from tests.unit.local_platform.handlers import SEEN


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    SEEN.append(("schedule", event["detail-type"]))
    return {"ticked": True}
