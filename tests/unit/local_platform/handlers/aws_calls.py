from typing import Any

import boto3
from botocore.exceptions import ClientError


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Writes ``count`` new items, each once: a write the SDK retried after its answer was lost finds its item
    there already (counted), as idempotent code must."""
    ddb = boto3.client("dynamodb")
    already = 0
    for n in range(event["count"]):
        try:
            ddb.put_item(TableName=event["table"], Item={"pk": {"S": f"{event['prefix']}{n}"}, "sk": {"S": "-"}},
                         ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            already += 1
    return {"already_there": already}
