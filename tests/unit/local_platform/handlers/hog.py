import json
import os
from typing import Any

from tests.unit.local_platform.handlers import SEEN

MIB = 1024 * 1024


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Holds ``mb`` mebibytes of touched memory (every page written), then answers (``mb`` in the event, or in
    the JSON body of a proxy event)."""
    mb = int(event["mb"] if "mb" in event else json.loads(event["body"])["mb"])
    SEEN.append(("hog", os.getpid(), mb))
    held = bytearray(b"\x01" * (mb * MIB))
    answer = {"held_mb": len(held) // MIB, "pid": os.getpid()}
    return answer if "mb" in event else {"statusCode": 200, "body": json.dumps(answer)}
