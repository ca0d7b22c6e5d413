"""The emulated DynamoDB answers as moto does, at a cost that follows the partition (local_platform.moto_dynamodb):
a Query looks at one partition's items, a transaction copies only the items it touches, and a cancelled
transaction still leaves nothing behind — not in the table, not in its stream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import Item
from moto.dynamodb.models.table import Table

from local_platform.moto_dynamodb import install

OTHER_PARTITIONS = 300


@pytest.fixture
def db() -> Iterator[Any]:
    install()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
        client.create_table(
            TableName="t", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "lsk", "gpk")],
            LocalSecondaryIndexes=[{"IndexName": "lsi", "Projection": {"ProjectionType": "KEYS_ONLY"},
                                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                  {"AttributeName": "lsk", "KeyType": "RANGE"}]}],
            GlobalSecondaryIndexes=[{"IndexName": "gsi", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}]}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        for n in range(OTHER_PARTITIONS):
            client.put_item(TableName="t", Item={"pk": {"S": f"other{n}"}, "sk": {"S": "x"}, "gpk": {"S": "all"}})
        for n in range(5):
            client.put_item(TableName="t", Item={"pk": {"S": "p"}, "sk": {"S": f"s{n}"}, "lsk": {"S": f"l{4 - n}"},
                                                 "gpk": {"S": "all"}, "n": {"N": str(n)}})
        yield client


def _stream_records() -> int:
    """The records in the table's stream (what the local stream poller would read next)."""
    table = dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].tables["t"]
    return len(table.stream_shard.items)


@pytest.fixture
def items_considered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many items each Query looked at (the length of the candidate list moto filters)."""
    seen: list[int] = []
    original = Table.all_items

    def spy(self: Table) -> list[Item]:
        found = original(self)
        seen.append(len(found))
        return found

    monkeypatch.setattr(Table, "all_items", spy)
    return seen


def test_a_table_query_reads_one_partition_with_paging(db: Any, items_considered: list[int]) -> None:
    first = db.query(TableName="t", KeyConditionExpression="pk = :p", Limit=3,
                     ExpressionAttributeValues={":p": {"S": "p"}})
    rest = db.query(TableName="t", KeyConditionExpression="pk = :p", ExclusiveStartKey=first["LastEvaluatedKey"],
                    ExpressionAttributeValues={":p": {"S": "p"}})
    assert [i["sk"]["S"] for i in first["Items"] + rest["Items"]] == [f"s{n}" for n in range(5)]
    assert items_considered == [5, 5]


def test_a_local_index_query_reads_one_partition_in_index_order(db: Any, items_considered: list[int]) -> None:
    found = db.query(TableName="t", IndexName="lsi", ConsistentRead=True, ScanIndexForward=False, Limit=2,
                     KeyConditionExpression="pk = :p AND begins_with(lsk, :l)",
                     ExpressionAttributeValues={":p": {"S": "p"}, ":l": {"S": "l"}})
    assert [i["lsk"]["S"] for i in found["Items"]] == ["l4", "l3"]
    assert set(found["Items"][0]) == {"pk", "sk", "lsk"}  # keys only
    assert items_considered == [5]


def test_a_global_index_query_still_sees_every_partition(db: Any, items_considered: list[int]) -> None:
    found = db.query(TableName="t", IndexName="gsi", KeyConditionExpression="gpk = :g",
                     ExpressionAttributeValues={":g": {"S": "all"}})
    assert found["Count"] == OTHER_PARTITIONS + 5
    assert items_considered == [OTHER_PARTITIONS + 5]


@pytest.fixture
def items_copied(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    copies = [0]
    original = Item.__deepcopy__

    def counting(self: Item, memo: dict[int, Any]) -> Item:
        copies[0] += 1
        return original(self, memo)

    monkeypatch.setattr(Item, "__deepcopy__", counting)
    return copies


def test_a_transaction_copies_only_what_it_touches(db: Any, items_copied: list[int]) -> None:
    db.transact_write_items(TransactItems=[{"Update": {
        "TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "s0"}}, "UpdateExpression": "SET n = :n",
        "ExpressionAttributeValues": {":n": {"N": "10"}}}}])
    assert items_copied[0] <= 3  # the journal's copy of the item (and moto's own of the item it updates)
    assert db.get_item(TableName="t", Key={"pk": {"S": "p"}, "sk": {"S": "s0"}})["Item"]["n"] == {"N": "10"}


def test_a_cancelled_transaction_leaves_no_trace_in_the_table_or_its_stream(db: Any) -> None:
    records = _stream_records()
    with pytest.raises(ClientError) as refused:
        db.transact_write_items(TransactItems=[
            {"Put": {"TableName": "t", "Item": {"pk": {"S": "p"}, "sk": {"S": "new"}}}},
            {"Delete": {"TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "s1"}}}},
            {"Update": {"TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "s2"}},
                        "UpdateExpression": "SET n = :n", "ConditionExpression": "n = :wrong",
                        "ExpressionAttributeValues": {":n": {"N": "7"}, ":wrong": {"N": "99"}}}},
            {"Put": {"TableName": "t", "Item": {"pk": {"S": "brand-new"}, "sk": {"S": "x"}}}}])
    reasons = [r["Code"] for r in refused.value.response["CancellationReasons"]]
    assert reasons == ["None", "None", "ConditionalCheckFailed", "None"]
    partition = db.query(TableName="t", KeyConditionExpression="pk = :p", ConsistentRead=True,
                         ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
    assert [(i["sk"]["S"], i["n"]["N"]) for i in partition] == [(f"s{n}", str(n)) for n in range(5)]
    assert "Item" not in db.get_item(TableName="t", Key={"pk": {"S": "brand-new"}, "sk": {"S": "x"}})
    assert _stream_records() == records


def test_a_transaction_naming_one_item_twice_is_refused_and_undone(db: Any) -> None:
    key = {"pk": {"S": "p"}, "sk": {"S": "s3"}}
    with pytest.raises(ClientError):
        db.transact_write_items(TransactItems=[
            {"Update": {"TableName": "t", "Key": key, "UpdateExpression": "SET n = :n",
                        "ExpressionAttributeValues": {":n": {"N": "42"}}}},
            {"Delete": {"TableName": "t", "Key": key}}])
    assert db.get_item(TableName="t", Key=key)["Item"]["n"] == {"N": "3"}


RICH = {"pk": {"S": "rich"}, "sk": {"S": "海报 poster"}, "n": {"N": "12.50"}, "b": {"B": b"\x00\xffbytes"},
        "ss": {"SS": ["a", "春"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": [b"x", b"\x01"]},
        "empty": {"S": ""}, "nothing": {"NULL": True}, "yes": {"BOOL": True}, "no": {"BOOL": False},
        "doc": {"M": {"title": {"S": "春季特卖"}, "layers": {"L": [
            {"M": {"name": {"S": f"layer {n}"}, "z": {"N": str(n)}, "hidden": {"BOOL": n % 2 == 0},
                   "tags": {"L": [{"S": "t"}, {"N": "1"}, {"NULL": True}, {"B": b"\x02"}]}, "none": {"M": {}}}}
            for n in range(40)]}, "empty_list": {"L": []}}}}


def _bodies(db: Any, calls: dict[str, Any]) -> dict[str, Any]:
    """Each call's raw JSON answer, as the emulator wrote it."""
    import json

    raw: list[bytes] = []

    def keep(response_dict: dict[str, Any], **_: Any) -> None:
        raw.append(response_dict["body"])

    db.meta.events.register("before-parse.dynamodb.*", keep)
    try:
        answers = {}
        for name, call in calls.items():
            call()
            answers[name] = json.loads(raw.pop())
        return answers
    finally:
        db.meta.events.unregister("before-parse.dynamodb.*", keep)


