"""The reference worker's poster design: valid documents, deterministic, drawn by the real renderer."""

from __future__ import annotations

import io

import pytest
from design_agent.contracts.tasks import PosterGenerateParams
from design_agent.render import render_png
from PIL import Image

from functions.designs.models.api import CreatePosterRequest
from worker.design import PALETTES, plan
from worker.runner import parse

REFERENCE = "fil_01JD8Y3Q7Z0000000000000001"


def _png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("style", sorted(PALETTES))
def test_every_style_renders_what_the_design_service_accepts(style: str) -> None:
    params = PosterGenerateParams.model_validate({"prompt": "Spring flower market on a Sunday morning by the river",
                                                  "style": style, "size": {"width": 540, "height": 960},
                                                  "reference_file_ids": [REFERENCE]})
    layout = plan(params, [REFERENCE])
    request = CreatePosterRequest.model_validate({"title": layout.title, "width": layout.width,
                                                  "height": layout.height, "background": layout.background,
                                                  "layers": [layer.model_dump() for layer in layout.layers]})
    assert [layer.name for layer in request.layers] == ["Decoration", "Images", "Text"]
    result = render_png(layout.document(), images={REFERENCE: _png((200, 30, 30))}.get, fonts=lambda _: None)
    assert (result.width, result.height, result.missing_images) == (540, 960, [])
    assert result.elements_drawn == sum(len(layer.elements) for layer in layout.layers)
    canvas = Image.open(io.BytesIO(result.png)).convert("RGB")
    assert canvas.getpixel((1, 1)) != (255, 255, 255)  # the style's background, not a blank page
    assert (200, 30, 30) in {colour for _, colour in canvas.getcolors(maxcolors=1 << 20) or []}  # the reference


def test_the_same_brief_gives_the_same_poster_and_the_title_comes_from_the_prompt() -> None:
    params = PosterGenerateParams.model_validate({"prompt": "one two three four five six seven eight",
                                                  "style": "playful", "palette": ["#101010"]})
    first, second = plan(params, []), plan(params, [])
    assert first.layers == second.layers
    assert first.title == "one two three four five six"
    assert first.background.color == "#101010"  # the caller's palette comes first
    texts = [e for layer in first.layers for e in layer.elements if e.kind == "text"]
    assert [t.content for t in texts] == ["one two three four five six", "seven eight"]


def test_dispatch_messages_are_read_from_the_eventbridge_envelope() -> None:
    delivery = parse('{"detail-type": "TaskQueued", "detail": {"data": {"task_id": "tsk_1", "attempt": 2}}}')
    assert delivery is not None
    assert (delivery.task_id, delivery.attempt) == ("tsk_1", 2)
    assert parse("not json") is None
    assert parse('{"detail": {}}') is None
