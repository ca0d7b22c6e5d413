"""DynamoDB capacity units of each request, computed from the items it reads and writes by DynamoDB's published
rules, because the emulator does not meter them.

Reads: a strongly consistent read costs one unit per 4 KB, rounded up — per item for GetItem and BatchGetItem, over
the sum of every item a Query returns (a keys-only index returns only the keys, and costs by them). Writes: one unit
per 1 KB of each item written, rounded up; in a transaction every item costs twice. An Update or Delete is metered
here by the item as the request names it (its key and the values it sets), a floor of what DynamoDB charges (the
stored item's size): enough to tell whether an edit's cost follows the poster's size, which is what this is for.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

READ_UNIT, WRITE_UNIT = 4096, 1024


def attribute_size(value: Mapping[str, Any]) -> int:
    """The stored size of one attribute value (DynamoDB's item size rules, numbers approximated by digits)."""
    (kind, raw), = value.items()
    if kind == "S":
        return len(str(raw).encode())
    if kind == "N":
        return 1 + math.ceil(len(str(raw).lstrip("-").replace(".", "")) / 2)
    if kind == "B":
        return len(raw)
    if kind in {"BOOL", "NULL"}:
        return 1
    if kind == "L":
        return 3 + sum(1 + attribute_size(v) for v in raw)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + attribute_size(v) for k, v in raw.items())
    if kind in {"SS", "BS"}:
        return sum(len(v.encode() if isinstance(v, str) else v) for v in raw)
    if kind == "NS":
        return sum(1 + math.ceil(len(v) / 2) for v in raw)
    raise ValueError(f"unknown attribute type {kind}")


def item_size(item: Mapping[str, Any]) -> int:
    return sum(len(name.encode()) + attribute_size(value) for name, value in item.items())


def _units(size: int, unit: int) -> int:
    return max(1, math.ceil(size / unit))


def read_units(operation: str, params: Mapping[str, Any], parsed: Mapping[str, Any]) -> float:
    consistent = 1.0 if params.get("ConsistentRead") else 0.5
    if operation == "GetItem":
        return consistent * _units(item_size(parsed.get("Item", {})), READ_UNIT)
    if operation == "BatchGetItem":
        items = [i for table in parsed.get("Responses", {}).values() for i in table]
        return sum(consistent * _units(item_size(i), READ_UNIT) for i in items)
    if operation in {"Query", "Scan"}:
        if params.get("Select") == "COUNT":  # what was counted is not returned: a floor of one unit
            return consistent
        return consistent * _units(sum(item_size(i) for i in parsed.get("Items", [])), READ_UNIT)
    return 0.0


def _written(entry: Mapping[str, Any]) -> Mapping[str, Any]:
    if "Item" in entry:
        return entry["Item"]  # type: ignore[no-any-return]
    return {**entry.get("Key", {}), **entry.get("ExpressionAttributeValues", {})}


def write_units(operation: str, params: Mapping[str, Any]) -> float:
    if operation in {"PutItem", "UpdateItem", "DeleteItem"}:
        return float(_units(item_size(_written(params)), WRITE_UNIT))
    if operation == "TransactWriteItems":
        return sum(2.0 * _units(item_size(_written(next(iter(entry.values())))), WRITE_UNIT)
                   for entry in params["TransactItems"] if "ConditionCheck" not in entry)
    if operation == "BatchWriteItem":
        return sum(float(_units(item_size(request.get("PutRequest", {}).get("Item")
                                          or request["DeleteRequest"]["Key"]), WRITE_UNIT))
                   for table in params["RequestItems"].values() for request in table)
    return 0.0


@dataclass
class Cost:
    """DynamoDB requests by operation, and the read and write units they consumed."""

    requests: Counter[str] = field(default_factory=Counter)
    rcu: float = 0.0
    wcu: float = 0.0

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())


class CapacityMeter:
    """Requests, read units and write units of the DynamoDB calls made through one boto3 client."""

    def __init__(self, client: Any) -> None:
        self.requests: Counter[str] = Counter()
        self.rcu = 0.0
        self.wcu = 0.0
        client.meta.events.register("before-parameter-build.dynamodb", self._params)
        client.meta.events.register("after-call.dynamodb", self._metered)

    @staticmethod
    def _params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["capacity_params"] = params

    def _metered(self, model: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        params = context.get("capacity_params", {})
        self.requests[model.name] += 1
        self.rcu += read_units(model.name, params, parsed)
        self.wcu += write_units(model.name, params)

    @contextmanager
    def measure(self) -> Iterator[Cost]:
        """The cost of the DynamoDB calls made inside the block."""
        before = (self.requests.copy(), self.rcu, self.wcu)
        cost = Cost()
        yield cost
        cost.requests.update(self.requests - before[0])
        cost.rcu, cost.wcu = round(self.rcu - before[1], 1), round(self.wcu - before[2], 1)
