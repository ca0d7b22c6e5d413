"""Storage over real HTTP: presigned POST straight to S3 (moto), confirmation from the S3 notification,
exact quota accounting; and the File service's image operations on stored files."""

from __future__ import annotations

import base64
import io
import random
import time
from typing import Any

import pytest
import requests
from PIL import Image

from tests.integration.conftest import Account, Platform, register_and_login


def png(size: int = 16, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    image = Image.new("RGB", (size, size))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size * size)])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 20)).save(out, "JPEG", quality=90)
    return out.getvalue()


def token(platform: Platform, who: Account, content_type: str = "image/png", **extra: Any) -> dict[str, Any]:
    response = requests.post(platform.api("/api/v1/storage/upload-tokens"), headers=who.auth, timeout=10,
                             json={"filename": "photo.png", "content_type": content_type, **extra})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def post_form(tok: dict[str, Any], data: bytes, fields: dict[str, str] | None = None) -> requests.Response:
    """What a browser does with the token: a multipart/form-data POST straight to the bucket."""
    return requests.post(tok["url"], data=fields or tok["fields"], files={"file": ("photo.png", data)}, timeout=30)


def wait_for(platform: Platform, who: Account, file_id: str, until: tuple[str, ...] = ("stored", "rejected")
             ) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while True:
        info = requests.get(platform.api(f"/api/v1/storage/files/{file_id}"), headers=who.auth, timeout=10).json()
        if info.get("status") in until or time.monotonic() > deadline:
            return info  # type: ignore[no-any-return]
        time.sleep(0.1)


def used(platform: Platform, who: Account) -> int:
    return int(requests.get(platform.api("/api/v1/storage/stats"), headers=who.auth, timeout=10).json()["used_bytes"])


def test_direct_upload_is_confirmed_and_charged(platform: Platform, user: Account) -> None:
    data = png()
    tok = token(platform, user)
    assert tok["fields"]["key"].startswith(f"incoming/{user.user_id}/")
    upload = post_form(tok, data)
    assert upload.status_code in (200, 201, 204), upload.text
    info = wait_for(platform, user, tok["file_id"])
    assert info["status"] == "stored", info
    assert info["size"] == len(data)
    assert requests.get(info["url"], timeout=10).content == data
    stats = requests.get(platform.api("/api/v1/storage/stats"), headers=user.auth, timeout=10).json()
    assert (stats["used_bytes"], stats["files"], stats["by_kind"]["image"]["bytes"]) == (len(data), 1, len(data))
    listed = requests.get(platform.api("/api/v1/storage/files"), params={"kind": "image"}, headers=user.auth,
                          timeout=10).json()
    assert [f["file_id"] for f in listed["items"]] == [tok["file_id"]]


@pytest.mark.parametrize(("content_type", "data", "reason"), [
    ("image/png", jpeg(8, 8), "content-type-mismatch"),
    ("image/png", b"%PDF-1.7 not an image at all", "content-type-mismatch"),
])
def test_wrong_content_is_rejected_with_a_readable_reason(platform: Platform, user: Account, content_type: str,
                                                          data: bytes, reason: str) -> None:
    tok = token(platform, user, content_type)
    post_form(tok, data)
    info = wait_for(platform, user, tok["file_id"])
    assert info["status"] == "rejected"
    assert info["reason"].startswith(reason)
    assert used(platform, user) == 0


@pytest.mark.moto_only  # S3 itself refuses both (tests/integration/test_real_s3.py); this is the server's second line
def test_oversize_and_outside_prefix_uploads_are_rejected(platform: Platform, user: Account) -> None:
    small = token(platform, user, size=100)
    big = png(size=1200, seed=3)  # ~4 MB of noise: above the per-file limit of this platform
    assert len(big) > small["max_bytes"]
    post_form(small, big)
    info = wait_for(platform, user, small["file_id"])
    assert (info["status"], info["reason"].split(":")[0]) == ("rejected", "too-large")

    other = register_and_login(platform, "other")
    theirs = token(platform, other)
    mine = token(platform, user)
    # moto does not enforce the policy, so my form can name a key of the other user's reservation
    stray = theirs["fields"]["key"].replace(other.user_id, user.user_id)
    post_form(mine, png(seed=5), fields={**mine["fields"], "key": stray})
    s3 = platform.boto("s3")
    bucket = mine["url"].rstrip("/").rsplit("/", 1)[-1]
    deadline = time.monotonic() + 20
    while s3.list_objects_v2(Bucket=bucket, Prefix=stray).get("KeyCount", 0) and time.monotonic() < deadline:
        time.sleep(0.1)  # the confirmation deletes the stray object
    assert s3.list_objects_v2(Bucket=bucket, Prefix=stray).get("KeyCount", 0) == 0
    for who, file_id in ((user, mine["file_id"]), (other, theirs["file_id"])):
        info = requests.get(platform.api(f"/api/v1/storage/files/{file_id}"), headers=who.auth, timeout=10).json()
        assert info["status"] == "pending"  # neither reservation was consumed by the stray object
    assert (used(platform, user), used(platform, other)) == (0, 0)


