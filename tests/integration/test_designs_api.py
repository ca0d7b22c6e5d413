"""Design service over real HTTP: whole documents, versioning with ETags, limits, templates, export, and the
PosterDeleted event published from the table's stream."""

from __future__ import annotations

import io
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from PIL import Image

from tests.integration.conftest import STAGE, Account, Platform, register_and_login

P = "/api/v1/designs/posters"


def _element(rng: random.Random, i: int) -> dict[str, Any]:
    geometry = {"x": rng.randrange(0, 1000), "y": rng.randrange(0, 1800), "width": rng.randrange(20, 400),
                "height": rng.randrange(20, 300), "rotation": rng.choice([0, 15, -30, 90]), "opacity": 0.9}
    if i % 3 == 0:
        return {**geometry, "kind": "text", "content": f"Line {i} 春节快乐", "font_size": 24 + i % 20,
                "color": "#112233", "align": rng.choice(["left", "center", "right"])}
    if i % 3 == 1:
        return {**geometry, "kind": "shape", "shape": rng.choice(["rectangle", "ellipse", "line"]),
                "fill": "#ff6600", "stroke": "#000000", "stroke_width": 2}
    return {**geometry, "kind": "shape", "shape": "rectangle", "fill": "#00aa88", "corner_radius": 8}


def big_poster(seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    layers = [{"name": f"layer {n}", "elements": [_element(rng, n * 20 + i) for i in range(20)]} for n in range(5)]
    return {"title": "Spring sale", "width": 1080, "height": 1920, "background": {"color": "#fafafa"},
            "layers": layers}


def create(platform: Platform, who: Account, body: dict[str, Any]) -> requests.Response:
    return requests.post(platform.api(P), headers=who.auth, json=body, timeout=30)


def test_big_poster_round_trips_identically(platform: Platform, user: Account) -> None:
    body = big_poster()
    created = create(platform, user, body)
    assert created.status_code == 201, created.text
    document = created.json()
    assert created.headers["ETag"] == '"1"'
    fetched = requests.get(platform.api(f"{P}/{document['poster']['poster_id']}"), headers=user.auth, timeout=10)
    assert fetched.status_code == 200
    assert fetched.json() == document
    assert [layer["name"] for layer in fetched.json()["layers"]] == [f"layer {n}" for n in range(5)]
    sent = [e for layer in body["layers"] for e in layer["elements"]]
    got = [{k: v for k, v in e["body"].items() if k in sent[i]} for i, e in enumerate(fetched.json()["elements"])]
    assert got == sent
    again = requests.get(platform.api(f"{P}/{document['poster']['poster_id']}"), timeout=10,
                         headers={**user.auth, "If-None-Match": fetched.headers["ETag"]})
    assert again.status_code == 304


def test_layers_reorder_and_element_moves(platform: Platform, user: Account) -> None:
    document = create(platform, user, big_poster(2)).json()
    pid = document["poster"]["poster_id"]
    ids = [layer["layer_id"] for layer in document["layers"]]
    bad = requests.put(platform.api(f"{P}/{pid}/layer-order"), headers=user.auth, json={"layer_ids": ids[:-1]},
                       timeout=10)
    assert bad.status_code == 422
    reordered = requests.put(platform.api(f"{P}/{pid}/layer-order"), headers=user.auth,
                             json={"layer_ids": list(reversed(ids))}, timeout=10)
    assert reordered.status_code == 204, reordered.text
    assert reordered.headers["ETag"] == '"2"'
    fetched = requests.get(platform.api(f"{P}/{pid}"), headers=user.auth, timeout=10).json()
    assert [layer["layer_id"] for layer in fetched["layers"]] == list(reversed(ids))
    element = fetched["elements"][0]
    moved = requests.patch(platform.api(f"{P}/{pid}/elements/{element['element_id']}"), headers=user.auth,
                           json={"layer_id": ids[0]}, timeout=10)
    assert moved.status_code == 200, moved.text
    assert moved.json()["layer_id"] == ids[0]
    assert moved.json()["z"] == 20  # on top of the 20 elements already there


def test_concurrent_updates_with_the_same_if_match_exactly_one_wins(platform: Platform, user: Account) -> None:
    document = create(platform, user, {"title": "race", "width": 800, "height": 600}).json()
    pid = document["poster"]["poster_id"]

    def rename(i: int) -> int:
        return requests.patch(platform.api(f"{P}/{pid}"), headers={**user.auth, "If-Match": '"1"'},
                              json={"title": f"title {i}"}, timeout=10).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(rename, range(8)))
    assert sorted(statuses) == [204] + [412] * 7
    stale = requests.patch(platform.api(f"{P}/{pid}"), headers={**user.auth, "If-Match": '"1"'},
                           json={"title": "late"}, timeout=10)
    assert (stale.status_code, stale.json()["code"], stale.json()["current_version"]) == (412, "precondition-failed", 2)


