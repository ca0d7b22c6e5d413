"""design_agent.fonts: hermetic, the fonts are built in-test with fontTools' FontBuilder."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from design_agent import errors, fonts
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from PIL import Image

LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
UPM = 1000


def build_font(
    *,
    family: str = "Poster Test",
    style: str = "Regular",
    weight: int = 400,
    italic: bool = False,
    hanzi: str = "",
    cff: bool = False,
    flavor: str | None = None,
) -> bytes:
    """A small real font: Latin letters/digits share a box glyph, every ``hanzi`` maps to a 'han' glyph."""
    order = [".notdef", "space", "box", "han"]
    cmap = {ord(" "): "space"} | {ord(c): "box" for c in LATIN} | {ord(c): "han" for c in hanzi}
    fb = FontBuilder(UPM, isTTF=not cff)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(cmap)
    rects = {".notdef": (50, 0, 450, 700), "space": None, "box": (50, 0, 500, 700), "han": (50, -100, 950, 800)}
    advances = {".notdef": 500, "space": 250, "box": 550, "han": 1000}
    if cff:
        charstrings = {}
        for name in order:
            pen = T2CharStringPen(advances[name], None)
            if (rect := rects[name]) is not None:
                x0, y0, x1, y1 = rect
                pen.moveTo((x0, y0))
                pen.lineTo((x0, y1))
                pen.lineTo((x1, y1))
                pen.lineTo((x1, y0))
                pen.closePath()
            charstrings[name] = pen.getCharString()
        ps_name = (family + "-" + style).replace(" ", "")
        fb.setupCFF(ps_name, {"FullName": f"{family} {style}"}, charstrings, {})
    else:
        glyphs = {}
        for name in order:
            pen = TTGlyphPen(None)
            if (rect := rects[name]) is not None:
                x0, y0, x1, y1 = rect
                pen.moveTo((x0, y0))
                pen.lineTo((x0, y1))
                pen.lineTo((x1, y1))
                pen.lineTo((x1, y0))
                pen.closePath()
            glyphs[name] = pen.glyph()
        fb.setupGlyf(glyphs)
    lsb = {name: (rects[name] or (0,))[0] for name in order}
    fb.setupHorizontalMetrics({name: (advances[name], lsb[name]) for name in order})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": style, "psName": (family + "-" + style).replace(" ", "")})
    fs_selection = (1 if italic else 0) | (0x20 if weight >= 700 else 0) | (0x40 if not italic and weight < 700 else 0)
    fb.setupOS2(
        usWeightClass=weight,
        fsSelection=fs_selection,
        sTypoAscender=880,
        sTypoDescender=-120,
        usWinAscent=880,
        usWinDescent=120,
    )
    fb.setupPost(italicAngle=-12.0 if italic else 0.0)
    fb.updateHead(macStyle=(2 if italic else 0) | (1 if weight >= 700 else 0))
    if flavor:
        fb.font.flavor = flavor
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


def rewrap(data: bytes, flavor: str | None) -> bytes:
    font = TTFont(io.BytesIO(data))
    font.flavor = flavor
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ the hanzi list


def test_common_hanzi_list() -> None:
    assert len(fonts.COMMON_HANZI) == 500
    assert len(set(fonts.COMMON_HANZI)) == 500
    assert all(0x4E00 <= ord(c) <= 0x9FFF for c in fonts.COMMON_HANZI)
    assert fonts.COMMON_HANZI.startswith("的一是不了")
    assert all(c in fonts.COMMON_HANZI for c in fonts.CJK_SAMPLE)


# ------------------------------------------------------------------ inspect


def test_latin_ttf_metadata() -> None:
    info = fonts.inspect_font(build_font())
    assert info.format == "ttf"
    assert info.content_type == "font/ttf"
    assert info.outlines == "truetype"
    assert info.family == "Poster Test"
    assert info.subfamily == "Regular"
    assert info.postscript_name == "PosterTest-Regular"
    assert info.weight == 400
    assert info.italic is False
    assert info.glyph_count == 4
    assert info.codepoint_count == len(LATIN) + 1
    assert info.units_per_em == UPM
    assert info.is_variable is False
    assert info.cjk_coverage == 0.0
    assert info.supports_cjk is False


def test_bold_italic_and_cjk_coverage() -> None:
    info = fonts.inspect_font(build_font(style="Bold Italic", weight=700, italic=True, hanzi=fonts.COMMON_HANZI))
    assert info.weight == 700
    assert info.italic is True
    assert info.subfamily == "Bold Italic"
    assert info.cjk_coverage == 1.0
    assert info.supports_cjk is True


@pytest.mark.parametrize(
    ("count", "coverage", "supported"),
    [(250, 0.5, False), (449, 0.898, False), (450, 0.9, True), (500, 1.0, True)],
)
def test_cjk_coverage_threshold(count: int, coverage: float, supported: bool) -> None:
    info = fonts.inspect_font(build_font(hanzi=fonts.COMMON_HANZI[:count]))
    assert info.cjk_coverage == coverage
    assert info.supports_cjk is supported


def test_italic_from_post_angle_only() -> None:
    data = build_font()
    font = TTFont(io.BytesIO(data))
    font["post"].italicAngle = -10.0
    buf = io.BytesIO()
    font.save(buf)
    assert fonts.inspect_font(buf.getvalue()).italic is True


def test_cff_otf() -> None:
    info = fonts.inspect_font(build_font(cff=True, hanzi="的一是"))
    assert info.format == "otf"
    assert info.content_type == "font/otf"
    assert info.outlines == "cff"
    assert info.family == "Poster Test"
    assert info.cjk_coverage == 0.006


@pytest.mark.parametrize(("flavor", "content_type"), [("woff", "font/woff"), ("woff2", "font/woff2")])
def test_woff_round_trip(flavor: str, content_type: str) -> None:
    ttf = build_font(family="Web Font", hanzi=fonts.COMMON_HANZI)
    packed = rewrap(ttf, flavor)
    assert packed[:4] == (b"wOFF" if flavor == "woff" else b"wOF2")
    info = fonts.inspect_font(packed)
    plain = fonts.inspect_font(ttf)
    assert info.format == flavor
    assert info.content_type == content_type
    assert (info.family, info.glyph_count, info.cjk_coverage) == (plain.family, plain.glyph_count, 1.0)
    # and back to an sfnt that is the same font
    assert fonts.inspect_font(rewrap(packed, None)).codepoint_count == plain.codepoint_count
    png = Image.open(io.BytesIO(fonts.render_preview(packed)))
    assert png.size == (800, 200)


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    "data",
    [b"", b"hello, I am not a font at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, bytes(range(256))],
)
def test_non_fonts_are_422(data: bytes) -> None:
    with pytest.raises(fonts.NotAFont) as info:
        fonts.inspect_font(data)
    assert info.value.status == 422
    assert info.value.code == "unsupported-font"
    assert isinstance(info.value, errors.Unprocessable)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d[:40],  # truncated inside the table directory
        lambda d: d[: len(d) // 2],  # tables point past the end
        lambda d: d[:12] + bytes(len(d) - 12),  # directory zeroed
        lambda d: b"\x00\x01\x00\x00" + bytes(range(256)) * 4,  # right magic, garbage after
    ],
)
def test_corrupt_fonts_are_422(mangle: object) -> None:
    data = mangle(build_font())  # type: ignore[operator]
    with pytest.raises(fonts.CorruptFont) as info:
        fonts.inspect_font(data)
    assert info.value.status == 422
    assert info.value.code == "corrupt-font"
    with pytest.raises(fonts.CorruptFont):
        fonts.render_preview(data)


def test_corrupt_woff2_is_422() -> None:
    packed = rewrap(build_font(), "woff2")
    with pytest.raises(fonts.CorruptFont):
        fonts.inspect_font(packed[:60] + bytes(len(packed) - 60))


def test_font_size_limit_is_413() -> None:
    data = build_font()
    with pytest.raises(fonts.FontTooLarge) as info:
        fonts.inspect_font(data, max_bytes=len(data) - 1)
    assert info.value.status == 413


# ------------------------------------------------------------------ preview


def ink(png: bytes) -> int:
    im = Image.open(io.BytesIO(png))
    return sum(im.convert("L").histogram()[:128])


def test_preview_png_size_and_ink() -> None:
    png = fonts.render_preview(build_font(), size=(640, 160))
    im = Image.open(io.BytesIO(png))
    assert im.format == "PNG"
    assert im.size == (640, 160)
    assert ink(png) > 640 * 160 * 0.05  # box glyphs leave plenty of black
    assert im.getpixel((0, 0)) == 255  # the margin stays white


def test_default_text_mixes_latin_and_chinese_for_cjk_fonts() -> None:
    with_cjk = fonts._default_text({ord(c): "g" for c in LATIN + " " + fonts.COMMON_HANZI}, True)
    assert "\n" in with_cjk
    assert any(c in fonts.COMMON_HANZI for c in with_cjk)
    assert any(c.isascii() and c.isalpha() for c in with_cjk)
    latin_only = fonts._default_text({ord(c): "g" for c in LATIN + " "}, False)
    assert all(c.isascii() for c in latin_only)
    symbols = fonts._default_text({0x2600: "sun", 0x2601: "cloud"}, False)
    assert symbols == "\u2600\u2601"


def test_preview_of_a_cjk_font_renders_two_lines() -> None:
    png = fonts.render_preview(build_font(hanzi=fonts.COMMON_HANZI))
    im = Image.open(io.BytesIO(png)).convert("L")
    rows = [y for y in range(im.height) if any(im.getpixel((x, y)) < 128 for x in range(0, im.width, 4))]
    assert rows
    gaps = [b - a for a, b in itertools.pairwise(rows) if b - a > 1]
    assert gaps, "expected a blank band between the Latin and the Chinese line"


def test_preview_custom_text_and_bad_options() -> None:
    data = build_font(hanzi="设计")
    assert Image.open(io.BytesIO(fonts.render_preview(data, text="AB 设计", size=(300, 100)))).size == (300, 100)
    for kwargs in ({"text": ""}, {"text": "x" * 501}, {"size": (10, 100)}, {"size": (800, 5000)}):
        with pytest.raises(fonts.InvalidPreviewOptions) as info:
            fonts.render_preview(data, **kwargs)  # type: ignore[arg-type]
        assert info.value.status == 422


def test_preview_shrinks_long_text_to_fit() -> None:
    data = build_font()
    long_text = "ABCDEFGHIJ" * 6
    png = fonts.render_preview(data, text=long_text, size=(400, 100))
    im = Image.open(io.BytesIO(png))
    cols = [x for x in range(im.width) if any(im.getpixel((x, y)) < 128 for y in range(im.height))]
    assert cols
    assert min(cols) > 0
    assert max(cols) < im.width - 1


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="no system DejaVu font (optional real-font check)")
def test_real_system_font() -> None:
    info = fonts.inspect_font(DEJAVU.read_bytes())
    assert info.family == "DejaVu Sans"
    assert info.glyph_count > 1000
    assert info.supports_cjk is False
    assert Image.open(io.BytesIO(fonts.render_preview(DEJAVU.read_bytes()))).size == (800, 200)


def test_collection_uses_the_first_font() -> None:
    from fontTools.ttLib import TTCollection

    collection = TTCollection()
    collection.fonts = [TTFont(io.BytesIO(build_font(family=name))) for name in ("First", "Second")]
    buf = io.BytesIO()
    collection.save(buf)
    info = fonts.inspect_font(buf.getvalue())
    assert (info.format, info.content_type, info.family) == ("ttc", "font/collection", "First")
    assert Image.open(io.BytesIO(fonts.render_preview(buf.getvalue()))).size == (800, 200)


def test_the_coverage_report_lists_the_scripts_a_font_sets() -> None:
    assert fonts.inspect_font(build_font()).scripts == ("latin",)
    assert fonts.inspect_font(build_font(hanzi=fonts.COMMON_HANZI)).scripts == ("latin", "zh-Hans")
    assert fonts.inspect_font(build_font(hanzi=fonts.COMMON_HANZI + fonts.COMMON_TRADITIONAL + fonts.KANA)
                              ).scripts == ("latin", "zh-Hans", "zh-Hant", "ja")
    assert fonts.covered_scripts({ord(c) for c in fonts.HANGUL_SAMPLE}) == ("ko",)
