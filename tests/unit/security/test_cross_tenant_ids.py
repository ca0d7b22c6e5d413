"""Attack: a request that names another user's things — a poster, template or task that refers to someone else's
files, fonts or template (background, images, text fonts, thumbnail, reference images), a worker that completes a
task with another user's poster or files, a media job on someone else's images. Every id a request brings in must
be the caller's (a font or template may also be public), checked server side; another user's id answers exactly
like one that does not exist (422 ``unknown-reference`` with the field path), and each request checks all its ids
in one batch lookup per kind."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import pytest
from design_agent.contracts.designs import task_poster_id
from design_agent.ids import new_id
from design_agent.settings import Settings
from design_agent.spec import function_name

from functions.files.dal.library import LibraryRepository
from functions.files.models.api import FontOut
from functions.files.service import LIBRARY_TABLE
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.security.http import call, caller, register
from tests.unit.test_storage_logic import png

POSTER = {"title": "p", "width": 200, "height": 200}
MISSING_FILE, MISSING_FONT, MISSING_TEMPLATE = new_id("file"), new_id("font"), new_id("template")


class World:
    """Two users with their own things, and a public font."""

    def __init__(self) -> None:
        self.alice, self.bob = caller(register("alice")), caller(register("bob"))
        self.alice_image, self.bob_image = self._upload(self.alice), self._upload(self.bob)
        self.bob_font, self.public_font = self._font(self.bob, public=False), self._font(self.bob, public=True)
        self.alice_font = self._font(self.alice, public=False)
        status, poster = call("designs.CreatePoster", self.bob, body=POSTER)
        assert status == 201, poster
        self.bob_poster = poster["poster"]["poster_id"]
        status, template = call("designs.SaveTemplate", self.bob, params={"poster_id": self.bob_poster},
                                body={"name": "private", "category": "sale"})
        assert status == 201, template
        self.bob_template = template["template_id"]

    @staticmethod
    def _upload(who: dict[str, str]) -> str:
        status, body = call("storage.UploadFile", who, body={"filename": "a.png", "content_type": "image/png",
                                                              "kind": "image",
                                                              "data_base64": base64.b64encode(png()).decode()})
        assert status == 201, body
        return str(body["file_id"])

    @staticmethod
    def _font(who: dict[str, str], public: bool) -> str:
        font = FontOut(font_id=new_id("font"), owner_id=who["subject"], public=public, file_id=new_id("file"),
                       family="Test", style="Regular", weight=400, italic=False, glyph_count=10, format="ttf",
                       cjk_coverage=0.0, supports_cjk=False, created_at=datetime.now(UTC))
        LibraryRepository(Settings.from_env().table(LIBRARY_TABLE)).put_font(font)
        return font.font_id


@pytest.fixture(scope="module")
def world(shared_sandbox: AwsSandbox) -> World:
    return World()


def _unknown(answer: tuple[int, Any], *paths: str) -> None:
    status, body = answer
    assert (status, body["code"]) == (422, "unknown-reference"), body
    assert [e["path"] for e in body["errors"]] == list(paths)
    assert {e["type"] for e in body["errors"]} == {"not_found"}


def _same_as_missing(foreign: tuple[int, Any], missing: tuple[int, Any]) -> None:
    """Another user's id reads exactly as an id that does not exist: nothing says it exists."""
    def shape(answer: tuple[int, Any]) -> Any:
        status, body = answer
        return status, body["code"], body["title"], [(e["path"], e["type"]) for e in body["errors"]]
    assert shape(foreign) == shape(missing)


def _image(file_id: str) -> dict[str, Any]:
    return {"kind": "image", "file_id": file_id, "width": 10, "height": 10}


def _text(font_id: str) -> dict[str, Any]:
    return {"kind": "text", "content": "hi", "font_id": font_id, "width": 10, "height": 10}


def test_a_poster_cannot_name_another_users_files_or_fonts(world: World) -> None:
    def create(background: str | None, elements: list[dict[str, Any]]) -> tuple[int, Any]:
        return call("designs.CreatePoster", world.alice, body={**POSTER, "background": {"file_id": background},
                                                              "layers": [{"name": "l", "elements": elements}]})

    foreign = create(world.bob_image, [_image(world.bob_image), _text(world.bob_font)])
    _unknown(foreign, "body.background.file_id", "body.layers.0.elements.0.file_id", "body.layers.0.elements.1.font_id")
    _same_as_missing(foreign, create(MISSING_FILE, [_image(MISSING_FILE), _text(MISSING_FONT)]))
    status, _ = create(world.alice_image, [_image(world.alice_image), _text(world.public_font),
                                           _text(world.alice_font)])
    assert status == 201  # one's own files, one's own and public fonts


