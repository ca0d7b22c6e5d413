"""The Media service over real HTTP on the local platform: each operation on real stored images, results
read back from their download URLs, and a batch job worked through its queue to its notification."""

from __future__ import annotations

import base64
import io
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import requests
from PIL import Image

from bench.media_testset import encode_jpeg, iou, sample
from tests.integration.conftest import Account, Platform, register_and_login
from tests.integration.test_storage_api import _bomb_png

M = "/api/v1/media"


def store(platform: Platform, who: Account, data: bytes, name: str = "photo.png",
          content_type: str = "image/png") -> str:
    response = requests.post(platform.api("/api/v1/storage/files"), headers=who.auth, timeout=20,
                             json={"filename": name, "content_type": content_type,
                                   "data_base64": base64.b64encode(data).decode()})
    assert response.status_code == 201, response.text
    return str(response.json()["file_id"])


def call(platform: Platform, who: Account, operation: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(platform.api(f"{M}/{operation}"), headers=who.auth, json=body, timeout=60)


def download(result: dict[str, Any]) -> Image.Image:
    url = result["file"]["url"]
    assert url, result
    response = requests.get(url, timeout=20)
    assert response.status_code == 200
    return Image.open(io.BytesIO(response.content))


def test_remove_background_stores_a_png_with_a_real_alpha_matte(platform: Platform, user: Account) -> None:
    case = sample(0, "plain")
    file_id = store(platform, user, case.png())
    response = call(platform, user, "remove-background", {"file_id": file_id})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["source_file_id"] == file_id
    assert body["file"]["file_id"] != file_id
    assert body["file"]["status"] == "stored"
    assert not {"data", "data_base64"} & set(body)  # a stored file by id and URL, never bytes
    image = download(body)
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (case.image.shape[1], case.image.shape[0]))
    alpha = np.asarray(image)[:, :, 3]
    assert iou(alpha >= 128, case.mask) >= 0.9


def test_watermark_changes_only_its_corner_and_tiles_everywhere(platform: Platform, user: Account) -> None:
    grey = Image.new("RGB", (400, 300), (90, 90, 90))
    out = io.BytesIO()
    grey.save(out, "PNG")
    file_id = store(platform, user, out.getvalue())
    response = call(platform, user, "watermark", {"file_id": file_id, "text": "DESIGN AGENT", "opacity": 0.9,
                                                  "anchor": "bottom-right", "color": "#ffffff"})
    assert response.status_code == 201, response.text
    marked = np.asarray(download(response.json()).convert("RGB")).astype(int)
    changed = np.abs(marked - 90).sum(axis=2) > 30
    assert changed[150:, 200:].any()
    assert not changed[:150, :200].any()

    tiled = call(platform, user, "watermark", {"file_id": file_id, "text": "DA", "tiled": True, "opacity": 0.9})
    assert tiled.status_code == 201, tiled.text
    changed = np.abs(np.asarray(download(tiled.json()).convert("RGB")).astype(int) - 90).sum(axis=2) > 30
    assert all(changed[r:r + 150, c:c + 200].any() for r in (0, 150) for c in (0, 200))

    logo = Image.new("RGBA", (60, 60), (255, 0, 0, 255))
    out = io.BytesIO()
    logo.save(out, "PNG")
    mark_id = store(platform, user, out.getvalue(), "logo.png")
    with_image = call(platform, user, "watermark", {"file_id": file_id, "image_file_id": mark_id,
                                                    "anchor": "top-left", "opacity": 1})
    assert with_image.status_code == 201, with_image.text
    red = np.asarray(download(with_image.json()).convert("RGB")).astype(int)
    assert (red[:150, :200, 0] > 200).any()


