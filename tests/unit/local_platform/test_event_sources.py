"""Event source mappings against the embedded moto server: SQS partial batch failures and redrive to the DLQ,
DynamoDB stream retries from the failed sequence number, and the Lambda shape of SQS records. (moto's
in-process ``mock_aws`` does not answer the DynamoDB Streams API; its server does.)"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from design_agent.clients import AwsClients

from local_platform.event_sources import SqsPoller, StreamPoller, sqs_event
from local_platform.functions import FunctionRegistry
from local_platform.moto_fixes import StreamTrim
from local_platform.moto_server import MotoServer
from local_platform.resources import create_queue, create_table
from tests.unit.local_platform.demo_service import JOBS, SERVICE, THINGS
from tests.unit.local_platform.handlers import SEEN


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    server = MotoServer("127.0.0.1", 0).start()
    yield server.url
    server.stop()


@pytest.fixture
def clients(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> AwsClients:
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    return AwsClients()


@pytest.fixture
def registry() -> FunctionRegistry:
    return FunctionRegistry((SERVICE,), "test")


def test_sqs_partial_failures_are_retried_then_dead_lettered(clients: AwsClients, registry: FunctionRegistry) -> None:
    sqs = clients.client("sqs")
    url, _ = create_queue(sqs, JOBS, "test")
    dlq = sqs.get_queue_url(QueueName=JOBS.dlq_name("test"))["QueueUrl"]
    for body in ("good", "bad", "good2"):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    poller = SqsPoller(sqs, registry, registry.functions["design-agent-test-demo-consume"], url, log=lambda _: None,
                       wait_s=1)  # a poll after the last delivery waits only a second
    for _ in range(5):
        poller.poll_once()
    delivered = [body for kind, batch in SEEN if kind == "sqs" for body in batch]
    assert sorted(delivered) == ["bad", "bad", "good", "good2"]  # "bad" twice: the queue's max_receive_count
    assert sqs.receive_message(QueueUrl=url).get("Messages") is None
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=dlq).get("Messages", [])] == ["bad"]


def test_stream_partial_failure_is_retried_from_its_sequence_number(clients: AwsClients,
                                                                    registry: FunctionRegistry) -> None:
    ddb = clients.dynamodb()
    name = create_table(ddb, THINGS, "test")
    poller = StreamPoller(ddb, clients.client("dynamodbstreams"), registry,
                          registry.functions["design-agent-test-demo-changes"], name, log=lambda _: None,
                          retry_backoff_s=0)
    for pk in ("first", "flaky", "last"):
        ddb.put_item(TableName=name, Item={"pk": {"S": pk}, "sk": {"S": "-"}})
    ddb.delete_item(TableName=name, Key={"pk": {"S": "first"}, "sk": {"S": "-"}})
    while poller.poll_once():
        pass
    seen = [(event, pk) for kind, event, pk in SEEN]
    assert seen == [("INSERT", "first"), ("INSERT", "flaky"), ("INSERT", "last"), ("REMOVE", "first"),
                    # the failed record and everything after it, once more
                    ("INSERT", "flaky"), ("INSERT", "last"), ("REMOVE", "first")]


def test_sqs_records_have_the_lambda_shape() -> None:
    message: dict[str, Any] = {
        "MessageId": "m1", "ReceiptHandle": "r1", "Body": "{}", "MD5OfBody": "x",
        "Attributes": {"ApproximateReceiveCount": "1"},
        "MessageAttributes": {"kind": {"StringValue": "poster", "DataType": "String"},
                              "raw": {"BinaryValue": b"\x00\x01", "DataType": "Binary"}}}
    record = sqs_event([message], "arn:aws:sqs:us-east-1:0:q")["Records"][0]
    assert record["eventSource"] == "aws:sqs"
    assert record["messageAttributes"]["kind"]["stringValue"] == "poster"
    assert record["messageAttributes"]["raw"]["binaryValue"] == "AAE="
    assert record["attributes"]["ApproximateReceiveCount"] == "1"


def test_shard_iterators_expire_instead_of_piling_up(clients: AwsClients, registry: FunctionRegistry,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each poll asks for a fresh iterator (and GetRecords makes one more); moto kept every one, each holding its
    shard and, through it, a copy of the table: the platform grew without bound (docs/decisions.md, "What grew the
    platform under fuzzing")."""
    from moto.dynamodbstreams.models import dynamodbstreams_backends

    from local_platform import moto_fixes

    monkeypatch.setattr(moto_fixes, "MAX_ITERATORS", 20)
    ddb = clients.dynamodb()
    name = create_table(ddb, THINGS, "iterators")  # a table of its own
    poller = StreamPoller(ddb, clients.client("dynamodbstreams"), registry,
                          registry.functions["design-agent-test-demo-changes"], name, log=lambda _: None)
    for n in range(30):
        ddb.put_item(TableName=name, Item={"pk": {"S": f"item{n}"}, "sk": {"S": "-"}})
        poller.poll_once()
    kept = [len(backend.shard_iterators) for regions in dynamodbstreams_backends.values()
            for backend in regions.values()]
    assert 0 < max(kept) <= 20
    assert [pk for _, _, pk in SEEN] == [f"item{n}" for n in range(30)]  # every record delivered all the same


