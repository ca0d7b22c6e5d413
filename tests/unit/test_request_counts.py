"""DynamoDB requests per operation are part of the contract: a change that adds a round trip shows here."""

from __future__ import annotations

from design_agent.clients import AwsClients
from moto import mock_aws

from bench.request_counts import build, measure_operations

EXPECTED = {
    "Register": 1,
    "Login (+ Auth.IssueSession)": 4,
    "Authorizer": 1,
    "GetUser": 1,
    "UpdateUser": 2,
    "ConsumeQuota": 2,
    "ConsumeQuota (retry, same key)": 2,
    "RefundQuota": 2,
    "Refresh": 3,
    "ListSessions": 1,
    "Logout": 2,
    "CreateClient": 1,  # the client and its authorizer status item in one transaction
    "IssueClientToken": 1,  # one consistent GetItem of the client; the key set is cached
    "Authorizer (worker token)": 1,
    "DisableClient": 1,
    "CreatePoster (5 layers, 100 elements)": 6,  # 5 BatchWriteItem of 25 items, then META
    "GetPoster (whole document)": 1,  # one Query for a document under 1 MB
    "UpdatePoster (after the read)": 1,
    "UpdateLayerOrder (after the read)": 1,
    "CreateElements x10 (after the read)": 1,
    "CreateTask (+ Users.ConsumeQuota)": 4,  # Put pending, Update to queued; the quota transaction + state read
    "CreateTask with Idempotency-Key (first)": 6,  # + the idempotency record: Put in progress, Update completed
    "CreateTask with Idempotency-Key (replay)": 1,  # the conditional Put finds the completed record
    "GetTask": 1,
    "ListTasks (20)": 1,
    "ClaimTask": 2,  # read, then the conditional transition
    "UpdateProgress": 1,  # one conditional update, no read (the item is read only when it is refused)
    "CompleteTask": 2,
    "CancelTask queued (+ Users.RefundQuota)": 5,  # read, transition, refund (2), mark refunded
}


def test_dynamodb_requests_per_operation() -> None:
    with mock_aws():
        counts = measure_operations(build(AwsClients()))
    assert {name: sum(calls.values()) for name, calls in counts.items()} == EXPECTED