def test_declared_oversize_and_unsupported_types_get_clear_errors(platform: Platform, user: Account) -> None:
    too_big = requests.post(platform.api("/api/v1/storage/upload-tokens"), headers=user.auth, timeout=10,
                            json={"filename": "x.png", "content_type": "image/png", "size": 10**10})
    assert too_big.status_code in (413, 429)
    exe = requests.post(platform.api("/api/v1/storage/upload-tokens"), headers=user.auth, timeout=10,
                        json={"filename": "x.exe", "content_type": "application/x-msdownload"})
    assert (exe.status_code, exe.json()["code"]) == (422, "unsupported-content-type")


def test_another_users_file_is_404_and_delete_refunds(platform: Platform, user: Account) -> None:
    data = png(seed=9)
    upload = requests.post(platform.api("/api/v1/storage/files"), headers=user.auth, timeout=10,
                           json={"filename": "inline.png", "content_type": "image/png",
                                 "data_base64": base64.b64encode(data).decode()})
    assert upload.status_code == 201, upload.text
    file_id = upload.json()["file_id"]
    stranger = register_and_login(platform, "stranger")
    for method in ("GET", "DELETE"):
        response = requests.request(method, platform.api(f"/api/v1/storage/files/{file_id}"),
                                    headers=stranger.auth, timeout=10)
        assert response.status_code == 404
    assert used(platform, user) == len(data)
    deleted = requests.delete(platform.api(f"/api/v1/storage/files/{file_id}"), headers=user.auth, timeout=10)
    assert deleted.status_code == 204
    assert used(platform, user) == 0


def test_random_uploads_and_deletes_keep_exact_accounting(platform: Platform) -> None:
    who = register_and_login(platform, "acct")
    rng = random.Random(11)
    stored: dict[str, int] = {}
    pending: list[tuple[str, int, bool]] = []
    for step in range(100):
        if stored and rng.random() < 0.25:
            victim = rng.choice(sorted(stored))
            assert requests.delete(platform.api(f"/api/v1/storage/files/{victim}"), headers=who.auth,
                                   timeout=10).status_code == 204
            del stored[victim]
            continue
        good = rng.random() < 0.8
        data = png(size=rng.randrange(2, 12), seed=step) if good else b"junk" * rng.randrange(1, 30)
        tok = token(platform, who)
        post_form(tok, data)
        pending.append((tok["file_id"], len(data), good))
        if len(pending) >= 10 or step == 99:
            for file_id, size, was_good in pending:
                info = wait_for(platform, who, file_id)
                assert info["status"] == ("stored" if was_good else "rejected"), info
                if was_good:
                    stored[file_id] = size
            pending.clear()
    for file_id, size, _ in pending:
        if wait_for(platform, who, file_id)["status"] == "stored":
            stored[file_id] = size
    stats = requests.get(platform.api("/api/v1/storage/stats"), headers=who.auth, timeout=10).json()
    assert stats["used_bytes"] == sum(stored.values())
    assert stats["files"] == len(stored)


def _stored_jpeg(platform: Platform, who: Account, data: bytes) -> str:
    response = requests.post(platform.api("/api/v1/storage/files"), headers=who.auth, timeout=20,
                             json={"filename": "photo.jpg", "content_type": "image/jpeg",
                                   "data_base64": base64.b64encode(data).decode()})
    assert response.status_code == 201, response.text
    return str(response.json()["file_id"])


def test_resize_compress_convert_make_new_stored_files(platform: Platform, user: Account) -> None:
    source = _stored_jpeg(platform, user, jpeg(1200, 800))
    resized = requests.post(platform.api("/api/v1/files/images/resize"), headers=user.auth, timeout=30,
                            json={"file_id": source, "width": 300, "height": 300, "mode": "cover"})
    assert resized.status_code == 201, resized.text
    out = resized.json()
    assert (out["width"], out["height"], out["file"]["status"]) == (300, 300, "stored")
    image = Image.open(io.BytesIO(requests.get(out["file"]["url"], timeout=10).content))
    assert image.size == (300, 300)

    converted = requests.post(platform.api("/api/v1/files/images/convert"), headers=user.auth, timeout=30,
                              json={"file_id": source, "format": "webp"})
    assert converted.status_code == 201, converted.text
    assert converted.json()["file"]["content_type"] == "image/webp"

    compressed = requests.post(platform.api("/api/v1/files/images/compress"), headers=user.auth, timeout=30,
                               json={"file_id": source, "quality": 40})
    assert compressed.status_code == 201, compressed.text
    stats = requests.get(platform.api("/api/v1/storage/stats"), headers=user.auth, timeout=10).json()
    assert stats["files"] == 4  # the source and three outputs, all counted


