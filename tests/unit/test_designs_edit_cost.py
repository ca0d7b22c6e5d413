"""An edit of one part of a poster reads only what its check needs: its DynamoDB requests and read units are the
same for a poster of 10 elements and of 1,000 (a whole-document read grows with the poster; an edit must not)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from design_agent.clients import AwsClients
from moto import mock_aws

from bench.designs_edits import SMALL_LAYER, designs_deps, measure
from bench.dynamo_capacity import CapacityMeter

# requests per edit (the BatchGetItem of META and the parts named, the queries a check needs, one transaction)
EXPECTED_REQUESTS = {
    "UpdatePoster": 2,
    "UpdateLayer": 2,
    "UpdateLayerOrder": 3,  # + every layer (at most DESIGN_MAX_LAYERS): the order is renumbered
    "CreateLayer": 2,
    "CreateElements x10": 3,  # + the top of the target layer's stack, from the keys-only index
    "UpdateElement (body)": 2,
    "UpdateElement (to another layer)": 3,  # + the top of the target layer's stack
    "DeleteElement": 2,
    f"DeleteLayer ({SMALL_LAYER} elements)": 4,  # + every layer, + the deleted layer's element keys
}


@pytest.fixture(scope="module")
def costs() -> Iterator[dict[int, dict[str, Any]]]:
    with mock_aws():
        clients = AwsClients()
        deps = designs_deps(clients)
        meter = CapacityMeter(clients.dynamodb())
        yield {size: measure(size, "usr_cost", deps, meter) for size in (10, 1000)}


def test_each_edit_makes_its_pinned_requests(costs: dict[int, dict[str, Any]]) -> None:
    measured = {name: m.cost.total_requests for name, m in costs[10].items() if name in EXPECTED_REQUESTS}
    assert measured == EXPECTED_REQUESTS


@pytest.mark.parametrize("name", list(EXPECTED_REQUESTS))
def test_an_edit_costs_the_same_for_10_and_1000_elements(costs: dict[int, dict[str, Any]], name: str) -> None:
    small, large = costs[10][name].cost, costs[1000][name].cost
    assert large.requests == small.requests
    assert large.rcu == small.rcu
    assert large.wcu == small.wcu


def test_a_whole_document_read_does_grow_with_the_poster(costs: dict[int, dict[str, Any]]) -> None:
    """The meter sees size at all: the same measurement of GET grows with the elements it returns."""
    name = "GetPoster (whole document)"
    assert costs[1000][name].cost.rcu > 20 * costs[10][name].cost.rcu