def _shard(table_name: str) -> Any:
    from moto.dynamodb.models import dynamodb_backends

    return next(backend.tables[table_name].stream_shard for regions in dynamodb_backends.values()
                for backend in regions.values() if table_name in backend.tables)


def test_records_every_reader_handled_are_dropped_and_sequence_numbers_go_on(
        clients: AwsClients, registry: FunctionRegistry) -> None:
    """moto kept every stream record (old and new image) for the table's life, where the service keeps 24 hours:
    rewriting one item grew the platform by every version it ever had. Records every local reader has handled
    are dropped; a reader behind holds them, and reads after the trim go on from the same sequence numbers."""
    ddb = clients.dynamodb()
    streams_api = clients.client("dynamodbstreams")
    name = create_table(ddb, THINGS, "trimmed")
    fn = registry.functions["design-agent-test-demo-changes"]
    ahead = StreamPoller(ddb, streams_api, registry, fn, name, log=lambda _: None)
    behind = StreamPoller(ddb, streams_api, registry, fn, name, log=lambda _: None)
    trim = StreamTrim([ahead, behind], contextlib.nullcontext, log=lambda _: None)
    for n in range(30):
        ddb.put_item(TableName=name, Item={"pk": {"S": "same"}, "sk": {"S": "-"}, "n": {"N": str(n)}})
        ahead.poll_once()
    shard = _shard(name)
    first = shard.starting_sequence_number
    assert ahead.unread_from() == first + 30
    assert behind.unread_from() is None
    assert trim.trim_once() == 0
    assert len(shard.items) == 30

    while behind.poll_once():
        pass
    assert behind.unread_from() == first + 30
    assert trim.trim_once() == 30
    assert shard.items == []
    assert shard.starting_sequence_number == first + 30

    SEEN.clear()
    ddb.put_item(TableName=name, Item={"pk": {"S": "same"}, "sk": {"S": "-"}, "n": {"N": "30"}})
    assert ahead.poll_once() == 1  # the next record, numbered after the dropped ones
    assert [pk for _, _, pk in SEEN] == ["same"]
    assert ahead.unread_from() == first + 31
    shard_id = streams_api.describe_stream(StreamArn=ddb.describe_table(TableName=name)["Table"][
        "LatestStreamArn"])["StreamDescription"]["Shards"][0]["ShardId"]
    stream_arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    for kind in ({"ShardIteratorType": "TRIM_HORIZON"},
                 {"ShardIteratorType": "AT_SEQUENCE_NUMBER", "SequenceNumber": str(first)}):  # dropped: clamped
        iterator = streams_api.get_shard_iterator(StreamArn=stream_arn, ShardId=shard_id, **kind)["ShardIterator"]
        records = streams_api.get_records(ShardIterator=iterator)["Records"]
        assert [r["dynamodb"]["SequenceNumber"] for r in records] == [str(first + 30)]


def test_the_emulator_keeps_only_the_items_it_stores_not_every_version_it_ever_made(
        clients: AwsClients) -> None:
    """moto appended every model object it ever made (item versions, transaction copies, stream records, shard
    iterators, S3 keys, messages) to a list on its class, never emptied while the platform runs: ~15 KB a request
    under a soak. The platform's emulator tracks none."""
    import gc

    from moto.dynamodb.models.dynamo_type import Item

    ddb = clients.dynamodb()
    name = create_table(ddb, THINGS, "versions")
    before = sum(1 for o in gc.get_objects() if type(o) is Item)
    for n in range(300):  # one item, rewritten
        ddb.put_item(TableName=name, Item={"pk": {"S": "one"}, "sk": {"S": "-"}, "n": {"N": str(n)}})
    gc.collect()
    assert Item.instances_tracked == []  # type: ignore[attr-defined]
    # what is alive: the item stored and the versions its (untrimmed) stream still holds, not the 300 x copies
    # the requests made along the way
    assert sum(1 for o in gc.get_objects() if type(o) is Item) - before < 400
