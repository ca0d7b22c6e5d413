"""Attack over real HTTP: an SVG with a script, uploaded and registered as an asset, then opened by its URL."""

from __future__ import annotations

import base64

import requests

from tests.integration.conftest import Account, Platform

SCRIPTED_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.domain)</script>'
                b'<rect width="10" height="10"/></svg>')


def test_a_scripted_svg_asset_is_downloaded_never_rendered(platform: Platform, user: Account) -> None:
    stored = requests.post(platform.api("/api/v1/storage/files"), headers=user.auth, timeout=30, json={
        "filename": "logo.svg", "content_type": "image/svg+xml", "kind": "asset",
        "data_base64": base64.b64encode(SCRIPTED_SVG).decode()})
    assert stored.status_code == 201, stored.text
    asset = requests.post(platform.api("/api/v1/files/assets"), headers=user.auth, timeout=30, json={
        "file_id": stored.json()["file_id"], "name": "logo", "category": "icons"})
    assert asset.status_code == 201, asset.text
    info = requests.get(platform.api(f"/api/v1/storage/files/{stored.json()['file_id']}"), headers=user.auth,
                        timeout=10).json()
    served = requests.get(info["url"], timeout=10)
    assert served.status_code == 200
    assert served.content == SCRIPTED_SVG  # the bytes are the user's, unchanged
    assert served.headers["Content-Type"] == "image/svg+xml"
    assert served.headers["Content-Disposition"].startswith("attachment;")  # a browser saves it, never runs it
