"""design_agent.images: every input is generated in-test with Pillow (no fixtures, no network)."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zlib
from typing import Any

import pytest
from design_agent import errors, images, sniffing
from PIL import Image, ImageCms, ImageFile, features
from PIL.JpegImagePlugin import JpegImageFile

# ------------------------------------------------------------------ helpers


def photo(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Gradients plus noise: compresses like a photograph, not like a flat colour."""
    _w, _h = size
    gx = Image.linear_gradient("L").rotate(90).resize(size)
    gy = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 40)
    im = Image.merge("RGB", (gx, gy, noise))
    return im.convert(mode) if mode != "RGB" else im


def encode(im: Image.Image, fmt: str, **params: Any) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format=fmt, **params)
    return buf.getvalue()


def reopen(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` with a tiny (invalid) IDAT: nothing to decode."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + png_chunk(b"IEND", b"")
    )


SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_with_private_metadata(size: tuple[int, int] = (300, 200), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0110] = "Model X"  # Model
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (48.0, 51.0, 29.0)
    gps[3] = "E"
    gps[4] = (2.0, 17.0, 40.0)
    exif.get_ifd(0x8769)[0x927C] = b"MAKERNOTE-SECRET"  # MakerNote
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret-location</rdf:RDF></x:xmpmeta>'
    return encode(
        photo(size),
        "JPEG",
        quality=90,
        exif=exif,
        xmp=xmp,
        comment=b"secret comment",
        icc_profile=SRGB_ICC,
    )


# ------------------------------------------------------------------ sniff


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (encode(photo((8, 8)), "JPEG"), "image/jpeg"),
        (encode(photo((8, 8)), "PNG"), "image/png"),
        (encode(photo((8, 8)), "GIF"), "image/gif"),
        (encode(photo((8, 8)), "WEBP"), "image/webp"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "image/avif"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1avif", "image/avif"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "image/heic"),
        (b"\x00\x00\x00\x14ftypmif1\x00\x00\x00\x00mif1", "image/heif"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isomiso2", None),  # an MP4 video
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        (
            b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- made by hand -->\n'
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg width="1"></svg>',
            "image/svg+xml",
        ),
        (b"  <svg:svg xmlns:svg='http://www.w3.org/2000/svg'>", "image/svg+xml"),
        (b"<html><svg></svg></html>", None),
        (b"<svgfoo>", None),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
        (b"\x00\x01\x00\x00\x00\x0c\x00\x80\x00\x03\x00\x40", "font/ttf"),
        (b"OTTO\x00\x0c\x00\x80\x00\x03\x00\x40", "font/otf"),
        (b"wOFF\x00\x01\x00\x00\x00\x00\x10\x00", "font/woff"),
        (b"wOF2\x00\x01\x00\x00\x00\x00\x10\x00", "font/woff2"),
        (b"ttcf\x00\x01\x00\x00\x00\x00\x00\x02", "font/collection"),
        (b"hello world, this is text", None),
        (b"", None),
        (bytes(range(256)), None),
    ],
)
def test_sniff(data: bytes, expected: str | None) -> None:
    assert sniffing.sniff(data) == expected


@pytest.mark.skipif(not features.check("avif"), reason="Pillow without AVIF")
def test_sniff_real_avif() -> None:
    assert sniffing.sniff(encode(photo((16, 16)), "AVIF")) == "image/avif"


# ------------------------------------------------------------------ open: safety


def test_random_bytes_are_not_an_image() -> None:
    with pytest.raises(images.NotAnImage) as info:
        images.open_image(bytes(range(256)) * 8)
    assert info.value.status == 422
    assert info.value.code == "unsupported-image"
    assert isinstance(info.value, errors.Unprocessable)


def test_known_but_undecodable_types_are_named() -> None:
    with pytest.raises(images.NotAnImage, match="application/pdf"):
        images.open_image(b"%PDF-1.7\n" + b"0" * 100)


def test_eps_is_never_handed_to_ghostscript() -> None:
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    with pytest.raises(images.NotAnImage):
        images.open_image(eps)


def test_truncated_jpeg_is_corrupt() -> None:
    data = encode(photo((400, 300)), "JPEG", quality=90)
    with pytest.raises(images.CorruptImage) as info:
        images.resize(data[: len(data) // 2], width=100)
    assert info.value.status == 422
    assert info.value.code == "corrupt-image"


def test_truncated_png_is_corrupt() -> None:
    data = encode(photo((200, 200)), "PNG")
    with pytest.raises(images.CorruptImage):
        images.open_image(data[: len(data) - 200])


def test_png_claiming_10_gigapixels_is_refused_without_allocating() -> None:
    bomb = png_header_only(100_000, 100_000)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(images.TooManyPixels) as info:
            images.resize(bomb, width=100)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.status == 413
    assert info.value.code == "image-too-many-pixels"
    assert isinstance(info.value, errors.PayloadTooLarge)
    assert peak < 5_000_000
    assert time.perf_counter() - started < 1.0


def test_pixel_limit_is_per_call_and_checked_from_the_header() -> None:
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(images.DecompressionBomb):  # 64 MP > the 50 MP default, below Pillow's own limit
        images.open_image(png_header_only(8000, 8000))
    with pytest.raises(images.TooManyPixels):
        images.open_image(encode(photo((100, 100)), "PNG"), max_pixels=5_000)
    assert images.open_image(encode(photo((100, 100)), "PNG"), max_pixels=10_000).size == (100, 100)
    assert before == Image.MAX_IMAGE_PIXELS
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_input_byte_limit() -> None:
    data = encode(photo((100, 100)), "PNG")
    with pytest.raises(images.ImageTooLarge) as info:
        images.compress(data, max_input_bytes=len(data) - 1)
    assert info.value.status == 413
    assert info.value.code == "image-too-large"
    with pytest.raises(images.NotAnImage):
        images.open_image(b"")


# ------------------------------------------------------------------ orientation


def test_exif_orientation_6_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, displayed rotated 90 degrees clockwise
    data = encode(photo((400, 200)), "JPEG", exif=exif)
    assert images.open_image(data).size == (200, 400)
    out = images.resize(data, width=100, height=100, mode="fit")
    assert (out.width, out.height) == (50, 100)
    decoded = reopen(out.data)
    assert decoded.size == (50, 100)
    assert decoded.getexif().get(0x0112) is None


def test_orientation_is_honoured_with_draft_decoding() -> None:
    exif = Image.Exif()
    exif[0x0112] = 8
    data = encode(photo((2000, 1000)), "JPEG", exif=exif)
    out = images.resize(data, width=250, mode="fit")
    assert (out.width, out.height) == (250, 500)


# ------------------------------------------------------------------ resize modes


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"width": 100, "height": 100, "mode": "fit"}, (100, 50)),
        ({"width": 100, "mode": "fit"}, (100, 50)),
        ({"height": 50, "mode": "fit"}, (100, 50)),
        ({"width": 1000, "height": 1000, "mode": "fit"}, (400, 200)),  # never enlarged by default
        ({"width": 1000, "height": 1000, "mode": "fit", "allow_upscale": True}, (1000, 500)),
        ({"width": 100, "height": 100, "mode": "cover"}, (100, 100)),
        ({"width": 300, "height": 50, "mode": "cover"}, (300, 50)),
        ({"width": 1000, "height": 1000, "mode": "cover"}, (1000, 1000)),  # cover always fills the box
        ({"width": 100, "height": 100, "mode": "fill"}, (100, 100)),
        ({"width": 1000, "height": 300, "mode": "fill"}, (1000, 300)),
        ({"width": 333, "height": 77, "mode": "fit"}, (154, 77)),
    ],
)
def test_resize_sizes(kwargs: dict[str, Any], expected: tuple[int, int]) -> None:
    data = encode(photo((400, 200)), "PNG")
    out = images.resize(data, **kwargs)
    assert (out.width, out.height) == expected
    assert reopen(out.data).size == expected
    assert out.size_bytes == len(out.data)
    assert out.format == "png"
    assert out.content_type == "image/png"


def test_fill_pads_with_the_background_and_centres_the_picture() -> None:
    data = encode(Image.new("RGB", (400, 200), (0, 0, 255)), "PNG")
    out = reopen(images.resize(data, width=100, height=100, mode="fill", background="#ff0000").data)
    assert out.size == (100, 100)
    assert out.getpixel((50, 5)) == (255, 0, 0)  # top band: padding
    assert out.getpixel((50, 95)) == (255, 0, 0)  # bottom band: padding
    assert out.getpixel((50, 50)) == (0, 0, 255)  # middle: the picture


def test_fill_can_pad_transparently_for_alpha_formats() -> None:
    data = encode(Image.new("RGB", (400, 200), (0, 0, 255)), "PNG")
    out = reopen(images.resize(data, width=100, height=100, mode="fill", background=(0, 0, 0, 0)).data)
    assert out.mode == "RGBA"
    assert out.getpixel((50, 2))[3] == 0
    assert out.getpixel((50, 50)) == (0, 0, 255, 255)


def test_cover_crops_the_centre() -> None:
    im = Image.new("RGB", (300, 100), (255, 0, 0))
    im.paste((0, 255, 0), (100, 0, 200, 100))  # green middle third
    out = reopen(images.resize(encode(im, "PNG"), width=50, height=50, mode="cover").data)
    assert out.size == (50, 50)
    r, g, _b = out.getpixel((25, 25))
    assert g > 200
    assert r < 50
    assert out.getpixel((2, 25))[1] > 200  # the red sides were cropped away


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"width": 0},
        {"width": 9000},
        {"width": 100, "mode": "cover"},
        {"width": 100, "mode": "stretch"},
        {"width": 100, "quality": 0},
        {"width": 100, "background": "not-a-colour"},
    ],
)
def test_invalid_resize_options(kwargs: dict[str, Any]) -> None:
    with pytest.raises(images.InvalidImageOptions) as info:
        images.resize(encode(photo((40, 20)), "PNG"), **kwargs)
    assert info.value.status == 422


def test_big_jpeg_downscale_uses_draft_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    original = JpegImageFile.draft

    def spy(self: JpegImageFile, mode: str | None, size: tuple[int, int] | None) -> Any:
        result = original(self, mode, size)
        calls.append((mode, size, self.size))
        return result

    monkeypatch.setattr(JpegImageFile, "draft", spy)
    data = encode(photo((4000, 3000)), "JPEG", quality=85)
    started = time.perf_counter()
    out = images.resize(data, width=400, format="jpeg")
    elapsed = time.perf_counter() - started
    assert (out.width, out.height) == (400, 300)
    assert reopen(out.data).size == (400, 300)
    assert len(calls) == 1
    mode, requested, decoded = calls[0]
    assert mode == "RGB"
    assert requested == (400, 300)
    assert decoded == (500, 375)  # DCT-scaled by 1/8 instead of decoding 12 megapixels
    assert elapsed < 2.0


def test_no_draft_when_not_downscaling(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(JpegImageFile, "draft", lambda self, mode, size: calls.append(size))
    out = images.resize(encode(photo((200, 100)), "JPEG"), width=400, height=400, mode="cover")
    assert (out.width, out.height) == (400, 400)
    assert calls == []


def test_resize_output_quality_and_format() -> None:
    data = encode(photo((800, 600)), "PNG")
    low = images.resize(data, width=400, format="jpeg", quality=20)
    high = images.resize(data, width=400, format="jpeg", quality=95)
    assert low.content_type == high.content_type == "image/jpeg"
    assert low.size_bytes < high.size_bytes
    webp = images.resize(data, width=400, format="webp")
    assert webp.content_type == "image/webp"
    assert sniffing.sniff(webp.data) == "image/webp"


# ------------------------------------------------------------------ convert / transparency / formats


def test_png_with_alpha_to_jpeg_is_flattened_on_white() -> None:
    im = Image.new("RGBA", (64, 64), (255, 0, 0, 0))  # fully transparent red
    im.paste((0, 0, 255, 255), (32, 0, 64, 64))  # opaque blue right half
    out = images.convert(encode(im, "PNG"), format="jpeg")
    assert out.content_type == "image/jpeg"
    decoded = reopen(out.data)
    assert decoded.mode == "RGB"
    assert all(c > 245 for c in decoded.getpixel((8, 32)))  # white, not black and not red
    r, g, b = decoded.getpixel((56, 32))
    assert b > 200
    assert r < 40
    assert g < 40


def test_alpha_is_kept_for_alpha_formats() -> None:
    im = Image.new("RGBA", (32, 32), (255, 0, 0, 128))
    out = reopen(images.convert(encode(im, "PNG"), format="webp", quality=100).data)
    assert out.mode == "RGBA"
    assert abs(out.getpixel((5, 5))[3] - 128) <= 2


def test_gif_becomes_png_by_default_and_palette_transparency_survives() -> None:
    im = Image.new("P", (20, 20), 0)
    im.putpalette([255, 255, 255, 255, 0, 0] + [0] * 762)
    im.paste(1, (10, 0, 20, 20))
    data = encode(im, "GIF", transparency=0)
    out = images.compress(data)
    assert out.format == "png"
    decoded = reopen(out.data).convert("RGBA")
    assert decoded.getpixel((2, 2))[3] == 0
    assert decoded.getpixel((15, 2)) == (255, 0, 0, 255)


def test_cmyk_jpeg_becomes_rgb() -> None:
    data = encode(photo((64, 64)).convert("CMYK"), "JPEG")
    out = images.convert(data, format="jpeg")
    assert reopen(out.data).mode == "RGB"


def test_sixteen_bit_grey_png_is_scaled_to_8_bit() -> None:
    im = Image.new("I;16", (16, 16), 65535)
    out = reopen(images.convert(encode(im, "PNG"), format="png").data)
    assert out.mode == "L"
    assert out.getpixel((0, 0)) == 255


@pytest.mark.skipif("avif" not in images.supported_output_formats(), reason="Pillow without AVIF encoder")
def test_convert_to_avif_and_back() -> None:
    out = images.convert(encode(photo((64, 48)), "PNG"), format="avif")
    assert out.content_type == "image/avif"
    assert sniffing.sniff(out.data) == "image/avif"
    again = images.resize(out.data, width=32)
    assert again.format == "avif"
    assert (again.width, again.height) == (32, 24)


def test_avif_missing_gives_422_naming_supported_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images.features, "check", lambda name: name != "avif")
    with pytest.raises(images.UnsupportedImageFormat) as info:
        images.convert(encode(photo((8, 8)), "PNG"), format="avif")
    assert info.value.status == 422
    assert "jpeg, png, webp" in info.value.detail
    assert info.value.extra["supported"] == ["jpeg", "png", "webp"]


def test_unknown_output_format() -> None:
    with pytest.raises(images.UnsupportedImageFormat, match="bmp"):
        images.convert(encode(photo((8, 8)), "PNG"), format="bmp")


# ------------------------------------------------------------------ compress


def test_compress_with_quality() -> None:
    data = encode(photo((600, 400)), "JPEG", quality=95)
    out = images.compress(data, quality=40)
    assert out.format == "jpeg"
    assert out.size_bytes < len(data)
    assert (out.width, out.height) == (600, 400)


def test_compress_reaches_a_target_size_with_few_encodes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = encode(photo((600, 400)), "PNG")
    best = images.compress(data, format="jpeg", quality=95)
    target = best.size_bytes // 3
    encodes = 0
    real_encode = images._encode

    def counting(*args: Any, **kwargs: Any) -> bytes:
        nonlocal encodes
        encodes += 1
        return real_encode(*args, **kwargs)

    monkeypatch.setattr(images, "_encode", counting)
    out = images.compress(data, format="jpeg", target_bytes=target)
    assert out.size_bytes <= target
    assert out.size_bytes > target // 3  # the highest quality that fits, not the lowest
    assert encodes <= images.MAX_SEARCH_STEPS


def test_compress_unreachable_target() -> None:
    data = encode(photo((600, 400)), "JPEG")
    with pytest.raises(images.TargetSizeUnreachable) as info:
        images.compress(data, target_bytes=500)
    assert info.value.status == 422
    assert info.value.code == "target-size-unreachable"
    assert info.value.extra["smallest_bytes"] > 500


def test_compress_png_target_is_lossless_or_error() -> None:
    data = encode(photo((200, 200)), "PNG")
    with pytest.raises(images.TargetSizeUnreachable, match="webp"):
        images.compress(data, target_bytes=1000)
    flat = encode(Image.new("RGB", (200, 200), (10, 20, 30)), "PNG")
    assert images.compress(flat, target_bytes=10_000).format == "png"


# ------------------------------------------------------------------ metadata and colour


@pytest.mark.parametrize(
    "operation",
    [
        lambda d: images.resize(d, width=150),
        lambda d: images.compress(d, quality=70),
        lambda d: images.convert(d, format="jpeg"),
        lambda d: images.convert(d, format="webp"),
        lambda d: images.convert(d, format="png"),
    ],
)
def test_private_metadata_is_stripped_and_icc_kept(operation: Any) -> None:
    source = jpeg_with_private_metadata()
    src = Image.open(io.BytesIO(source))
    assert 0x8825 in src.getexif()  # the input really has GPS, XMP and a comment
    assert "xmp" in src.info
    assert "comment" in src.info

    out: images.ProcessedImage = operation(source)
    decoded = reopen(out.data)
    assert not decoded.getexif()
    for key in ("exif", "xmp", "comment", "XML:com.adobe.xmp"):
        assert key not in decoded.info
    for secret in (b"SpyCam", b"MAKERNOTE-SECRET", b"secret-location", b"secret comment", b"Exif\x00\x00"):
        assert secret not in out.data
    assert decoded.info.get("icc_profile") == SRGB_ICC


def test_convert_to_srgb_drops_the_profile() -> None:
    source = jpeg_with_private_metadata()
    out = images.convert(source, format="jpeg", color="srgb")
    assert "icc_profile" not in reopen(out.data).info


def test_orientation_from_private_exif_still_applied_when_stripping() -> None:
    out = images.convert(jpeg_with_private_metadata((300, 200), orientation=6), format="png")
    assert (out.width, out.height) == (200, 300)


# ------------------------------------------------------------------ bounded work


@pytest.mark.parametrize("call", [
    lambda data: images.resize(data, width=8192, height=8192, mode="fill"),
    lambda data: images.resize(data, width=8192, height=3100, mode="cover"),
    lambda data: images.resize(data, width=5001, height=5000, mode="fill"),
])
def test_an_output_over_the_pixel_limit_is_refused_before_decoding(call: Any) -> None:
    with pytest.raises(images.OutputTooLarge) as refused:  # a header with nothing decodable behind it
        call(png_header_only(64, 64))
    assert refused.value.status == 422
    assert refused.value.extra["max_output_pixels"] == images.DEFAULT_MAX_OUTPUT_PIXELS


def test_compress_and_convert_keep_the_size_so_their_inputs_are_held_to_the_output_limit() -> None:
    big = png_header_only(6000, 5000)  # 30 MP: under the input limit, over the output limit
    for call in (lambda: images.compress(big), lambda: images.convert(big, format="jpeg")):
        with pytest.raises(images.OutputTooLarge):
            call()
    with pytest.raises(images.OutputTooLarge):  # a size search encodes up to 8 times: 4.5 MP is too large for it
        images.compress(png_header_only(2500, 1800), target_bytes=10_000)


COVER_PEAK = """
import io, resource
from PIL import Image
from design_agent import images
buf = io.BytesIO(); Image.new("RGB", (10, 1000), "red").save(buf, "PNG")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = images.resize(buf.getvalue(), width=1000, height=1000, mode="cover")
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024, out.width, out.height)
"""


def test_cover_resamples_only_the_region_it_keeps() -> None:
    """A 10x1000 picture covering 1000x1000 scaled as a whole would be 1000x100000 (300 MB) before the crop."""
    import subprocess
    import sys

    answer = subprocess.run([sys.executable, "-c", COVER_PEAK], capture_output=True, text=True, check=True,
                            env={**__import__("os").environ, "PYTHONPATH": ":".join(sys.path)})
    grown_mb, width, height = (int(v) for v in answer.stdout.split())
    assert (width, height) == (1000, 1000)
    assert grown_mb < 100
