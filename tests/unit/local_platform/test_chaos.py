"""Fault injection of the local platform (``--chaos``): failed AWS calls inside functions, answered as AWS would
and retried by the SDK (including a write applied whose answer was lost), and consumers that crash mid-batch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from design_agent.clients import AwsClients

from local_platform.chaos import AWS_RATE, AWS_SERVICES, SEED, Chaos, ChaosConfig
from local_platform.functions import FunctionFailed, FunctionRegistry
from local_platform.moto_server import MotoServer
from local_platform.resources import create_table
from tests.unit.local_platform.demo_service import SERVICE, THINGS


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    server = MotoServer("127.0.0.1", 0).start()
    yield server.url
    server.stop()


def registry_with(config: ChaosConfig, monkeypatch: pytest.MonkeyPatch, moto_url: str) -> FunctionRegistry:
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)  # what a worker starts with: the platform's environment
    for key, value in {**config.worker_environment(), SEED: "7"}.items():
        monkeypatch.setenv(key, value)
    registry = FunctionRegistry((SERVICE,), "chaos")
    registry.chaos = Chaos(config, log=lambda _: None, seed=7)
    return registry


def count_items(moto_url: str, table: str, prefix: str) -> int:
    items = AwsClients().dynamodb().scan(TableName=table)["Items"]
    return sum(1 for item in items if item["pk"]["S"].startswith(prefix))


def with_dynamodb_faults(function: str, stage: str, prefix: str, monkeypatch: pytest.MonkeyPatch,
                         moto_url: str) -> tuple[int, Any, str]:
    """One invocation of a demo function writing 40 times to a new table while a fifth of its DynamoDB calls fail
    (seeded): the faults injected, its result and the table."""
    registry = registry_with(ChaosConfig(aws_rate=0.2, aws_services=("dynamodb",), consumer_crash_rate=0),
                             monkeypatch, moto_url)
    table = create_table(AwsClients().dynamodb(), THINGS, stage)
    try:
        result = registry.invoke(registry.functions[f"design-agent-chaos-demo-{function}"],
                                 {"table": table, "prefix": prefix, "count": 40})
    finally:
        registry.close()
    return registry.sandboxes.aws_faults, result, table


def test_failed_aws_calls_are_retried_by_the_sdk_and_a_write_whose_answer_was_lost_applies_once(
        moto_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    faults, result, table = with_dynamodb_faults("aws-calls", "chaos-a", "w", monkeypatch, moto_url)
    assert faults >= 4  # about one call in five failed on purpose
    assert result["already_there"] >= 1  # applied, answer lost, retried: found done (the seed makes it so)
    assert count_items(moto_url, table, "w") == 40


def test_conditional_creates_whose_answer_was_lost_are_recognised_as_done_not_refused(
        moto_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A single-item create (``DynamoRepository._put_new``) and a transaction of guarded puts, each applied and then
    its answer lost: the SDK's retry finds its own item (put) or is answered from its token (transaction)."""
    faults, result, table = with_dynamodb_faults("creates", "chaos-c", "n", monkeypatch, moto_url)
    assert faults >= 8  # about 16 in 80 calls, a third of them answers lost
    assert result == {"created": 80}
    assert count_items(moto_url, table, "n") == 80
    assert count_items(moto_url, table, "GUARD#n") == 40


def test_a_repeated_transaction_token_is_answered_from_the_first_success_and_a_reused_token_refused(
        moto_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    db = AwsClients().dynamodb()
    table = create_table(db, THINGS, "chaos-tokens")
    count = {"Update": {"TableName": table, "Key": {"pk": {"S": "counter"}, "sk": {"S": "-"}},
                        "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}
    guarded = {"Put": {"TableName": table, "Item": {"pk": {"S": "once"}, "sk": {"S": "-"}},
                       "ConditionExpression": "attribute_not_exists(pk)"}}
    db.transact_write_items(TransactItems=[count, guarded], ClientRequestToken="token-1")
    db.transact_write_items(TransactItems=[count, guarded], ClientRequestToken="token-1")  # the SDK's retry
    counter = db.get_item(TableName=table, Key={"pk": {"S": "counter"}, "sk": {"S": "-"}})["Item"]
    assert counter["n"] == {"N": "1"}  # applied once
    with pytest.raises(db.exceptions.IdempotentParameterMismatchException):
        db.transact_write_items(TransactItems=[count], ClientRequestToken="token-1")
    with pytest.raises(db.exceptions.TransactionCanceledException):  # a new token: a new transaction, refused
        db.transact_write_items(TransactItems=[count, guarded], ClientRequestToken="token-2")


def test_a_consumer_invocation_crashes_mid_batch_and_the_platform_counts_it(
        moto_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = registry_with(ChaosConfig(aws_rate=0, consumer_crash_rate=1.0), monkeypatch, moto_url)
    table = create_table(AwsClients().dynamodb(), THINGS, "chaos-b")
    fn = registry.functions["design-agent-chaos-demo-aws-calls"]
    try:
        with pytest.raises(FunctionFailed) as crashed:
            registry.invoke(fn, {"table": table, "prefix": "c", "count": 10}, event_source=True)
        calm = registry.invoke(fn, {"table": table, "prefix": "d", "count": 3})  # not an event source: no crash
    finally:
        registry.close()
    assert crashed.value.payload["errorType"] == "Runtime.ExitError"
    assert count_items(moto_url, table, "c") < 10  # ended part-way through
    assert calm == {"already_there": 0}
    assert count_items(moto_url, table, "d") == 3
    assert registry.chaos is not None
    assert registry.chaos.counts["consumer_crashes"] == 1


def test_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in (AWS_RATE, AWS_SERVICES):
        monkeypatch.delenv(key, raising=False)
    assert FunctionRegistry((SERVICE,), "calm").chaos is None
    assert ChaosConfig.from_env() == ChaosConfig()
