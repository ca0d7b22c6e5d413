import json
from typing import Any

from tests.unit.local_platform.handlers import SEEN


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    SEEN.append(event)
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": json.dumps({"path": event["path"], "params": event["pathParameters"],
                                "query": event["multiValueQueryStringParameters"],
                                "authorizer": event["requestContext"].get("authorizer"),
                                "base64": event["isBase64Encoded"], "body": event["body"]})}
