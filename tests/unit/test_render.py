"""design_agent.render: documents built in-test, images generated with Pillow, fonts with fontTools."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from design_agent import errors, render
from design_agent.contracts.designs import (
    Background,
    Element,
    GroupElement,
    ImageElement,
    Layer,
    Poster,
    PosterDocument,
    ShapeElement,
    TextElement,
)
from PIL import Image, ImageChops, ImageFont

from tests.unit.test_fonts import build_font, rewrap
from tests.unit.test_images import png_header_only

WHITE = (255, 255, 255)
RED = (255, 0, 0)
BLUE = (0, 0, 255)
GREEN = (0, 128, 0)
NOW = datetime(2025, 1, 1, tzinfo=UTC)
HANZI = "设计让生活更美好海报字体中文"


# ------------------------------------------------------------------ helpers


def poster(
    elements: list[Element | Any] | None = None,
    *,
    size: tuple[int, int] = (200, 200),
    background: str = "#ffffff",
    background_file: str | None = None,
    layers: list[Layer] | None = None,
) -> PosterDocument:
    return PosterDocument(
        poster=Poster(
            poster_id="p1",
            owner_id="u1",
            title="Test",
            width=size[0],
            height=size[1],
            background=Background(color=background, file_id=background_file),
            version=1,
            created_at=NOW,
            updated_at=NOW,
        ),
        layers=layers if layers is not None else [Layer(layer_id="L0", name="base", order=0)],
        elements=elements or [],
    )


def el(body: Any, *, layer: str = "L0", z: int = 0, element_id: str | None = None) -> Element:
    return Element(element_id=element_id or f"e{id(body)}", layer_id=layer, z=z, body=body)


def rect(x: float, y: float, w: float, h: float, fill: str = "#ff0000", **kw: Any) -> ShapeElement:
    return ShapeElement(x=x, y=y, width=w, height=h, shape="rectangle", fill=fill, **kw)


def no_files(_: str) -> bytes | None:
    return None


def loader(files: dict[str, bytes]) -> Callable[[str], bytes | None]:
    return files.get


def draw(doc: PosterDocument, **kw: Any) -> tuple[render.RenderResult, Image.Image]:
    kw.setdefault("images", no_files)
    kw.setdefault("fonts", no_files)
    result = render.render_png(doc, **kw)
    im = Image.open(io.BytesIO(result.png))
    im.load()
    assert im.format == "PNG"
    assert im.size == (result.width, result.height)
    return result, im


def rgb(im: Image.Image, xy: tuple[int, int]) -> tuple[int, int, int]:
    px = im.convert("RGB").getpixel(xy)
    assert isinstance(px, tuple)
    return px[0], px[1], px[2]


def close(a: tuple[int, ...], b: tuple[int, ...], tol: int = 2) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def encode(im: Image.Image, fmt: str = "PNG", **params: Any) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format=fmt, **params)
    return buf.getvalue()


def halves(size: tuple[int, int] = (400, 200)) -> bytes:
    """Left half red, right half blue."""
    im = Image.new("RGB", size, RED)
    im.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return encode(im)


def dark_pixels(im: Image.Image, box: tuple[int, int, int, int] | None = None) -> int:
    grey = im.convert("L")
    if box is not None:
        grey = grey.crop(box)
    hist = grey.histogram()
    return sum(hist[:128])


# ------------------------------------------------------------------ canvas, size, errors


@pytest.mark.parametrize(("scale", "expected"), [(1.0, (300, 200)), (0.5, (150, 100)), (2.0, (600, 400))])
def test_output_size_is_canvas_times_scale(scale: float, expected: tuple[int, int]) -> None:
    result, im = draw(poster([el(rect(10, 10, 50, 50))], size=(300, 200)), scale=scale)
    assert (result.width, result.height) == expected
    assert im.size == expected
    assert im.mode == "RGB"  # opaque result: no alpha channel


def test_background_colour_and_translucent_background() -> None:
    _, im = draw(poster(background="#336699"))
    assert rgb(im, (0, 0)) == (0x33, 0x66, 0x99)
    assert rgb(im, (199, 199)) == (0x33, 0x66, 0x99)
    _, im = draw(poster(background="#33669980"))
    assert im.mode == "RGBA"
    assert im.getpixel((0, 0)) == (0x33, 0x66, 0x99, 0x80)


def test_background_image_covers_the_canvas() -> None:
    _, im = draw(poster(background_file="bg"), images=loader({"bg": encode(Image.new("RGB", (50, 400), GREEN))}))
    assert rgb(im, (0, 0)) == GREEN
    assert rgb(im, (199, 199)) == GREEN


def test_missing_background_image_keeps_colour_and_is_reported() -> None:
    result, im = draw(poster(background="#123456", background_file="gone"))
    assert rgb(im, (100, 100)) == (0x12, 0x34, 0x56)
    assert result.missing_images == ["gone"]


def test_oversized_canvas_is_refused() -> None:
    doc = poster(size=(8192, 8192))
    with pytest.raises(render.RenderTooLarge) as caught:
        render.render_png(doc, images=no_files, fonts=no_files)
    assert caught.value.code == "render-too-large"
    assert caught.value.status == 413
    assert isinstance(caught.value, errors.PayloadTooLarge)
    with pytest.raises(render.RenderTooLarge):
        render.render_png(poster(size=(200, 200)), images=no_files, fonts=no_files, max_pixels=10_000)
    with pytest.raises(render.RenderTooLarge):  # one side above MAX_EDGE even when the pixel budget allows it
        render.render_png(poster(size=(8192, 16)), images=no_files, fonts=no_files, scale=4, max_pixels=10**9)


@pytest.mark.parametrize("scale", [0, -1, float("nan"), float("inf"), 100])
def test_bad_scale_is_refused(scale: float) -> None:
    with pytest.raises(render.InvalidRenderOptions) as caught:
        render.render_png(poster(), images=no_files, fonts=no_files, scale=scale)
    assert caught.value.code == "invalid-render-options"
    assert caught.value.status == 422


def test_deterministic_output() -> None:
    doc = poster(
        [
            el(rect(10, 10, 120, 60, rotation=30, corner_radius=12, stroke="#000000", stroke_width=3)),
            el(ShapeElement(x=40, y=80, width=90, height=70, shape="ellipse", fill="#00ff0080"), z=1),
            el(TextElement(x=5, y=120, width=190, height=70, content="Hello poster world", rotation=-10), z=2),
            el(ImageElement(x=100, y=20, width=80, height=80, file_id="img", rotation=45), z=3),
        ]
    )
    files = loader({"img": halves()})
    first, _ = draw(doc, images=files)
    second, _ = draw(doc, images=files)
    assert first.png == second.png
    assert first.elements_drawn == 4


# ------------------------------------------------------------------ shapes, layers, opacity, rotation


def test_rectangle_inside_and_outside() -> None:
    _, im = draw(poster([el(rect(50, 60, 100, 40))]))
    assert rgb(im, (100, 80)) == RED
    assert rgb(im, (50, 60)) == RED  # top-left pixel included
    assert rgb(im, (149, 99)) == RED  # bottom-right pixel included
    assert rgb(im, (150, 80)) == WHITE
    assert rgb(im, (100, 100)) == WHITE
    assert rgb(im, (49, 80)) == WHITE


def test_rectangle_geometry_scales() -> None:
    _, im = draw(poster([el(rect(50, 60, 100, 40))]), scale=2)
    assert rgb(im, (101, 121)) == RED
    assert rgb(im, (299, 199)) == RED
    assert rgb(im, (300, 200)) == WHITE


def test_stroke_and_rounded_corners() -> None:
    shape = rect(20, 20, 160, 160, fill="#ffffff", stroke="#0000ff", stroke_width=10, corner_radius=40)
    _, im = draw(poster([el(shape)], background="#000000"))
    assert rgb(im, (100, 24)) == BLUE  # top edge, inside the stroke
    assert rgb(im, (100, 100)) == WHITE  # the fill
    assert rgb(im, (21, 21)) == (0, 0, 0)  # the rounded corner leaves the background


def test_layer_order_top_covers_bottom() -> None:
    layers = [  # listed top first on purpose: the renderer sorts by ``order``
        Layer(layer_id="top", name="top", order=1),
        Layer(layer_id="bottom", name="bottom", order=0),
    ]
    doc = poster(
        [el(rect(50, 50, 100, 100, "#0000ff"), layer="top"), el(rect(0, 0, 200, 200, "#ff0000"), layer="bottom")],
        layers=layers,
    )
    _, im = draw(doc)
    assert rgb(im, (100, 100)) == BLUE
    assert rgb(im, (10, 10)) == RED


def test_z_order_within_a_layer() -> None:
    doc = poster([el(rect(50, 50, 100, 100, "#0000ff"), z=2), el(rect(0, 0, 200, 200, "#ff0000"), z=1)])
    _, im = draw(doc)
    assert rgb(im, (100, 100)) == BLUE


def test_invisible_layer_and_unknown_layer_are_not_drawn() -> None:
    layers = [Layer(layer_id="L0", name="base", order=0), Layer(layer_id="hidden", name="h", order=1, visible=False)]
    doc = poster([el(rect(0, 0, 200, 200), layer="hidden"), el(rect(0, 0, 200, 200), layer="nowhere")], layers=layers)
    result, im = draw(doc)
    assert rgb(im, (100, 100)) == WHITE
    assert result.elements_drawn == 0


def test_element_opacity_blends() -> None:
    _, im = draw(poster([el(rect(0, 0, 100, 100, opacity=0.5))]))
    assert close(rgb(im, (50, 50)), (255, 128, 128))
    _, im = draw(poster([el(rect(0, 0, 100, 100, fill="#ff000080"))]))  # colour alpha does the same
    assert close(rgb(im, (50, 50)), (255, 127, 127))


def test_layer_opacity_applies_to_the_layer_as_a_group() -> None:
    layers = [Layer(layer_id="L0", name="base", order=0, opacity=0.5)]
    doc = poster([el(rect(0, 0, 100, 100, "#0000ff")), el(rect(50, 0, 100, 100, "#0000ff"), z=1)], layers=layers)
    _, im = draw(doc)
    single, overlap = rgb(im, (25, 50)), rgb(im, (75, 50))
    assert close(single, (128, 128, 255))
    assert single == overlap  # not darker where the two elements overlap
    assert rgb(im, (175, 50)) == WHITE


def test_rotation_90_turns_a_wide_rectangle_tall() -> None:
    # 160 x 40 centred on (100, 100); rotated it spans x 80..120 and y 20..180
    _, im = draw(poster([el(rect(20, 80, 160, 40, rotation=90))]))
    assert rgb(im, (100, 30)) == RED
    assert rgb(im, (100, 170)) == RED
    assert rgb(im, (30, 100)) == WHITE
    assert rgb(im, (170, 100)) == WHITE


@pytest.mark.parametrize("angle", [90, 180, 270, -90])
def test_quarter_turns_match_the_general_rotation(angle: float) -> None:
    # an image (red left half, blue right half) partly off the canvas: the exact transpose path and the
    # resampling path (a hair off the quarter turn) must agree away from the edges
    def turned(rotation: float) -> Image.Image:
        image = ImageElement(x=-40, y=60, width=161, height=80, file_id="img", fit="fill", rotation=rotation)
        return draw(poster([el(image)]), images=loader({"img": halves()}))[1].convert("RGB")

    exact, general = turned(angle), turned(angle + 0.001)
    diff = ImageChops.difference(exact, general).convert("L")
    assert sum(diff.histogram()[64:]) < 2 * (161 + 80)  # at most the outline differs (half-pixel shift)
    # clockwise: a quarter turn puts the left (red) half on top, three quarters put it at the bottom
    expected = {
        90: {(40, 40): RED, (40, 160): BLUE},
        180: {(10, 100): BLUE, (100, 100): RED},
        270: {(40, 40): BLUE, (40, 160): RED},
        -90: {(40, 40): BLUE, (40, 160): RED},
    }[int(angle)]
    for xy, colour in expected.items():
        assert rgb(exact, xy) == colour


def test_rotation_45_keeps_the_centre() -> None:
    _, im = draw(poster([el(rect(60, 60, 80, 80, rotation=45))]))
    assert rgb(im, (100, 100)) == RED
    assert rgb(im, (62, 62)) == WHITE  # the corner of the unrotated box is now outside
    assert rgb(im, (100, 50)) == RED  # the rotated corner points up (80 * sqrt(2) / 2 = 56.6 from the centre)


def test_ellipse_corner_stays_background_and_edges_are_antialiased() -> None:
    _, im = draw(poster([el(ShapeElement(x=0, y=0, width=200, height=200, shape="ellipse", fill="#000000"))]))
    assert rgb(im, (100, 100)) == (0, 0, 0)
    assert rgb(im, (2, 2)) == WHITE
    assert rgb(im, (198, 198)) == WHITE
    greys = [v for v, count in enumerate(im.convert("L").histogram()) if count and 0 < v < 255]
    assert len(greys) > 5


def test_line_goes_corner_to_corner() -> None:
    line = ShapeElement(x=0, y=0, width=200, height=200, shape="line", stroke="#000000", stroke_width=6)
    _, im = draw(poster([el(line)]))
    assert rgb(im, (100, 100))[0] < 64
    assert rgb(im, (10, 10))[0] < 64
    assert rgb(im, (190, 10)) == WHITE


def test_group_draws_nothing() -> None:
    group = GroupElement(x=0, y=0, width=200, height=200, children=["a"])
    result, im = draw(poster([el(group), el(rect(0, 0, 20, 20), element_id="a", z=1)]))
    assert result.elements_drawn == 1
    assert rgb(im, (100, 100)) == WHITE


def test_huge_rotated_element_is_cheap() -> None:
    shape = ShapeElement(x=-8000, y=-8000, width=16000, height=16000, shape="ellipse", fill="#00ff00", rotation=33)
    started = time.perf_counter()
    result, im = draw(poster([el(shape)]))
    assert time.perf_counter() - started < 5
    assert rgb(im, (100, 100)) == (0, 255, 0)
    assert result.elements_drawn == 1
    off = rect(5000, 5000, 100, 100)  # entirely off the canvas: nothing drawn, not counted
    assert draw(poster([el(off)]))[0].elements_drawn == 0


# ------------------------------------------------------------------ text


def test_huge_text_is_bounded() -> None:
    # a 2000 px font at scale 8 in a box 16384 px wide: only the visible characters are rasterised
    text = TextElement(x=-8000, y=0, width=16384, height=2000, content="W" * 400, font_size=2000, align="center")
    started = time.perf_counter()
    result, im = draw(poster([el(text)], size=(64, 64)), scale=8)
    assert time.perf_counter() - started < 10
    assert result.elements_drawn == 1
    assert im.size == (512, 512)


def test_text_draws_inside_its_box_only() -> None:
    text = TextElement(x=40, y=50, width=120, height=60, content="Hello poster world " * 6, font_size=24)
    result, im = draw(poster([el(text)]))
    assert dark_pixels(im, (40, 50, 160, 110)) > 100
    full = dark_pixels(im)
    assert full == dark_pixels(im, (40, 50, 160, 110))  # nothing outside the box: clipped
    assert result.missing_fonts == []
    assert result.elements_drawn == 1


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_text_alignment(align: str) -> None:
    text = TextElement(x=0, y=0, width=200, height=60, content="Hi", font_size=30, align=align)
    _, im = draw(poster([el(text)]))
    ink = Image.eval(im.convert("L"), lambda v: 255 - v).getbbox()
    assert ink is not None
    centre = (ink[0] + ink[2]) / 2
    expected = {"left": (0, 60), "center": (80, 120), "right": (140, 200)}[align]
    assert expected[0] <= centre <= expected[1]


def test_text_colour_and_newlines() -> None:
    text = TextElement(x=0, y=0, width=200, height=200, content="A\nB\nC", font_size=40, color="#0000ff")
    _, im = draw(poster([el(text)]))
    ink = Image.eval(im.convert("L"), lambda v: 255 - v).getbbox()
    assert ink is not None
    assert ink[3] - ink[1] > 100  # three lines of 40 px at 1.2 line height
    red, _, blue = im.convert("RGB").split()
    bluish = ImageChops.multiply(
        Image.eval(blue, lambda v: 255 if v > 200 else 0), Image.eval(red, lambda v: 255 if v < 60 else 0)
    )
    assert bluish.getbbox() is not None  # some pixels are blue ink, not black or white


def test_missing_font_falls_back_and_is_reported() -> None:
    text = TextElement(x=0, y=0, width=200, height=100, content="Hello", font_id="f-missing")
    result, im = draw(poster([el(text)]))
    assert result.missing_fonts == ["f-missing"]
    assert dark_pixels(im) > 50
    bad = TextElement(x=0, y=0, width=200, height=100, content="Hello", font_id="f-bad")
    result, _ = draw(poster([el(bad)]), fonts=loader({"f-bad": b"\x00\x01\x00\x00 definitely not a font"}))
    assert result.missing_fonts == ["f-bad"]


def test_wrap_text_latin_by_words_and_cjk_by_characters() -> None:
    assert render.wrap_text("aaa bbb ccc", 7, len) == ["aaa bbb", "ccc"]
    assert render.wrap_text("aaa  bbb\nccc", 100, len) == ["aaa  bbb", "ccc"]
    assert render.wrap_text("abcdefghij", 4, len) == ["abcd", "efgh", "ij"]  # a long word is broken
    assert render.wrap_text("设计让生活更美好", 3, len) == ["设计让", "生活更", "美好"]
    # closing punctuation never starts a line, opening never ends one
    assert render.wrap_text("设计，生活", 2, len) == ["设", "计，", "生活"]  # noqa: RUF001
    assert render.wrap_text("生《活》", 3, len) == ["生", "《活》"]
    assert render.wrap_text("Poster 设计 design", 8, len) == ["Poster 设", "计 design"]


def test_cjk_text_wraps_per_character_with_a_cjk_font() -> None:
    font = build_font(hanzi=HANZI)
    face = ImageFont.truetype(io.BytesIO(font), 20)
    assert face.getlength("设") == pytest.approx(20)
    assert render.wrap_text("设计让生活更美好海报", 100, face.getlength) == ["设计让生活", "更美好海报"]
    text = TextElement(x=0, y=0, width=100, height=200, content="设计让生活更美好海报", font_size=20, font_id="cjk")
    result, im = draw(poster([el(text)]), fonts=loader({"cjk": font}))
    assert result.missing_fonts == []
    # two lines of five 'han' boxes (900 units wide = 18 px) and nothing to the right of 100 px
    assert dark_pixels(im, (0, 0, 100, 24)) > 5 * 18 * 10
    assert dark_pixels(im, (0, 24, 100, 48)) > 5 * 18 * 10
    assert dark_pixels(im, (0, 48, 200, 200)) == 0
    assert dark_pixels(im, (100, 0, 200, 200)) == 0


def test_woff_fonts_are_used() -> None:
    woff = rewrap(build_font(hanzi=HANZI), "woff")
    text = TextElement(x=0, y=0, width=200, height=100, content="设计", font_size=40, font_id="w")
    result, im = draw(poster([el(text)]), fonts=loader({"w": woff}))
    assert result.missing_fonts == []
    assert dark_pixels(im) > 2 * 30 * 30  # two solid 'han' boxes


# ------------------------------------------------------------------ images


def test_image_crop_and_cover_fill_the_box() -> None:
    # the right half (blue) of a 2:1 image is 1:1; covered into a 3:1 box it still fills it completely
    image = ImageElement(x=20, y=80, width=150, height=50, file_id="img", crop={"x": 0.5, "width": 0.5}, fit="cover")
    result, im = draw(poster([el(image)]), images=loader({"img": halves()}))
    box = im.convert("RGB").crop((20, 80, 170, 130))
    assert box.getcolors() == [(150 * 50, BLUE)]
    assert rgb(im, (19, 100)) == WHITE
    assert rgb(im, (170, 100)) == WHITE
    assert result.missing_images == []


def test_image_fits() -> None:
    files = loader({"img": halves((400, 200))})
    contain = ImageElement(x=0, y=0, width=200, height=200, file_id="img", fit="contain")
    _, im = draw(poster([el(contain)], background="#00ff00"), images=files)
    assert rgb(im, (100, 20)) == (0, 255, 0)  # letterbox bar: transparent, the background shows
    assert rgb(im, (20, 100)) == RED
    assert rgb(im, (180, 100)) == BLUE
    fill = ImageElement(x=0, y=0, width=200, height=200, file_id="img", fit="fill")
    _, im = draw(poster([el(fill)]), images=files)
    assert rgb(im, (20, 5)) == RED
    assert rgb(im, (180, 195)) == BLUE
    cover = ImageElement(x=0, y=0, width=200, height=200, file_id="img", fit="cover")
    _, im = draw(poster([el(cover)]), images=files)  # the centre of the image: half red, half blue
    assert rgb(im, (20, 5)) == RED
    assert rgb(im, (180, 195)) == BLUE


def test_image_filters() -> None:
    files = loader({"img": encode(Image.new("RGB", (50, 50), (200, 100, 50)))})
    grey = ImageElement(x=0, y=0, width=100, height=100, file_id="img", filters={"grayscale": True})
    r, g, b = rgb(draw(poster([el(grey)]), images=files)[1], (50, 50))
    assert r == g == b
    dim = ImageElement(x=0, y=0, width=100, height=100, file_id="img", filters={"brightness": 0.5})
    assert close(rgb(draw(poster([el(dim)]), images=files)[1], (50, 50)), (100, 50, 25))
    flat = ImageElement(x=0, y=0, width=100, height=100, file_id="img", filters={"contrast": 0})
    assert close(rgb(draw(poster([el(flat)]), images=files)[1], (50, 50)), (128, 128, 128))
    blurred = ImageElement(x=0, y=0, width=200, height=200, file_id="h", fit="fill", filters={"blur": 10})
    _, im = draw(poster([el(blurred)]), images=loader({"h": halves()}))
    middle = rgb(im, (100, 100))
    assert 60 < middle[0] < 200  # red and blue mixed across the seam
    assert 60 < middle[2] < 200


def test_missing_image_draws_a_placeholder_and_is_reported() -> None:
    image = ImageElement(x=50, y=50, width=100, height=60, file_id="gone")
    result, im = draw(poster([el(image)]))
    assert result.missing_images == ["gone"]
    assert result.elements_drawn == 1
    assert rgb(im, (100, 60)) == render.PLACEHOLDER_FILL[:3]  # off the diagonals
    assert rgb(im, (100, 80)) == render.PLACEHOLDER_LINE[:3]  # the centre, where the diagonals cross
    assert rgb(im, (40, 40)) == WHITE


@pytest.mark.parametrize(
    "data",
    [
        png_header_only(100_000, 100_000),  # a decompression bomb: refused from the header
        b"definitely not an image",
        encode(Image.new("RGB", (64, 64), RED), "JPEG")[:200],  # truncated
    ],
    ids=["bomb", "garbage", "truncated"],
)
def test_bad_image_data_is_a_placeholder_not_a_crash(data: bytes) -> None:
    image = ImageElement(x=0, y=0, width=100, height=100, file_id="bad")
    again = ImageElement(x=100, y=100, width=100, height=100, file_id="bad")
    result, im = draw(poster([el(image), el(again, z=1)]), images=loader({"bad": data}))
    assert result.missing_images == ["bad"]  # reported once
    assert rgb(im, (50, 20)) == render.PLACEHOLDER_FILL[:3]
    assert result.elements_drawn == 2


def test_image_loader_is_called_once_per_file() -> None:
    calls: list[str] = []
    data = halves()

    def images(file_id: str) -> bytes | None:
        calls.append(file_id)
        return data

    elements = [el(ImageElement(x=i * 10, y=0, width=50, height=50, file_id="img"), z=i) for i in range(5)]
    draw(poster(elements), images=images)
    assert calls == ["img"]


def test_parse_colour() -> None:
    assert render.parse_colour("#ff6600") == (255, 102, 0, 255)
    assert render.parse_colour("#FF660080") == (255, 102, 0, 128)
    with pytest.raises(render.InvalidRenderOptions):
        render.parse_colour("red")
