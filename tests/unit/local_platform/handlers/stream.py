from typing import Any

from tests.unit.local_platform.handlers import SEEN

FAILED_ONCE: set[str] = set()


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Fails the first delivery of the item whose pk is ``flaky`` (retried from its sequence number)."""
    failures = []
    for record in event["Records"]:
        pk = record["dynamodb"]["Keys"]["pk"]["S"]
        SEEN.append(("stream", record["eventName"], pk))
        if pk == "flaky" and pk not in FAILED_ONCE:
            FAILED_ONCE.add(pk)
            failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
    return {"batchItemFailures": failures}