def test_attribute_values_are_written_out_as_moto_writes_them_and_round_trip(db: Any) -> None:
    from moto.core.serialize import BaseJSONSerializer

    db.put_item(TableName="t", Item=RICH)
    key = {"pk": RICH["pk"], "sk": RICH["sk"]}
    calls = {
        "get": lambda: db.get_item(TableName="t", Key=key),
        "query": lambda: db.query(TableName="t", KeyConditionExpression="pk = :p",
                                  ExpressionAttributeValues={":p": RICH["pk"]}),
        "scan": lambda: db.scan(TableName="t", Limit=400),
        "batch": lambda: db.batch_get_item(RequestItems={"t": {"Keys": [key]}}),
        "transact": lambda: db.transact_get_items(TransactItems=[{"Get": {"TableName": "t", "Key": key}}]),
        "update": lambda: db.update_item(TableName="t", Key=key, UpdateExpression="SET yes = :t",
                                         ExpressionAttributeValues={":t": {"BOOL": True}}, ReturnValues="ALL_NEW"),
    }
    fast = _bodies(db, calls)
    patched = BaseJSONSerializer._serialize_type_structure
    BaseJSONSerializer._serialize_type_structure = patched.__wrapped__  # type: ignore[attr-defined,method-assign]
    try:
        moto_own = _bodies(db, calls)
    finally:
        BaseJSONSerializer._serialize_type_structure = patched  # type: ignore[method-assign]
    assert fast == moto_own
    assert db.get_item(TableName="t", Key=key)["Item"] == RICH  # what was written comes back, bytes and all


def test_writing_out_an_item_costs_no_reflection_per_nested_value(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.core.serialize import XFormedAttributePicker

    picks: list[int] = []
    original = XFormedAttributePicker.__call__

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        picks.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(XFormedAttributePicker, "__call__", counted)
    db.put_item(TableName="t", Item={**RICH, "sk": {"S": "small"}, "doc": {"M": {}}})
    db.get_item(TableName="t", Key={"pk": RICH["pk"], "sk": {"S": "small"}})
    small = len(picks)
    picks.clear()
    db.put_item(TableName="t", Item=RICH)
    db.get_item(TableName="t", Key={"pk": RICH["pk"], "sk": RICH["sk"]})
    assert len(picks) == small  # 40 nested layers more: not one more lookup (moto's own serializer: ~1,800)
