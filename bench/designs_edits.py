"""What a poster edit costs as the poster grows: DynamoDB requests, read and write units, and time, for posters of
10, 100, 1,000 and 3,000 elements (moto in-process; the units by DynamoDB's rules, ``bench.dynamo_capacity``).

An edit reads only what its check needs, so its cost is the same for every size; a whole-document read (GET) grows
with the poster. ``tests/unit/test_designs_edit_cost.py`` pins the same figures for 10 and 1,000 elements.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from design_agent.clients import AwsClients
from design_agent.contracts.designs import PosterDocument
from design_agent.settings import Settings

from bench.dynamo_capacity import CapacityMeter, Cost

STAGE = "bench"
SIZES = (10, 100, 1000, 3000)
SMALL_LAYER = 5  # the top layer always holds this many elements, so deleting it costs the same at every size
SHAPE = {"kind": "shape", "width": 10, "height": 10, "fill": "#ff0000"}


@dataclass
class Measured:
    cost: Cost
    seconds: float


def designs_deps(clients: AwsClients, max_elements: int = 5000) -> Any:
    from functions.designs.dal.documents import DocumentsRepository
    from functions.designs.deps import DesignsDeps
    from functions.designs.service import DESIGNS_TABLE
    from local_platform.resources import create_table

    create_table(clients.dynamodb(), DESIGNS_TABLE, STAGE)
    table = DESIGNS_TABLE.physical_name(STAGE)
    settings = Settings.from_env({DESIGNS_TABLE.env_var: table, "DESIGN_MAX_ELEMENTS": str(max_elements)})
    return DesignsDeps(settings=settings, documents=DocumentsRepository(table, clients),
                       storage=None, files=None, clients=clients)  # type: ignore[arg-type]  # shapes only


def poster_of(elements: int, owner_id: str, deps: Any) -> PosterDocument:
    """A poster of ``elements`` elements: the bulk over four layers, and a top layer of ``SMALL_LAYER``."""
    from functions.designs.logic import documents
    from functions.designs.models.api import CreatePosterRequest

    bulk = elements - SMALL_LAYER
    layers = [{"name": f"l{n}", "elements": [SHAPE] * (bulk // 4 + (1 if n < bulk % 4 else 0))} for n in range(4)]
    layers.append({"name": "top", "elements": [SHAPE] * SMALL_LAYER})
    request = CreatePosterRequest.model_validate({"title": "bench", "width": 1080, "height": 1920, "layers": layers})
    return documents.create(owner_id, request, deps)


def edits(document: PosterDocument, deps: Any) -> dict[str, Callable[[], Any]]:
    """Every kind of edit of one poster, in an order that leaves each one something to work on."""
    from functions.designs.logic import documents as d
    from functions.designs.models.api import (
        CreateLayerRequest,
        LayerOrderRequest,
        NewElement,
        UpdateElementRequest,
        UpdateLayerRequest,
        UpdatePosterRequest,
    )

    owner, pid = document.poster.owner_id, document.poster.poster_id
    bottom, top = document.layers[0].layer_id, document.layers[-1].layer_id
    first = document.elements[0].element_id
    last = document.elements[-1].element_id
    edit = d.Edit(owner, pid)
    order = [layer.layer_id for layer in reversed(document.layers)]
    return {
        "GetPoster (whole document)": lambda: d.visible(owner, pid, deps),
        "UpdatePoster": lambda: d.update_poster(edit, UpdatePosterRequest(title="renamed"), deps),
        "UpdateLayer": lambda: d.update_layer(edit, bottom, UpdateLayerRequest(name="renamed"), deps),
        "UpdateLayerOrder": lambda: d.reorder_layers(edit, LayerOrderRequest(layer_ids=order), deps),
        "CreateLayer": lambda: d.create_layer(edit, CreateLayerRequest(name="new"), deps),
        "CreateElements x10": lambda: d.create_elements(
            edit, [NewElement.model_validate({"layer_id": bottom, "body": SHAPE})] * 10, deps),
        "UpdateElement (body)": lambda: d.update_element(
            edit, first, UpdateElementRequest.model_validate({"body": {**SHAPE, "fill": "#00ff00"}}), deps),
        "UpdateElement (to another layer)": lambda: d.update_element(
            edit, first, UpdateElementRequest(layer_id=top), deps),
        "DeleteElement": lambda: d.delete_element(edit, last, deps),
        f"DeleteLayer ({SMALL_LAYER} elements)": lambda: d.delete_layer(edit, top, deps),
    }


def measure(elements: int, owner_id: str, deps: Any, meter: CapacityMeter) -> dict[str, Measured]:
    document = poster_of(elements, owner_id, deps)
    out = {}
    for name, run in edits(document, deps).items():
        with meter.measure() as cost:
            started = time.perf_counter()
            run()
            seconds = time.perf_counter() - started
        out[name] = Measured(cost, seconds)
    return out


def main() -> None:
    from moto import mock_aws

    from local_platform.moto_dynamodb import install

    install()  # as the local platform runs it: the emulator's cost follows the partition
    for key, value in {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():
        os.environ.setdefault(key, value)
    with mock_aws():
        clients = AwsClients()
        deps = designs_deps(clients)
        meter = CapacityMeter(clients.dynamodb())
        results = {size: measure(size, "usr_bench", deps, meter) for size in SIZES}
    print("Poster edits by poster size: DynamoDB requests / read units / write units, and time as a ratio to the "
          f"{SIZES[0]}-element poster's (moto in-process)")
    print(f"  {'operation':<34}" + "".join(f"{f'{n} elements':>24}" for n in SIZES))
    for name in results[SIZES[0]]:
        base = results[SIZES[0]][name].seconds
        cells = []
        for size in SIZES:
            m = results[size][name]
            cells.append(f"{m.cost.total_requests:>3} {m.cost.rcu:>6.1f} {m.cost.wcu:>5.1f} "
                         f"{m.seconds / base:>5.1f}x")
        print(f"  {name:<34}" + "".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
