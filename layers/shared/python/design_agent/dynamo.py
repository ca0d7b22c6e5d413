"""Small helpers for the low-level DynamoDB client (typed attribute values, error reasons)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeAlias

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from design_agent import errors
from design_agent.clients import AwsClients, aws

# where a page of a Query starts or ended (its ``LastEvaluatedKey``); it travels to clients only as a sealed cursor
Position: TypeAlias = dict[str, Any] | None
_SER = TypeSerializer()
_DE = TypeDeserializer()
# what a DynamoDB number can be besides 0: a magnitude in this range, at most 38 significant digits
SMALLEST_NUMBER, LARGEST_NUMBER, NUMBER_DIGITS = Decimal("1e-130"), Decimal("1e126"), 38


def _number(value: float) -> Decimal:
    """A float or int as a DynamoDB number; 422 for one DynamoDB cannot hold (such as 5e-324, which validation
    of ``gt=0`` lets through), rather than boto3's decimal.Underflow as a 500."""
    number = Decimal(str(value))
    if number.is_finite() and (not number or (SMALLEST_NUMBER <= abs(number) < LARGEST_NUMBER
                                              and len(number.as_tuple().digits) <= NUMBER_DIGITS)):
        return number
    raise errors.Unprocessable(f"The number {value} cannot be stored: a number is 0, or between 1e-130 and 1e126 "
                               f"in magnitude with at most {NUMBER_DIGITS} digits")


def _to_dynamo(value: Any) -> Any:
    """DynamoDB numbers are Decimals: floats become exact decimal strings, recursively."""
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        return _number(value)
    if isinstance(value, Mapping):
        return {k: _to_dynamo(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_dynamo(v) for v in value]
    return value


def _from_dynamo(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {k: _from_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_dynamo(v) for v in value]
    return value


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _SER.serialize(_to_dynamo(v)) for k, v in values.items() if v is not None}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _from_dynamo(_DE.deserialize(v)) for k, v in item.items()}


def values(**kwargs: Any) -> dict[str, Any]:
    """``ExpressionAttributeValues`` from keyword arguments: ``values(n=1)`` -> ``{":n": {"N": "1"}}``."""
    return {f":{k}": _SER.serialize(_to_dynamo(v)) for k, v in kwargs.items()}


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def is_condition_failure(exc: ClientError) -> bool:
    return error_code(exc) == "ConditionalCheckFailedException"


def cancellation_codes(exc: ClientError) -> list[str]:
    """Per-item reasons of a cancelled transaction (``"None"`` for items that were fine)."""
    reasons = exc.response.get("CancellationReasons") or []
    return [str(r.get("Code", "None")) for r in reasons]


class DynamoRepository:
    """Base of every service's data-access class: its table, the shared client, and the batch and paging loops
    that DynamoDB leaves to the caller (unprocessed items, ``LastEvaluatedKey``)."""

    BATCH_WRITE = 25
    BATCH_GET = 100

    def __init__(self, table_name: str, clients: AwsClients | None = None) -> None:
        self._table = table_name
        self._clients = clients or aws()

    @property
    def _db(self) -> Any:
        return self._clients.dynamodb()

    def _put_new(self, item: dict[str, Any]) -> None:
        """Create ``item`` (typed) unless an item with its key exists (``ConditionalCheckFailedException``).

        A create whose answer was lost (applied, then a timeout) is sent again by the SDK and refused by its own
        condition. DynamoDB returns the item that refused it (``ReturnValuesOnConditionCheckFailure``): when that
        is exactly this item, which carries this request's new ids and times, the create had happened."""
        try:
            self._db.put_item(TableName=self._table, Item=item, ConditionExpression="attribute_not_exists(pk)",
                              ReturnValuesOnConditionCheckFailure="ALL_OLD")
        except ClientError as exc:
            if not is_condition_failure(exc) or exc.response.get("Item") != item:
                raise

    def _update_once(self, **request: Any) -> dict[str, Any]:
        """``UpdateItem`` (``request`` as boto3 takes it, its ``UpdateExpression`` starting with ``SET``, asking for
        ``ReturnValues="ALL_NEW"``) that knows its own write: the item's attributes after it.

        The write stamps the item with a new ``write_id``. When it was applied and its answer lost, the SDK sends it
        again and its own condition refuses it; an item that refused it carrying this ``write_id`` is the write's
        result (DynamoDB returns it: ``ReturnValuesOnConditionCheckFailure``). Any other refusal is raised."""
        write_id = uuid.uuid4().hex
        expression = str(request["UpdateExpression"])
        if not expression.startswith("SET "):
            raise ValueError("an update that knows its own write sets something")
        try:
            result = self._db.update_item(**{
                **request, "TableName": self._table, "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                "UpdateExpression": f"SET #write_id = :write_id, {expression[4:]}",
                "ExpressionAttributeNames": {**request.get("ExpressionAttributeNames", {}), "#write_id": "write_id"},
                "ExpressionAttributeValues": {**request.get("ExpressionAttributeValues", {}),
                                              ":write_id": {"S": write_id}}})
        except ClientError as exc:
            item = exc.response.get("Item")
            if item is None or item.get("write_id") != {"S": write_id}:
                raise
            return dict(item)
        return dict(result.get("Attributes", {}))

    def _batch_write(self, requests: list[dict[str, Any]]) -> None:
        """``PutRequest``/``DeleteRequest`` entries, 25 per call, retrying whatever comes back unprocessed."""
        for start in range(0, len(requests), self.BATCH_WRITE):
            pending: dict[str, Any] = {self._table: requests[start:start + self.BATCH_WRITE]}
            while pending:
                pending = self._db.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}

    def _get_many(self, keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The items of ``keys`` that exist (``BatchGetItem``, 100 keys per call, retrying what comes back
        unprocessed), in no particular order."""
        items: list[dict[str, Any]] = []
        for start in range(0, len(keys), self.BATCH_GET):
            request: dict[str, Any] = {self._table: {"Keys": keys[start:start + self.BATCH_GET]}}
            while request:
                result = self._db.batch_get_item(RequestItems=request)
                items += result.get("Responses", {}).get(self._table, [])
                request = result.get("UnprocessedKeys") or {}
        return items

    def _query_all(self, **kwargs: Any) -> list[dict[str, Any]]:
        """Every item a Query matches, following ``LastEvaluatedKey`` (one call below 1 MB)."""
        items: list[dict[str, Any]] = []
        while True:
            result = self._db.query(TableName=self._table, **kwargs)
            items += result.get("Items", [])
            if "LastEvaluatedKey" not in result:
                return items
            kwargs["ExclusiveStartKey"] = result["LastEvaluatedKey"]

    def _index_page(self, index: str, key: str, value: str, limit: int,
                    start: Position) -> tuple[list[dict[str, Any]], Position]:
        """One page of an index partition, newest (highest sort key) first, from ``start`` (a ``LastEvaluatedKey``
        of the same listing, which ``design_agent.cursors`` vouches for); the page's last key, if there is more."""
        kwargs: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
        result = self._db.query(TableName=self._table, IndexName=index, KeyConditionExpression="#k = :v",
                                ExpressionAttributeNames={"#k": key}, ExpressionAttributeValues=values(v=value),
                                ScanIndexForward=False, Limit=limit, **kwargs)
        return result.get("Items", []), result.get("LastEvaluatedKey")
