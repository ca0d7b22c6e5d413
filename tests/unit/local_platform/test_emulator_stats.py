"""``/_local/allocations``: where the platform's memory grew, strings and bytes included (the census of
``/_local/objects`` cannot see them: the garbage collector does not track them)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest

from local_platform import emulator_stats

KEPT: list[str] = []


@pytest.fixture
def tracing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(emulator_stats, "_BASELINE", [])
    tracemalloc.start(5)
    try:
        yield
    finally:
        tracemalloc.stop()
        KEPT.clear()


def _keep_receipts(n: int) -> None:
    KEPT.extend(f"receipt-{i:06d}-" + "x" * 180 for i in range(n))  # what a per-request leak of strings looks like


def test_growth_is_found_by_the_stack_that_allocated_it(tracing: None) -> None:
    assert emulator_stats.allocations()["baseline"] is True
    _keep_receipts(20_000)
    grown = emulator_stats.allocations()
    assert grown["grown_mib"] >= 3  # 20,000 strings of ~230 bytes
    top = grown["top"][0]
    assert top["blocks"] >= 20_000
    assert any("_keep_receipts" in line or "test_emulator_stats.py" in line for line in top["stack"])


def test_without_tracing_it_says_how_to_turn_it_on() -> None:
    assert not tracemalloc.is_tracing()
    assert emulator_stats.allocations() == {"tracing": False,
                                            "how": "start the platform with PYTHONTRACEMALLOC=10 (frames per stack)"}
