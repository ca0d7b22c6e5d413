"""``design_agent.images.encode``: the one writer of File and Media outputs, and ``to_rgb``."""

from __future__ import annotations

import io

import pytest
from design_agent import images
from PIL import Image


def _open(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def test_encode_writes_every_format_and_reports_it() -> None:
    im = Image.new("RGB", (30, 20), (10, 200, 30))
    for name, pillow in (("jpeg", "JPEG"), ("jpg", "JPEG"), ("PNG", "PNG"), ("webp", "WEBP")):
        out = images.encode(im.copy(), name)
        assert (out.width, out.height, out.size_bytes) == (30, 20, len(out.data))
        assert out.content_type == images.CONTENT_TYPES[pillow]
        assert _open(out.data).format == pillow


def test_encode_flattens_transparency_for_jpeg_and_drops_an_opaque_alpha() -> None:
    im = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    out = _open(images.encode(im.copy(), "jpeg", background="#ff0000").data)
    r, g, b = out.convert("RGB").getpixel((5, 5))  # type: ignore[misc]
    assert r > 240
    assert g < 15
    assert b < 15
    assert _open(images.encode(Image.new("RGBA", (4, 4), (1, 2, 3, 255)), "png").data).mode == "RGB"
    assert _open(images.encode(im.copy(), "png").data).mode == "RGBA"


def test_encode_writes_no_metadata_but_the_icc_profile() -> None:
    im = Image.new("RGB", (8, 8))
    im.info["comment"] = b"secret"
    im.info["exif"] = b"Exif\x00\x00junk"
    out = _open(images.encode(im, "jpeg", icc_profile=b"").data)
    assert "comment" not in out.info
    assert "exif" not in out.info


def test_encode_normalises_other_modes() -> None:
    palette = Image.new("P", (8, 8))
    assert _open(images.encode(palette, "webp").data).mode in ("RGB", "RGBA")
    cmyk = Image.new("CMYK", (8, 8), (0, 0, 0, 0))
    assert _open(images.encode(cmyk, "jpeg").data).mode == "RGB"


def test_png_level_trades_size_for_speed() -> None:
    im = Image.effect_noise((200, 200), 40).convert("RGB")
    fast = images.encode(im.copy(), "png", png_level=1)
    default = images.encode(im.copy(), "png")
    assert _open(fast.data).tobytes() == _open(default.data).tobytes()
    with pytest.raises(images.InvalidImageOptions, match="png_level"):
        images.encode(im, "png", png_level=10)


def test_encode_validates_format_and_quality() -> None:
    im = Image.new("RGB", (2, 2))
    with pytest.raises(images.UnsupportedImageFormat):
        images.encode(im, "bmp")
    with pytest.raises(images.InvalidImageOptions):
        images.encode(im, "jpeg", quality=0)


def test_to_rgb_gives_rgb_or_rgba() -> None:
    assert images.to_rgb(Image.new("L", (2, 2)))[0].mode == "RGB"
    assert images.to_rgb(Image.new("LA", (2, 2)))[0].mode == "RGBA"
    transparent_palette = Image.new("P", (2, 2))
    transparent_palette.info["transparency"] = 0
    assert images.to_rgb(transparent_palette)[0].mode == "RGBA"
    assert images.to_rgb(Image.new("CMYK", (2, 2)))[0].mode == "RGB"


def test_default_output_format() -> None:
    assert images.default_output_format("GIF") == "PNG"
    assert images.default_output_format("MPO") == "JPEG"
    assert images.default_output_format("WEBP") == "WEBP"
    assert images.default_output_format(None) == "PNG"
