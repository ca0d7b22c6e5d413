"""Attack over real HTTP: naming another user's files, poster or template in one's own requests, as a user and
as a worker. Each answers like an id that does not exist: 422 ``unknown-reference`` with the field path."""

from __future__ import annotations

import base64
import io
from typing import Any

import requests
from PIL import Image

from tests.integration.conftest import Account, Platform, register_and_login
from tests.integration.tasks_support import Workers, create_task


def _png() -> str:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def _upload(platform: Platform, who: Account) -> str:
    stored = requests.post(platform.api("/api/v1/storage/files"), headers=who.auth, timeout=20, json={
        "filename": "a.png", "content_type": "image/png", "data_base64": _png()})
    assert stored.status_code == 201, stored.text
    return str(stored.json()["file_id"])


def _unknown(response: requests.Response, *paths: str) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "unknown-reference"
    assert [e["path"] for e in response.json()["errors"]] == list(paths)


def test_another_users_image_cannot_be_used_in_a_poster_or_a_task(platform: Platform, user: Account) -> None:
    mallory = register_and_login(platform, "mallory")
    victims_image = _upload(platform, user)
    poster = requests.post(platform.api("/api/v1/designs/posters"), headers=mallory.auth, timeout=10, json={
        "title": "t", "width": 100, "height": 100, "background": {"file_id": victims_image}})
    _unknown(poster, "body.background.file_id")
    task = create_task(platform, mallory, {"type": "poster.generate", "params": {
        "prompt": "p", "reference_file_ids": [victims_image]}})
    _unknown(task, "body.params.reference_file_ids.0")


def test_a_worker_cannot_complete_a_task_with_another_users_poster(platform: Platform, user: Account,
                                                                   workers: Workers) -> None:
    others = requests.post(platform.api("/api/v1/designs/posters"), headers=user.auth, timeout=10,
                           json={"title": "theirs", "width": 100, "height": 100}).json()["poster"]["poster_id"]
    mallory = register_and_login(platform, "mallory")
    task_id = create_task(platform, mallory).json()["task_id"]
    worker = {"Authorization": f"Bearer {workers.token()}"}

    def post(path: str, body: dict[str, Any] | None = None) -> requests.Response:
        return requests.post(platform.api(f"/api/v1/tasks/{task_id}/{path}"), headers=worker, json=body or {},
                             timeout=20)

    claim = post("claim")
    assert claim.status_code == 200, claim.text
    lease = claim.json()["lease_id"]
    _unknown(post("complete", {"lease_id": lease, "result": {"poster_id": others}}), "body.result.poster_id")
    status = requests.get(platform.api(f"/api/v1/tasks/{task_id}/status"), headers=mallory.auth, timeout=10)
    assert status.json()["status"] == "running"  # nothing was recorded
