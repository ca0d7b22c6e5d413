"""Posters in Chinese end to end: a generation task and an export with a Chinese title draw every character
(the bundled CJK font, found through the per-glyph fallback), and the export says so."""

from __future__ import annotations

import io
from datetime import datetime

import requests
from design_agent.contracts.designs import PosterDocument
from design_agent.render import render_png
from PIL import Image, ImageChops

from tests.integration.conftest import Account, Platform
from tests.integration.tasks_support import Workers, create_task, ended, wait_status

TITLE = "中秋音乐会：月光下的爵士之夜"  # noqa: RUF001
SUBTITLE = "九月十七日 晚八点 · 滨江公园"


def test_a_chinese_generation_task_and_its_export_draw_every_character(platform: Platform, user: Account,
                                                                       workers: Workers) -> None:
    workers.start()
    created = create_task(platform, user, {"type": "poster.generate", "params": {
        "prompt": "中秋节江边的爵士音乐会", "title": TITLE, "subtitle": SUBTITLE, "style": "elegant"}})
    assert created.status_code == 201, created.text
    done = wait_status(platform, user, created.json()["task_id"], ended, timeout_s=90)
    assert done["status"] == "succeeded", done
    poster_id = done["result"]["poster_id"]
    document = requests.get(platform.api(f"/api/v1/designs/posters/{poster_id}"), headers=user.auth,
                            timeout=10).json()
    texts = [e["body"]["content"] for e in document["elements"] if e["body"]["kind"] == "text"]
    assert [t.replace("\n", "") for t in texts] == [TITLE, SUBTITLE]

    exported = requests.post(platform.api(f"/api/v1/designs/posters/{poster_id}/export"), headers=user.auth,
                             json={"scale": 0.5}, timeout=60)
    assert exported.status_code == 201, exported.text
    body = exported.json()
    assert (body["missing_characters"], body["missing_fonts"], body["missing_images"]) == ([], [], [])
    png = Image.open(io.BytesIO(requests.get(body["url"], timeout=10).content)).convert("RGB")

    # the platform's export is the renderer's drawing of that document, which maps every character to a font
    local = render_png(PosterDocument.model_validate(document), images=lambda _: None, fonts=lambda _: None,
                       scale=0.5)
    assert local.missing_characters == []
    assert ImageChops.difference(png, Image.open(io.BytesIO(local.png)).convert("RGB")).getbbox() is None
    # and the preview the worker stored shows the title: ink where the title box is
    preview = Image.open(io.BytesIO(requests.get(done["result"]["preview_url"], timeout=10).content)).convert("L")
    w, h = preview.size
    title_box = preview.crop((round(w * 0.08), round(h * 0.64), round(w * 0.92), round(h * 0.84)))
    assert len(title_box.getcolors(maxcolors=1 << 16) or []) > 8  # antialiased glyphs, not a flat box
    assert datetime.fromisoformat(body["created_at"].replace("Z", "+00:00"))
