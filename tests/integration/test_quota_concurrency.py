"""The internal quota operation under contention, through the real Lambda Invoke API."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests

from tests.integration.conftest import TASKS_PER_MONTH, Account, Platform


def test_50_concurrent_consumes_against_a_limit_of_10(platform: Platform, user: Account) -> None:
    def consume(i: int) -> dict[str, object]:
        return platform.invoke("users", "ConsumeQuota", {"user_id": user.user_id, "resource": "tasks", "amount": 1,
                                                         "idempotency_key": f"task-{i}"})

    with ThreadPoolExecutor(max_workers=25) as pool:
        answers = list(pool.map(consume, range(50)))

    ok = [a for a in answers if a["ok"]]
    refused = [a for a in answers if not a["ok"]]
    assert len(ok) == TASKS_PER_MONTH
    assert {a["error"]["code"] for a in refused} == {"quota-exceeded"}  # type: ignore[index]
    quota = requests.get(platform.api("/api/v1/users/me/quota"), headers=user.auth, timeout=10).json()
    assert (quota["used_tasks"], quota["max_tasks"]) == (TASKS_PER_MONTH, TASKS_PER_MONTH)


def test_retried_consume_charges_once_and_refund_restores(platform: Platform, user: Account) -> None:
    body = {"user_id": user.user_id, "resource": "tasks", "amount": 1, "idempotency_key": "same-task"}
    first, again = platform.invoke("users", "ConsumeQuota", body), platform.invoke("users", "ConsumeQuota", body)
    assert first["body"]["applied"] is True  # type: ignore[index]
    assert again["body"]["applied"] is False  # type: ignore[index]
    assert again["body"]["used"] == 1  # type: ignore[index]
    refund = platform.invoke("users", "RefundQuota", body)
    assert refund["body"]["used"] == 0  # type: ignore[index]


def test_quota_for_unknown_user_is_a_not_found_error(platform: Platform) -> None:
    answer = platform.invoke("users", "ConsumeQuota", {"user_id": "usr_nobody", "resource": "tasks", "amount": 1,
                                                       "idempotency_key": "k"})
    assert answer["ok"] is False
    assert answer["error"]["code"] == "not-found"  # type: ignore[index]