def test_smart_crop_honours_the_callers_focal_point_and_never_upscales(platform: Platform, user: Account) -> None:
    file_id = store(platform, user, encode_jpeg(sample(1, "gradient", size=(640, 360)).image), "wide.jpg",
                    "image/jpeg")
    response = call(platform, user, "smart-crop", {"file_id": file_id, "aspect": "1:1",
                                                   "focal_point": {"x": 0.9, "y": 0.5}})
    assert response.status_code == 201, response.text
    crop = response.json()["crop"]
    assert crop["source"] == "caller"
    box = crop["box"]
    assert box["width"] == box["height"] == 360
    assert box["x"] <= 0.9 * 640 <= box["x"] + box["width"]
    assert box["x"] + box["width"] == 640  # pushed to the right edge, clamped inside the image

    big = call(platform, user, "smart-crop", {"file_id": file_id, "width": 2000, "height": 2000})
    assert big.status_code == 201, big.text  # the largest 1:1 box, not scaled up to 2000 x 2000
    assert (big.json()["width"], big.json()["height"]) == (360, 360)


ASTRONAUT = Path(__file__).resolve().parents[1] / "fixtures" / "astronaut.jpg"
FACE = (177, 66, 95, 95)  # x, y, width, height of the face in the 512 x 512 photo (found by eye and by Haar)


@pytest.mark.parametrize("aspect", ["1:4", "4:1"])
def test_smart_crop_keeps_a_face_inside_a_narrow_crop(platform: Platform, user: Account, aspect: str) -> None:
    file_id = store(platform, user, ASTRONAUT.read_bytes(), "astronaut.jpg", "image/jpeg")
    response = call(platform, user, "smart-crop", {"file_id": file_id, "aspect": aspect})
    assert response.status_code == 201, response.text
    crop = response.json()["crop"]
    assert crop["source"] == "face"
    box, (fx, fy, fw, fh) = crop["box"], FACE
    inside = (box["x"] <= fx, fx + fw <= box["x"] + box["width"], box["y"] <= fy, fy + fh <= box["y"] + box["height"])
    assert all(inside), box
    # the centre crop would have cut the face: the test means something
    centre_x, centre_y = (512 - box["width"]) // 2, (512 - box["height"]) // 2
    assert not (centre_x <= fx and fx + fw <= centre_x + box["width"]
                and centre_y <= fy and fy + fh <= centre_y + box["height"])


