"""The web console as the local gateway serves it: files with their types, index.html for the page's own routes,
config.json from the platform, nothing outside the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request

from local_platform.console import ConsoleSite

CONFIG = {"apiUrl": "http://127.0.0.1:3000", "wsUrl": "ws://127.0.0.1:3001", "stage": "local"}


def client(root: Path) -> Client:
    site = ConsoleSite(lambda: CONFIG, root)

    def app(environ: dict[str, object], start_response: object) -> object:
        return site(Request(environ))(environ, start_response)  # type: ignore[arg-type]

    return Client(app)


@pytest.fixture
def build(tmp_path: Path) -> Path:
    (tmp_path / "dist" / "assets").mkdir(parents=True)
    (tmp_path / "dist" / "index.html").write_text("<!doctype html><title>console</title>")
    (tmp_path / "dist" / "assets" / "index-abc.js").write_text("console.log(1)")
    (tmp_path / "dist" / "assets" / "index-abc.css").write_text("body{}")
    (tmp_path / "secret.txt").write_text("outside the build")
    return tmp_path / "dist"


def test_files_have_their_content_types_and_assets_are_immutable(build: Path) -> None:
    web = client(build)
    page = web.get("/console/")
    assert (page.status_code, page.mimetype, page.headers["Cache-Control"]) == (200, "text/html", "no-cache")
    script = web.get("/console/assets/index-abc.js")
    assert (script.mimetype, script.text) == ("text/javascript", "console.log(1)")
    assert "immutable" in script.headers["Cache-Control"]
    assert script.headers["X-Content-Type-Options"] == "nosniff"
    assert web.get("/console/assets/index-abc.css").mimetype == "text/css"


def test_the_page_routes_fall_back_to_index_and_missing_files_are_404(build: Path) -> None:
    web = client(build)
    assert web.get("/console").headers["Location"] == "/console/"
    assert web.get("/console/posters/pst_1").text.startswith("<!doctype html>")
    assert web.get("/console/assets/gone.js").status_code == 404
    for escape in ("/console/../secret.txt", "/console/%2e%2e/secret.txt", "/console/..%2fsecret.txt"):
        answer = web.get(escape)
        assert "outside the build" not in answer.text, escape
    assert web.post("/console/").status_code == 405


def test_config_names_the_platform_urls(build: Path) -> None:
    answer = client(build).get("/console/config.json")
    assert (answer.status_code, answer.json, answer.headers["Cache-Control"]) == (200, CONFIG, "no-store")


def test_a_missing_build_says_how_to_make_it(tmp_path: Path) -> None:
    web = client(tmp_path / "dist")
    answer = web.get("/console/")
    assert answer.status_code == 503
    assert "make console" in answer.text
    assert web.get("/console/config.json").status_code == 200  # the platform's URLs need no build