def test_limits_are_422_with_the_limit_named(platform: Platform, user: Account) -> None:
    too_many = {"title": "x", "width": 100, "height": 100, "layers": [{"name": f"l{i}"} for i in range(51)]}
    response = create(platform, user, too_many)
    assert (response.status_code, response.json()["limit"]) == (422, "max_layers")
    huge = create(platform, user, {"title": "x", "width": 9000, "height": 100})
    assert huge.status_code == 422
    assert any(e["path"] == "body.width" for e in huge.json()["errors"])
    long_text = {"title": "x", "width": 100, "height": 100, "layers": [{"name": "l", "elements": [
        {"kind": "text", "content": "x" * 5001, "width": 10, "height": 10}]}]}
    assert create(platform, user, long_text).status_code == 422


def test_other_users_posters_and_private_templates_are_404(platform: Platform, user: Account) -> None:
    document = create(platform, user, {"title": "mine", "width": 100, "height": 100}).json()
    pid = document["poster"]["poster_id"]
    template = requests.post(platform.api(f"{P}/{pid}/template"), headers=user.auth, timeout=10,
                             json={"name": "Mine", "category": "sale", "tags": ["red"]}).json()
    other = register_and_login(platform, "designer")
    for method, path in (("GET", f"{P}/{pid}"), ("PATCH", f"{P}/{pid}"), ("DELETE", f"{P}/{pid}"),
                         ("GET", f"/api/v1/designs/templates/{template['template_id']}")):
        response = requests.request(method, platform.api(path), headers=other.auth, json={"title": "x"}, timeout=10)
        assert response.status_code == 404, (method, path, response.text)


def test_template_round_trip(platform: Platform, user: Account) -> None:
    document = create(platform, user, big_poster(3)).json()
    pid = document["poster"]["poster_id"]
    saved = requests.post(platform.api(f"{P}/{pid}/template"), headers=user.auth, timeout=10,
                          json={"name": "Spring", "category": "Festival", "tags": ["Red", "spring"]})
    assert saved.status_code == 201, saved.text
    tid = saved.json()["template_id"]
    listed = requests.get(platform.api("/api/v1/designs/templates"), headers=user.auth, timeout=10,
                          params={"scope": "mine", "category": "festival", "tag": "red"}).json()
    assert [t["template_id"] for t in listed["items"]] == [tid]
    made = requests.post(platform.api(f"/api/v1/designs/templates/{tid}/posters"), headers=user.auth,
                         json={"title": "From template"}, timeout=10)
    assert made.status_code == 201, made.text
    copy = made.json()
    assert copy["poster"]["poster_id"] != pid
    assert copy["poster"]["template_id"] == tid
    assert [e["body"] for e in copy["elements"]] == [e["body"] for e in document["elements"]]
    assert {e["element_id"] for e in copy["elements"]}.isdisjoint({e["element_id"] for e in document["elements"]})
    public = requests.post(platform.api(f"{P}/{pid}/template"), headers=user.auth, timeout=10,
                           json={"name": "Public", "category": "x", "public": True})
    assert public.status_code == 403  # publishing needs vip or admin


def test_export_returns_a_png_of_the_canvas_size(platform: Platform, user: Account) -> None:
    document = create(platform, user, big_poster(4)).json()
    pid = document["poster"]["poster_id"]
    exported = requests.post(platform.api(f"{P}/{pid}/export"), headers=user.auth, json={"scale": 0.5}, timeout=30)
    assert exported.status_code == 201, exported.text
    image = Image.open(io.BytesIO(requests.get(exported.json()["url"], timeout=10).content))
    assert (image.format, image.size) == ("PNG", (540, 960))


def test_delete_publishes_poster_deleted_from_the_stream(platform: Platform, user: Account) -> None:
    sqs, events = platform.boto("sqs"), platform.boto("events")
    queue = sqs.create_queue(QueueName=f"test-poster-events-{random.randrange(10**6)}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus = f"design-agent-{STAGE}"
    events.put_rule(Name="test-poster-deleted", EventBusName=bus,
                    EventPattern=json.dumps({"source": ["design-agent.designs"], "detail-type": ["PosterDeleted"]}))
    events.put_targets(Rule="test-poster-deleted", EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])
    pid = create(platform, user, big_poster(5)).json()["poster"]["poster_id"]
    assert requests.delete(platform.api(f"{P}/{pid}"), headers=user.auth, timeout=10).status_code == 204
    assert requests.get(platform.api(f"{P}/{pid}"), headers=user.auth, timeout=10).status_code == 404
    deadline, seen = time.monotonic() + 15, []
    while time.monotonic() < deadline and not seen:
        seen = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0).get("Messages", [])
        time.sleep(0.2)
    assert seen, "no PosterDeleted event arrived"
    detail = json.loads(seen[0]["Body"])["detail"]
    assert detail["data"]["poster_id"] == pid
    assert detail["metadata"]["event_type"] == "PosterDeleted"
