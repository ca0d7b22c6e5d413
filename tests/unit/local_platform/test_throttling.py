"""Local throttling: token buckets with API Gateway's semantics and the stage's limits from cdk.json."""

from __future__ import annotations

from design_agent.spec import Throttle

from local_platform.throttling import TokenBucket, stage_limit, user_limit_environment


def test_a_bucket_allows_a_burst_then_its_rate() -> None:
    now = [100.0]
    bucket = TokenBucket(Throttle(rate_rps=50, burst=5), monotonic=lambda: now[0])
    assert [bucket.take() for _ in range(6)] == [True] * 5 + [False]
    now[0] += 0.05  # 2.5 tokens back
    assert [bucket.take() for _ in range(3)] == [True, True, False]


def test_stage_limits_come_from_cdk_json_with_dev_as_the_default() -> None:
    assert stage_limit("prod") == Throttle(rate_rps=200, burst=400)
    assert stage_limit("local") == stage_limit("dev") == Throttle(rate_rps=20, burst=40)


def test_the_per_user_limit_is_given_to_the_functions_from_cdk_json() -> None:
    # the functions apply it themselves (design_agent.rate_limits); the platform passes the stage's values
    assert user_limit_environment("local") == user_limit_environment("dev") == {"USER_RATE_RPS": "10",
                                                                                 "USER_BURST": "40"}