def test_corrupt_truncated_and_bomb_images_get_clear_errors(platform: Platform, user: Account) -> None:
    whole = jpeg(400, 300)
    truncated = _stored_jpeg(platform, user, whole[: len(whole) // 2])
    response = requests.post(platform.api("/api/v1/files/images/resize"), headers=user.auth, timeout=30,
                             json={"file_id": truncated, "width": 100})
    assert response.status_code == 422, response.text

    # a PNG whose header claims 100000 x 100000 pixels (a decompression bomb), stored as a real PNG file
    bomb = _bomb_png()
    upload = requests.post(platform.api("/api/v1/storage/files"), headers=user.auth, timeout=20,
                           json={"filename": "bomb.png", "content_type": "image/png",
                                 "data_base64": base64.b64encode(bomb).decode()})
    assert upload.status_code == 201, upload.text
    response = requests.post(platform.api("/api/v1/files/images/resize"), headers=user.auth, timeout=30,
                             json={"file_id": upload.json()["file_id"], "width": 100})
    assert response.status_code == 413, response.text

    other = register_and_login(platform, "imgother")
    response = requests.post(platform.api("/api/v1/files/images/resize"), headers=other.auth, timeout=30,
                             json={"file_id": truncated, "width": 100})
    assert response.status_code == 404


def _bomb_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_over_quota_upload_is_rejected_and_quota_untouched(platform: Platform) -> None:
    from tests.integration.conftest import STORAGE_QUOTA

    who = register_and_login(platform, "quota")
    first, second = token(platform, who), token(platform, who)  # both issued while 3 MB remain
    big_a, big_b = png(size=800, seed=21), png(size=800, seed=22)  # ~1.9 MB each, under the 2 MB file limit
    assert len(big_a) + len(big_b) > STORAGE_QUOTA
    post_form(first, big_a)
    assert wait_for(platform, who, first["file_id"])["status"] == "stored"
    post_form(second, big_b)
    rejected = wait_for(platform, who, second["file_id"])
    assert (rejected["status"], rejected["reason"]) == ("rejected", "quota-exceeded")
    assert used(platform, who) == len(big_a)
    # the next token offers only what is left
    assert token(platform, who)["max_bytes"] == STORAGE_QUOTA - len(big_a)


def test_font_registration_reads_metadata_and_renders_a_preview(platform: Platform, user: Account) -> None:
    from design_agent.fonts import COMMON_HANZI

    from tests.unit.test_fonts import build_font  # the hermetic font builder of the font module's tests

    data = build_font(family="Poster Hei", hanzi=COMMON_HANZI)
    stored = requests.post(platform.api("/api/v1/storage/files"), headers=user.auth, timeout=20,
                           json={"filename": "brand.ttf", "content_type": "font/ttf", "kind": "font",
                                 "data_base64": base64.b64encode(data).decode()})
    assert stored.status_code == 201, stored.text
    font = requests.post(platform.api("/api/v1/files/fonts"), headers=user.auth, timeout=30,
                         json={"file_id": stored.json()["file_id"]})
    assert font.status_code == 201, font.text
    body = font.json()
    assert (body["family"], body["supports_cjk"], body["cjk_coverage"]) == ("Poster Hei", True, 1.0)
    assert body["glyph_count"] > 0
    preview = requests.get(platform.api(f"/api/v1/storage/files/{body['preview_file_id']}"), headers=user.auth,
                           timeout=10).json()
    assert Image.open(io.BytesIO(requests.get(preview["url"], timeout=10).content)).format == "PNG"
    mine = requests.get(platform.api("/api/v1/files/fonts"), params={"scope": "mine", "cjk": "true",
                                                                     "family": "poster"}, headers=user.auth,
                        timeout=10).json()
    assert [f["font_id"] for f in mine["items"]] == [body["font_id"]]
    assert requests.get(platform.api(f"/api/v1/files/fonts/{body['font_id']}"),
                        headers=register_and_login(platform, "nofont").auth, timeout=10).status_code == 404
