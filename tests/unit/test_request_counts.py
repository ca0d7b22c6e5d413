"""DynamoDB requests per operation are part of the contract: a change that adds a round trip shows here.

The counts are of each operation's own work. Every HTTP call of a signed-in user (``Auth.USER``/``ADMIN`` routes,
user tokens) also takes a token from the caller's per-user bucket before its route runs: one more request when the
bucket is full, two within a burst, one for a refused call (the last three rows; ``design_agent.rate_limits``).
"""

from __future__ import annotations

from design_agent.clients import AwsClients
from moto import mock_aws

from bench.request_counts import build, measure_operations

EXPECTED = {
    "Register": 1,
    # the throttle's state (1 BatchGetItem), the email guard, the profile, the session transaction; a first login
    # from a source also marks it known for the email (a Put; README "Security": the owner's known sources are not
    # slowed by a lock of the email)
    "Login (+ Auth.IssueSession)": 5,
    "Login again (+ Auth.IssueSession), a known source": 4,
    "Authorizer": 1,
    "GetUser": 1,
    "UpdateUser": 2,
    "ConsumeQuota": 2,
    "ConsumeQuota (retry, same key)": 2,
    "RefundQuota": 2,
    "Refresh": 3,
    "Refresh (replay within the grace window)": 2,  # the same successor again: two reads, nothing written
    "ListSessions": 1,
    "Logout": 3,  # the session, the access token; + Notifications.CloseConnections: the user's connections query
    "CreateClient": 1,  # the client and its authorizer status item in one transaction
    "IssueClientToken": 1,  # one consistent GetItem of the client; the key set is cached
    "Authorizer (worker token)": 1,
    "DisableClient": 1,
    "CreatePoster (5 layers, 100 elements)": 6,  # 5 BatchWriteItem of 25 items, then META
    "GetPoster (whole document)": 1,  # one Query for a document under 1 MB
    # an edit reads what it checks and commits one transaction (tests/unit/test_designs_edit_cost.py: every edit,
    # and the same cost for a poster of 10 or 1,000 elements)
    "UpdatePoster": 2,  # META (BatchGetItem), the transaction
    "UpdateLayerOrder": 3,  # META, the layers (Query), the transaction
    "CreateElements x10": 3,  # META and the target layer, the top of its stack (keys-only index), the transaction
    "CreateTask (+ Users.ConsumeQuota)": 4,  # Put pending, Update to queued; the quota transaction + state read
    "CreateTask with Idempotency-Key (first)": 6,  # + the idempotency record: Put in progress, Update completed
    "CreateTask with Idempotency-Key (replay)": 1,  # the conditional Put finds the completed record
    "GetTask": 1,
    "ListTasks (20)": 1,
    "ClaimTask": 2,  # read, then the conditional transition
    "UpdateProgress": 1,  # one conditional update, no read (the item is read only when it is refused)
    "CompleteTask": 2,
    "CancelTask queued (+ Users.RefundQuota)": 5,  # read, transition, refund (2), mark refunded
    "ClaimTask (a takeover)": 2,  # as any claim: the lease ran out, so the conditional transition holds
    # the common write is refused (the holder is below what clients were shown), the item read, the lease renewed
    "UpdateProgress (a new holder below the progress shown)": 3,
    # the per-user limit, on top of each user HTTP call above (GetUser is 1 + 1 for a user below the rate)
    "Per-user limit, full bucket": 1,  # one conditional UpdateItem: the common case of a user below the rate
    "Per-user limit, within a burst": 2,  # the full-bucket write is refused (its tat comes back), then the take
    "Per-user limit, refused (429)": 1,  # the refused write tells the tat; nothing is written
}


def test_dynamodb_requests_per_operation() -> None:
    with mock_aws():
        counts = measure_operations(build(AwsClients()))
    assert {name: sum(calls.values()) for name, calls in counts.items()} == EXPECTED