def test_bad_media_requests_get_clear_errors(platform: Platform, user: Account) -> None:
    file_id = store(platform, user, sample(2, "plain").png())
    cases = [
        ("smart-crop", {"file_id": file_id}, 422),  # neither a size nor an aspect
        ("watermark", {"file_id": file_id}, 422),  # no mark
        ("watermark", {"file_id": file_id, "text": "x", "image_file_id": file_id}, 422),  # two marks
        ("watermark", {"file_id": file_id, "text": "x", "opacity": 2}, 422),
        ("remove-background", {"file_id": file_id, "method": "no-such-method"}, 422),
        ("remove-background", {"file_id": "fil_01JD8Y3Q7Z0000000000000000"}, 404),
    ]
    for operation, body, status in cases:
        response = call(platform, user, operation, body)
        assert response.status_code == status, (operation, body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    bomb = store(platform, user, _bomb_png(), "bomb.png")
    assert call(platform, user, "remove-background", {"file_id": bomb}).status_code == 413
    other = register_and_login(platform, "mediaother")
    assert call(platform, other, "remove-background", {"file_id": file_id}).status_code == 404
    malformed = requests.post(platform.api(f"{M}/watermark"), headers={**user.auth, "Content-Type":
                                                                        "application/json"}, data=b"{", timeout=10)
    assert malformed.status_code in (400, 422)


def wait_job(platform: Platform, who: Account, job_id: str, timeout_s: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        job = requests.get(platform.api(f"{M}/jobs/{job_id}"), headers=who.auth, timeout=10)
        assert job.status_code == 200, job.text
        body: dict[str, Any] = job.json()
        if body["status"] == "completed" or time.monotonic() > deadline:
            return body
        time.sleep(0.2)


def test_a_batch_of_twenty_with_two_bad_inputs_ends_18_done_2_failed(platform: Platform, user: Account) -> None:
    good = [store(platform, user, encode_jpeg(sample(i, ("plain", "gradient")[i % 2], size=(200, 150)).image),
                  f"p{i}.jpg", "image/jpeg") for i in range(18)]
    bomb = store(platform, user, _bomb_png(), "bomb.png")
    whole = encode_jpeg(sample(0, "gradient", size=(200, 150)).image)
    truncated = store(platform, user, whole[:len(whole) // 2], "cut.jpg",
                      "image/jpeg")  # a JPEG by its magic bytes, so it is stored; it cannot be decoded
    steps = [{"op": "resize", "width": 100}, {"op": "watermark", "text": "DA", "anchor": "center"},
             {"op": "convert", "format": "webp"}]
    items = [{"file_id": f, "operations": steps} for f in good[:9]] + [{"file_id": bomb, "operations": steps}] + [
        {"file_id": f, "operations": steps} for f in good[9:]] + [{"file_id": truncated, "operations": steps}]
    # a job that names an image that is not the caller's (here: none at all) is refused whole, before it exists
    missing = requests.post(platform.api(f"{M}/jobs"), headers=user.auth, timeout=20, json={"items": [
        *items[:2], {"file_id": "fil_01JD8Y3Q7Z0000000000000000", "operations": steps}]})
    assert (missing.status_code, missing.json()["code"]) == (422, "unknown-reference")
    assert [e["path"] for e in missing.json()["errors"]] == ["body.items.2.file_id"]
    created = requests.post(platform.api(f"{M}/jobs"), headers=user.auth, json={"items": items}, timeout=20)
    assert created.status_code == 202, created.text
    job_id = created.json()["job_id"]
    assert created.headers["Location"].endswith(job_id)
    assert created.json()["total"] == 20

    job = wait_job(platform, user, job_id)
    assert (job["status"], job["succeeded"], job["failed"]) == ("completed", 18, 2), job
    failed = {item["index"]: item["error"] for item in job["items"] if item["status"] == "failed"}
    assert set(failed) == {9, 19}
    assert failed[9]["code"] == "image-too-many-pixels"
    assert failed[19]["code"] == "corrupt-image"
    results = [item["result"] for item in job["items"] if item["status"] == "succeeded"]
    assert all(r["content_type"] == "image/webp" and r["url"] for r in results)  # each with a fresh URL
    for result in (results[0], results[-1]):
        assert Image.open(io.BytesIO(requests.get(result["url"], timeout=10).content)).size[0] == 100

    listed = requests.get(platform.api(f"{M}/jobs"), headers=user.auth, timeout=10).json()
    assert listed["items"][0]["job_id"] == job_id

    deadline = time.monotonic() + 20  # the MediaJobCompleted event reaches the user's inbox
    while True:
        inbox = requests.get(platform.api("/api/v1/notifications/inbox"), headers=user.auth, timeout=10).json()
        done = [m for m in inbox["items"] if m["type"] == "media.job.completed"]
        if done or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(done) == 1
    assert done[0]["data"] == {**done[0]["data"], "job_id": job_id, "succeeded": 18, "failed": 2}

    other = register_and_login(platform, "jobother")
    assert requests.get(platform.api(f"{M}/jobs/{job_id}"), headers=other.auth, timeout=10).status_code == 404


@pytest.mark.parametrize("items", [[], [{"file_id": "fil_x", "operations": []}],
                                   [{"file_id": "fil_x", "operations": [{"op": "explode"}]}]])
def test_malformed_batches_are_refused(platform: Platform, user: Account, items: list[Any]) -> None:
    response = requests.post(platform.api(f"{M}/jobs"), headers=user.auth, json={"items": items}, timeout=10)
    assert response.status_code == 422, response.text
