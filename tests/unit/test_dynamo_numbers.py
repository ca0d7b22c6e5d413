"""Numbers DynamoDB cannot hold are refused as 422 before boto3 fails on them (found by the contract test: a poster
element 5e-324 px wide passed ``gt=0`` and came back as a 500 from boto3's ``decimal.Underflow``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from design_agent import errors
from design_agent.dynamo import from_item, to_item, values


@pytest.mark.parametrize("number", [5e-324, 1e-131, 1e126, 1e300, float("inf"), float("-inf"), float("nan"),
                                    10**38])
def test_a_number_dynamodb_cannot_hold_is_422(number: float) -> None:
    with pytest.raises(errors.Unprocessable) as refused:
        to_item({"element": {"width": number}})
    assert refused.value.status == 422
    with pytest.raises(errors.Unprocessable):
        values(width=number)


@pytest.mark.parametrize("number", [0, 0.0, -0.0, 1e-130, -1e-130, 0.1, 1080, -2160.5, 1.25e-7, 10**37, True])
def test_numbers_dynamodb_holds_round_trip(number: float) -> None:
    item = to_item({"n": number, "nested": [number, {"n": number}]})
    assert from_item(item) == {"n": number, "nested": [number, {"n": number}]}


def test_floats_are_stored_as_their_shortest_decimal() -> None:
    assert to_item({"n": 0.1})["n"] == {"N": str(Decimal("0.1"))}
