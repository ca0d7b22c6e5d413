"""``/_local/allocations``: where the platform's memory grew, strings and bytes included (the census of
``/_local/objects`` cannot see them: the garbage collector does not track them)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest

from local_platform import emulator_stats

KEPT: list[str] = []


@pytest.fixture
def traced() -> Iterator[None]:
    assert not tracemalloc.is_tracing()
    try:
        yield
    finally:
        tracemalloc.stop()
        KEPT.clear()


def _keep_receipts(n: int) -> None:
    KEPT.extend(f"receipt-{i:06d}-" + "x" * 180 for i in range(n))  # what a per-request leak of strings looks like


def test_the_first_call_starts_tracing_and_later_ones_name_the_stack_that_kept_memory(traced: None) -> None:
    _keep_receipts(5_000)  # before tracing: not counted
    assert emulator_stats.allocations() == {"tracing": "started", "frames": emulator_stats.TRACE_FRAMES}
    _keep_receipts(20_000)
    grown = emulator_stats.allocations()
    assert grown["traced_mib"] >= 3  # 20,000 strings of ~230 bytes
    top = grown["top"][0]
    assert 20_000 <= top["blocks"] < 25_000
    assert any("_keep_receipts" in line or "test_emulator_stats.py" in line for line in top["stack"])