def test_edits_cannot_bring_in_another_users_files(world: World) -> None:
    status, poster = call("designs.CreatePoster", world.alice, body={**POSTER, "layers": [{
        "name": "l", "elements": [_image(world.alice_image)]}]})
    assert status == 201
    pid, layer = poster["poster"]["poster_id"], poster["layers"][0]["layer_id"]
    element = poster["elements"][0]["element_id"]
    params = {"poster_id": pid}
    _unknown(call("designs.UpdatePoster", world.alice, params=params, body={"background": {
        "file_id": world.bob_image}}), "body.background.file_id")
    _unknown(call("designs.CreateElements", world.alice, params=params, body={"elements": [
        {"layer_id": layer, "body": _text(world.alice_font)}, {"layer_id": layer, "body": _image(world.bob_image)}]}),
        "body.elements.1.body.file_id")
    _unknown(call("designs.UpdateElement", world.alice, params={**params, "element_id": element},
                  body={"body": _image(world.bob_image)}), "body.body.file_id")
    _unknown(call("designs.SaveTemplate", world.alice, params=params, body={
        "name": "t", "category": "sale", "thumbnail_file_id": world.bob_image}), "body.thumbnail_file_id")
    # what the document already holds may be sent again (e.g. a poster made from a public template)
    assert call("designs.UpdateElement", world.alice, params={**params, "element_id": element},
                body={"body": {**_image(world.alice_image), "opacity": 0.5}})[0] == 200


def test_checking_a_posters_references_is_one_lookup_per_kind(world: World, shared_sandbox: AwsSandbox) -> None:
    invoked = shared_sandbox.clients.lambdas.invoked
    invoked.clear()
    elements = [_image(world.alice_image)] * 30 + [_text(world.public_font), _text(world.alice_font)] * 5
    assert call("designs.CreatePoster", world.alice, body={**POSTER, "layers": [{"name": "l",
                                                                                 "elements": elements}]})[0] == 201
    assert sorted(invoked) == sorted([function_name(STAGE, "storage", "ResolveFiles"),
                                      function_name(STAGE, "files", "ResolveFonts")])


def test_a_task_cannot_name_another_users_images_or_template(world: World) -> None:
    def create(params: dict[str, Any]) -> tuple[int, Any]:
        return call("tasks.CreateTask", world.alice, body={"type": "poster.generate", "params": {
            "prompt": "p", **params}})

    foreign = create({"reference_file_ids": [world.alice_image, world.bob_image], "template_id": world.bob_template})
    _unknown(foreign, "body.params.reference_file_ids.1", "body.params.template_id")
    _same_as_missing(foreign, create({"reference_file_ids": [world.alice_image, MISSING_FILE],
                                      "template_id": MISSING_TEMPLATE}))
    assert create({"reference_file_ids": [world.alice_image]})[0] == 201


def _claimed_task(world: World) -> tuple[str, dict[str, str], str]:
    status, task = call("tasks.CreateTask", world.alice, body={"type": "poster.generate", "params": {"prompt": "p"}})
    assert status == 201, task
    worker = caller("cli_01JD8Y3Q7Z0000000000WORKER", role="worker", kind="worker")
    status, claim = call("tasks.ClaimTask", worker, params={"task_id": task["task_id"]})
    assert status == 200, claim
    return task["task_id"], worker, claim["lease_id"]


def test_a_worker_cannot_complete_with_another_users_poster_or_files(world: World) -> None:
    task_id, worker, lease = _claimed_task(world)

    def complete(result: dict[str, Any]) -> tuple[int, Any]:
        return call("tasks.CompleteTask", worker, params={"task_id": task_id}, body={"lease_id": lease,
                                                                                     "result": result})

    own_poster = task_poster_id(task_id, 1)
    _unknown(complete({"poster_id": world.bob_poster}), "body.result.poster_id")
    _unknown(complete({"poster_id": own_poster, "preview_file_id": world.bob_image,
                       "output_file_ids": [world.alice_image, world.bob_image]}),
             "body.result.preview_file_id", "body.result.output_file_ids.1")
    _unknown(call("tasks.CreateTaskPoster", worker, params={"task_id": task_id}, body={
        "lease_id": lease, **POSTER, "layers": [{"name": "l", "elements": [_image(world.bob_image)]}]}),
        "body.layers.0.elements.0.file_id")
    status, done = complete({"poster_id": own_poster, "preview_file_id": world.alice_image,
                             "preview_url": "https://evil.example/phish"})
    assert (status, done["status"]) == (200, "succeeded")
    assert "evil.example" not in (done["result"].get("preview_url") or "")  # the platform's own URL, not the worker's


def test_a_media_job_cannot_name_another_users_images(world: World) -> None:
    steps = [{"op": "watermark", "image_file_id": world.bob_image}]
    _unknown(call("media.CreateBatchJob", world.alice, body={"items": [
        {"file_id": world.alice_image, "operations": [{"op": "resize", "width": 10}]},
        {"file_id": world.bob_image, "operations": [{"op": "resize", "width": 10}]},
        {"file_id": world.alice_image, "operations": steps}]}),
        "body.items.1.file_id", "body.items.2.operations.0.image_file_id")
    status, body = call("media.AddWatermark", world.alice, body={"file_id": world.bob_image, "text": "mine"})
    assert (status, body["code"]) == (404, "not-found")  # the direct operations read files as the caller
