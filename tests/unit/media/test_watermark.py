"""AddWatermark: anchors, positions, opacity, tiling, image marks, transparency, formats, errors."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from design_agent import images

from functions.media.imaging import watermark
from tests.unit.media.support import LIMITS, array, decode, flat, jpeg, png

W, H = 300, 200
GREY = (120, 120, 120)


def _changed(data: bytes, original: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    out = array(data).astype(np.int16)
    return np.asarray(np.abs(out[:, :, :3] - original[:, :, :3].astype(np.int16)).max(axis=2) > 8)


def _quadrants(changed: npt.NDArray[np.bool_]) -> dict[str, bool]:
    h, w = changed.shape
    return {
        "top-left": bool(changed[: h // 2, : w // 2].any()),
        "top-right": bool(changed[: h // 2, w // 2 :].any()),
        "bottom-left": bool(changed[h // 2 :, : w // 2].any()),
        "bottom-right": bool(changed[h // 2 :, w // 2 :].any()),
    }


@pytest.mark.parametrize(
    ("anchor", "region"),
    [
        ("top-left", (slice(0, H // 3), slice(0, W // 3))),
        ("top", (slice(0, H // 3), slice(W // 3, 2 * W // 3))),
        ("top-right", (slice(0, H // 3), slice(2 * W // 3, W))),
        ("left", (slice(H // 3, 2 * H // 3), slice(0, W // 3))),
        ("center", (slice(H // 3, 2 * H // 3), slice(W // 3, 2 * W // 3))),
        ("centre", (slice(H // 3, 2 * H // 3), slice(W // 3, 2 * W // 3))),
        ("right", (slice(H // 3, 2 * H // 3), slice(2 * W // 3, W))),
        ("bottom-left", (slice(2 * H // 3, H), slice(0, W // 3))),
        ("bottom", (slice(2 * H // 3, H), slice(W // 3, 2 * W // 3))),
        ("bottom-right", (slice(2 * H // 3, H), slice(2 * W // 3, W))),
    ],
)
def test_anchors_put_the_mark_in_their_region(anchor: str, region: tuple[slice, slice]) -> None:
    base = flat((W, H), GREY)
    out = watermark.add_watermark(png(base), text="MARK", anchor=anchor, opacity=1.0, scale=0.2, **LIMITS)
    changed = _changed(out.data, base)
    assert changed.any()
    outside = changed.copy()
    outside[region] = False
    assert not outside.any(), f"{anchor}: mark outside its third of the picture"


def test_margin_is_relative_to_the_width() -> None:
    base = flat((W, H), GREY)
    out = watermark.add_watermark(png(base), text="MARK", anchor="top-left", margin=0.1, opacity=1, **LIMITS)
    ys, xs = np.nonzero(_changed(out.data, base))
    assert xs.min() >= 0.1 * W
    assert ys.min() >= 0.1 * W


def test_explicit_position_centres_the_mark_there() -> None:
    base = flat((W, H), GREY)
    out = watermark.add_watermark(png(base), text="MARK", position=(0.25, 0.75), opacity=1, **LIMITS)
    ys, xs = np.nonzero(_changed(out.data, base))
    assert abs((xs.min() + xs.max()) / 2 - 0.25 * W) < 6
    assert abs((ys.min() + ys.max()) / 2 - 0.75 * H) < 6


def test_scale_sets_the_mark_width() -> None:
    base = flat((W, H), GREY)
    out = watermark.add_watermark(png(base), text="WIDE TEXT", anchor="center", scale=0.5, opacity=1, **LIMITS)
    _ys, xs = np.nonzero(_changed(out.data, base))
    assert 0.4 * W <= xs.max() - xs.min() + 1 <= 0.52 * W


def test_opacity_zero_changes_nothing() -> None:
    rng = np.random.default_rng(1)
    base = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
    out = watermark.add_watermark(png(base), text="INVISIBLE", opacity=0, tiled=True, **LIMITS)
    assert np.array_equal(array(out.data), base)


def test_opacity_blends() -> None:
    base = flat((W, H), (0, 0, 0))
    full = array(watermark.add_watermark(png(base), text="I", color="#ffffff", opacity=1, scale=0.3, **LIMITS).data)
    half = array(watermark.add_watermark(png(base), text="I", color="#ffffff", opacity=0.5, scale=0.3, **LIMITS).data)
    assert full.max() == 255
    assert 110 <= half.max() <= 145


def test_tiled_covers_every_quadrant() -> None:
    base = flat((W, H), GREY)
    out = watermark.add_watermark(png(base), text="TILE", tiled=True, scale=0.15, rotation=30, opacity=1, **LIMITS)
    changed = _changed(out.data, base)
    assert all(_quadrants(changed).values())
    single = watermark.add_watermark(png(base), text="TILE", scale=0.15, opacity=1, **LIMITS)
    assert np.count_nonzero(changed) > 5 * np.count_nonzero(_changed(single.data, base))


def test_rotation_turns_the_mark() -> None:
    base = flat((W, H), GREY)
    flat_mark = _changed(watermark.add_watermark(png(base), text="LONG MARK", anchor="center", opacity=1,
                                                 scale=0.5, **LIMITS).data, base)
    turned = _changed(watermark.add_watermark(png(base), text="LONG MARK", anchor="center", opacity=1,
                                              scale=0.5, rotation=90, **LIMITS).data, base)
    fy, fx = np.nonzero(flat_mark)
    ty, tx = np.nonzero(turned)
    assert np.ptp(fx) > 3 * np.ptp(fy)
    assert np.ptp(ty) > 3 * np.ptp(tx)


def test_rgba_input_keeps_its_transparency() -> None:
    rgba = flat((W, H), (*GREY, 255))
    rgba[:, : W // 2, 3] = 0  # the left half is transparent
    rgba[:10, W // 2 :, 3] = 128
    out = watermark.add_watermark(png(rgba), text="MARK", tiled=True, opacity=1, **LIMITS)
    assert out.format == "png"
    result = array(out.data)
    assert result.shape == (H, W, 4)
    assert np.array_equal(result[:, :, 3], rgba[:, :, 3])
    assert _changed(out.data, rgba)[:, W // 2 :].any()


def test_image_watermark_and_its_own_transparency() -> None:
    logo = flat((40, 20), (255, 0, 0, 255))
    logo[:, :20, 3] = 0  # only the right half of the logo is visible
    base = flat((W, H), GREY)
    out = watermark.add_watermark(png(base), mark=png(logo), anchor="center", scale=0.4, opacity=1, **LIMITS)
    result = array(out.data)
    changed = _changed(out.data, base)
    ys, xs = np.nonzero(changed)
    assert xs.min() >= W // 2 - 2
    assert xs.max() <= W // 2 + 0.2 * W + 2
    assert tuple(result[round(ys.mean()), round(xs.mean())]) == (255, 0, 0)  # the logo's own colour, opaque


def test_image_watermark_is_opened_safely() -> None:
    with pytest.raises(images.NotAnImage):
        watermark.add_watermark(png(flat((W, H), GREY)), mark=b"<svg></svg>", **LIMITS)
    with pytest.raises(images.TooManyPixels):
        watermark.add_watermark(
            png(flat((50, 50), GREY)), mark=png(flat((100, 100), GREY)), max_pixels=5_000, max_input_bytes=10**6
        )


def test_format_follows_the_source_unless_given() -> None:
    base = flat((W, H), GREY)
    assert watermark.add_watermark(jpeg(base), text="A", **LIMITS).format == "jpeg"
    assert watermark.add_watermark(png(base), text="A", **LIMITS).format == "png"
    out = watermark.add_watermark(png(base), text="A", format="webp", quality=70, **LIMITS)
    assert (out.format, decode(out.data).format) == ("webp", "WEBP")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "exactly one of text and mark"),
        ({"text": "a", "mark": b"x"}, "exactly one of text and mark"),
        ({"text": "a", "anchor": "middle"}, "anchor must be one of"),
        ({"text": "a", "opacity": 1.5}, "opacity"),
        ({"text": "a", "scale": 0}, "scale"),
        ({"text": "a", "rotation": 400}, "rotation"),
        ({"text": "a", "margin": 0.6}, "margin"),
        ({"text": "a", "spacing": -1}, "spacing"),
        ({"text": "a", "position": (2, 0)}, "position"),
        ({"text": "a", "color": "not-a-colour"}, "colour"),
        ({"text": "  "}, "one line"),
        ({"text": "a", "font": b"not a font"}, "font"),
        ({"text": "a", "quality": 101}, "quality"),
    ],
)
def test_bad_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(images.InvalidImageOptions, match=message):
        watermark.add_watermark(png(flat((W, H), GREY)), **options, **LIMITS)  # type: ignore[arg-type]


def test_limits() -> None:
    data = png(flat((100, 100), GREY))
    with pytest.raises(images.TooManyPixels):
        watermark.add_watermark(data, text="a", max_pixels=9_999, max_input_bytes=10**6)
    with pytest.raises(images.ImageTooLarge):
        watermark.add_watermark(data, text="a", max_pixels=10**6, max_input_bytes=10)
