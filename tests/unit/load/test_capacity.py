"""docs/capacity.md is what its inputs give (measured request counts, service descriptions, the profile and the
prices): a change to any of them without `make capacity` fails here."""

from __future__ import annotations

import pytest

from load import capacity


def test_the_capacity_document_regenerates_from_its_inputs() -> None:
    assert capacity.DOC.read_text() == capacity.render(capacity.measured_rows()), "run make capacity"


def test_cost_follows_the_scale() -> None:
    rows = capacity.measured_rows()
    small, large = (capacity.month(users, rows) for users in (1_000, 1_000_000))
    assert large.ddb_requests == pytest.approx(1000 * small.ddb_requests)
    assert small.ddb_requests > 0
    assert sum(capacity.cost(large).values()) == pytest.approx(1000 * sum(capacity.cost(small).values()))
