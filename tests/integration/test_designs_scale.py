"""Design service at its limits, over real HTTP: the largest poster the API accepts works end to end (templates
included), every limit is a 422 naming it, and edits without If-Match that race keep the poster's counts exact."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from tests.integration.conftest import Account, Platform

P = "/api/v1/designs/posters"
DOCUMENT_LIMIT = 4 * 1024 * 1024  # DESIGN_MAX_DOCUMENT_BYTES' default
MAX_ELEMENTS = 500  # DESIGN_MAX_ELEMENTS' default


def _chinese(rng: random.Random, n: int) -> str:
    """Text that does not compress away: random common hanzi (3 bytes each in UTF-8)."""
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(n))


def _poster(layers: list[list[dict[str, Any]]]) -> dict[str, Any]:
    return {"title": "scale", "width": 1080, "height": 1920,
            "layers": [{"name": f"layer {n}", "elements": elements} for n, elements in enumerate(layers)]}


def _text(content: str) -> dict[str, Any]:
    return {"kind": "text", "content": content, "x": 10, "y": 10, "width": 500, "height": 80}


def _shape() -> dict[str, Any]:
    return {"kind": "shape", "shape": "rectangle", "x": 0, "y": 0, "width": 10, "height": 10, "fill": "#336699"}


def test_the_largest_poster_the_api_accepts_round_trips_through_a_template(platform: Platform, user: Account) -> None:
    """500 elements of ~7 KB of Chinese text each: ~3.5 MB, under the document limit; its template snapshot is far
    beyond one DynamoDB item (400 KB), which was a 500 when the snapshot was one item."""
    rng = random.Random(7)
    elements = [_text(_chinese(rng, 2300)) for _ in range(MAX_ELEMENTS)]
    created = requests.post(platform.api(P), headers=user.auth, json=_poster([elements[:250], elements[250:]]),
                            timeout=120)
    assert created.status_code == 201, created.text[:500]
    poster = created.json()["poster"]
    assert (poster["element_count"], poster["layer_count"]) == (MAX_ELEMENTS, 2)
    assert 3 * 1024 * 1024 < poster["content_bytes"] < DOCUMENT_LIMIT
    saved = requests.post(platform.api(f"{P}/{poster['poster_id']}/template"), headers=user.auth, timeout=120,
                          json={"name": "大海报", "category": "scale"})
    assert saved.status_code == 201, saved.text[:500]
    tid = saved.json()["template_id"]
    fetched = requests.get(platform.api(f"/api/v1/designs/templates/{tid}"), headers=user.auth, timeout=120)
    assert fetched.status_code == 200, fetched.text[:500]
    assert [e["body"]["content"] for e in fetched.json()["document"]["elements"]] == [e["content"] for e in elements]
    made = requests.post(platform.api(f"/api/v1/designs/templates/{tid}/posters"), headers=user.auth, timeout=120,
                         json={"title": "copy"})
    assert made.status_code == 201, made.text[:500]
    assert made.json()["poster"]["element_count"] == MAX_ELEMENTS
    assert made.json()["poster"]["content_bytes"] == poster["content_bytes"]


def test_a_document_over_the_size_limit_is_a_422_on_create_and_on_edit(platform: Platform, user: Account) -> None:
    rng = random.Random(8)
    over = [_text(_chinese(rng, 4900)) for _ in range(300)]  # ~4.4 MB
    refused = requests.post(platform.api(P), headers=user.auth, json=_poster([over]), timeout=120)
    assert (refused.status_code, refused.json()["limit"]) == (422, "max_document_bytes"), refused.text[:300]
    near = requests.post(platform.api(P), headers=user.auth, json=_poster([over[:270]]), timeout=120)
    assert near.status_code == 201, near.text[:300]
    pid = near.json()["poster"]["poster_id"]
    layer = near.json()["layers"][0]["layer_id"]
    grow = requests.post(platform.api(f"{P}/{pid}/elements"), headers=user.auth, timeout=60,
                         json={"elements": [{"layer_id": layer, "body": e} for e in over[270:300]]})
    assert (grow.status_code, grow.json()["limit"]) == (422, "max_document_bytes"), grow.text[:300]
    element = near.json()["elements"][0]["element_id"]
    shrink = requests.patch(platform.api(f"{P}/{pid}/elements/{element}"), headers=user.auth, timeout=60,
                            json={"body": _text("短")})
    assert shrink.status_code == 200, shrink.text[:300]


def test_deleting_a_layer_bigger_than_one_transaction(platform: Platform, user: Account) -> None:
    created = requests.post(platform.api(P), headers=user.auth, timeout=60,
                            json=_poster([[_shape()] * 3, [_shape()] * 150, [_shape()] * 2])).json()
    pid, doomed = created["poster"]["poster_id"], created["layers"][1]["layer_id"]
    deleted = requests.delete(platform.api(f"{P}/{pid}/layers/{doomed}"), headers=user.auth, timeout=60)
    assert deleted.status_code == 204, deleted.text
    after = requests.get(platform.api(f"{P}/{pid}"), headers=user.auth, timeout=30).json()
    assert [layer["order"] for layer in after["layers"]] == [0, 1]
    assert len(after["elements"]) == after["poster"]["element_count"] == 5
    assert after["poster"]["layer_count"] == 2


def test_racing_edits_without_if_match_all_apply_and_keep_the_counts(platform: Platform, user: Account) -> None:
    created = requests.post(platform.api(P), headers=user.auth, json=_poster([[_shape()]]), timeout=30).json()
    pid, layer = created["poster"]["poster_id"], created["layers"][0]["layer_id"]

    def add(_: int) -> int:
        return requests.post(platform.api(f"{P}/{pid}/elements"), headers=user.auth, timeout=60,
                             json={"elements": [{"layer_id": layer, "body": _shape()}] * 3}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(add, range(6)))
    assert statuses == [201] * 6
    after = requests.get(platform.api(f"{P}/{pid}"), headers=user.auth, timeout=30).json()
    assert after["poster"]["element_count"] == len(after["elements"]) == 19
    assert sorted(e["z"] for e in after["elements"]) == list(range(19))  # each on top: no two share a place
    assert after["poster"]["version"] == 7
