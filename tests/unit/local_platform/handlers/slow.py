import time
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    time.sleep(1.0)
    return {"statusCode": 200, "body": "late"}
