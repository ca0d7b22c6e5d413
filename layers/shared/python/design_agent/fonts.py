"""Font inspection and preview for user-uploaded fonts (TTF, OTF, WOFF, WOFF2, TTC).

Pure functions on bytes, no AWS. Parsing uses fontTools (WOFF2 needs the ``brotli`` package); previews
are rendered by Pillow/FreeType. Non-fonts are 422 ``unsupported-font``; fonts that fontTools or FreeType
cannot read are 422 ``corrupt-font``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Final

from fontTools.ttLib import TTFont  # type: ignore[import-untyped,unused-ignore]
from PIL import Image, ImageDraw, ImageFont

from design_agent import errors

# ------------------------------------------------------------------ errors


class FontTooLarge(errors.PayloadTooLarge):
    code = "font-too-large"
    title = "The font file is too large"


class NotAFont(errors.Unprocessable):
    code = "unsupported-font"
    title = "The data is not a TTF, OTF, WOFF or WOFF2 font"


class CorruptFont(errors.Unprocessable):
    code = "corrupt-font"
    title = "The font data is truncated or corrupt"


class InvalidPreviewOptions(errors.Unprocessable):
    code = "invalid-preview-options"
    title = "The font preview options are not valid"


# ------------------------------------------------------------------ constants

COMMON_HANZI: Final = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里"
    "用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
    "日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政"
    "美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员"
    "解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件"
    "计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象"
    "完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改"
    "收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调"
    "深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企"
    "八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列"
)
"""The 500 most frequent characters of modern (simplified) Chinese, most frequent first.

Source: the most frequent characters of modern Chinese (the order of published character-frequency
lists of modern written Chinese, e.g. Jun Da's Modern Chinese Character Frequency List). Together they
cover roughly three quarters of running modern Chinese text, so a font missing many of them cannot set
ordinary Chinese copy on a poster.
"""

COMMON_TRADITIONAL: Final = (
    "們這個來說時國會對學動發經過後還種樣點開關體當長間問頭幾機應實氣與為無現從讓認東見電兒語話車馬買賣書門"
    "業務處將於義區歲員師報導聽親愛錢題萬億華灣臺廣慶節樂場濱園際爾號紅綠藍黃圖畫設計讀寫議論變麼衛價"
)
"""Common characters whose Traditional form differs from the Simplified one (们/們, 这/這, ...)."""
KANA: Final = "".join(chr(c) for c in range(0x3041, 0x3094)) + "".join(chr(c) for c in range(0x30A1, 0x30F7))
HANGUL_SAMPLE: Final = (
    "가나다라마바사아자차카타파하한국어대학교서울사랑감사합니다안녕하세요재즈음악회밤달빛공원축제시월일"
)
LATIN_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
SCRIPT_SAMPLES: Final = {"latin": LATIN_LETTERS, "zh-Hans": COMMON_HANZI, "zh-Hant": COMMON_TRADITIONAL,
                         "ja": KANA, "ko": HANGUL_SAMPLE}
"""The coverage report: a font covers a script when its cmap maps 90% of that script's sample."""
SCRIPTS: Final = tuple(SCRIPT_SAMPLES)

CJK_SUPPORT_THRESHOLD: Final = 0.9
DEFAULT_MAX_FONT_BYTES: Final = 64 * 1024 * 1024  # full CJK fonts are commonly 10-30 MB
MAX_PREVIEW_EDGE: Final = 4096
MIN_PREVIEW_EDGE: Final = 16
MAX_PREVIEW_TEXT: Final = 500
LATIN_SAMPLE: Final = "The quick brown fox jumps 0123"
CJK_SAMPLE: Final = "设计让生活更美好"  # "design makes life better"; all in COMMON_HANZI

_MAGIC: Final[dict[bytes, tuple[str, str]]] = {
    b"\x00\x01\x00\x00": ("ttf", "font/ttf"),
    b"true": ("ttf", "font/ttf"),
    b"OTTO": ("otf", "font/otf"),
    b"wOFF": ("woff", "font/woff"),
    b"wOF2": ("woff2", "font/woff2"),
    b"ttcf": ("ttc", "font/collection"),
}


@dataclass(frozen=True, slots=True)
class FontInfo:
    format: str
    """Container: ``ttf``, ``otf``, ``woff``, ``woff2`` or ``ttc`` (first font of the collection inspected)."""
    content_type: str
    outlines: str
    """``truetype`` (glyf) or ``cff`` (CFF/CFF2), independent of the container."""
    family: str | None
    subfamily: str | None
    full_name: str | None
    postscript_name: str | None
    weight: int
    """OS/2 usWeightClass (100..900); 700/400 from head.macStyle when there is no OS/2 table."""
    italic: bool
    glyph_count: int
    codepoint_count: int
    units_per_em: int
    is_variable: bool
    cjk_coverage: float
    """Share (0..1) of :data:`COMMON_HANZI` mapped by the font's cmap."""
    supports_cjk: bool
    """``cjk_coverage >= CJK_SUPPORT_THRESHOLD`` (0.9)."""
    size_bytes: int
    scripts: tuple[str, ...] = ()
    """The coverage report: the :data:`SCRIPTS` whose sample the font maps (at least 90% of it)."""


# ------------------------------------------------------------------ loading


def _container(data: bytes, max_bytes: int) -> tuple[str, str]:
    if len(data) > max_bytes:
        raise FontTooLarge(
            f"The font is {len(data)} bytes; at most {max_bytes} are accepted",
            size_bytes=len(data),
            max_bytes=max_bytes,
        )
    kind = _MAGIC.get(data[:4]) if len(data) >= 12 else None
    if kind is None:
        raise NotAFont()
    return kind


def _load(data: bytes, container: str) -> Any:
    """A TTFont for ``data`` (first font of a collection); corrupt data is :class:`CorruptFont`."""
    try:
        return TTFont(
            io.BytesIO(data),
            fontNumber=0 if container == "ttc" else -1,
            recalcBBoxes=False,
            recalcTimestamp=False,
            lazy=True,
        )
    except ImportError as exc:  # WOFF2 without brotli: a deployment problem, not the client's fault
        raise errors.AppError(f"WOFF2 support is not installed: {exc}") from exc
    except Exception as exc:  # fontTools raises many types (TTLibError, struct.error, brotli.error...)
        raise CorruptFont(f"The font cannot be read: {exc}") from exc


def _text(value: Any) -> str | None:
    return str(value) if value else None


def _is_italic(font: Any) -> bool:
    if "OS/2" in font and int(font["OS/2"].fsSelection) & (1 | 1 << 9):  # ITALIC or OBLIQUE
        return True
    if "post" in font and float(font["post"].italicAngle) != 0.0:
        return True
    return bool(int(font["head"].macStyle) & 0b10)


def _weight(font: Any) -> int:
    if "OS/2" in font:
        weight = int(font["OS/2"].usWeightClass)
        if 1 <= weight <= 1000:
            return weight
    return 700 if int(font["head"].macStyle) & 0b01 else 400


def _cmap(font: Any) -> dict[int, str]:
    best = font.getBestCmap() if "cmap" in font else None
    return dict(best) if best else {}


def cjk_coverage(codepoints: set[int] | dict[int, str]) -> float:
    """Share of :data:`COMMON_HANZI` present in ``codepoints``."""
    covered = sum(1 for ch in COMMON_HANZI if ord(ch) in codepoints)
    return covered / len(COMMON_HANZI)


def covered_scripts(codepoints: set[int] | dict[int, str]) -> tuple[str, ...]:
    """The scripts of :data:`SCRIPT_SAMPLES` the code points cover (each at least 90% of its sample)."""
    return tuple(script for script, sample in SCRIPT_SAMPLES.items()
                 if sum(1 for ch in sample if ord(ch) in codepoints) >= CJK_SUPPORT_THRESHOLD * len(sample))


def inspect_font(data: bytes, *, max_bytes: int = DEFAULT_MAX_FONT_BYTES) -> FontInfo:
    """Read a font's names, style, glyph count and Chinese coverage.

    Raises :class:`NotAFont` (422) for other data, :class:`CorruptFont` (422) for fonts that cannot be
    parsed and :class:`FontTooLarge` (413) above ``max_bytes``.
    """
    container, content_type = _container(data, max_bytes)
    font = _load(data, container)
    try:
        name = font["name"]
        head = font["head"]
        cmap = _cmap(font)
        coverage = round(cjk_coverage(cmap), 4)
        info = FontInfo(
            format=container,
            content_type=content_type,
            outlines="cff" if ("CFF " in font or "CFF2" in font) else "truetype",
            family=_text(name.getBestFamilyName()),
            subfamily=_text(name.getBestSubFamilyName()),
            full_name=_text(name.getBestFullName()),
            postscript_name=_text(name.getDebugName(6)),
            weight=_weight(font),
            italic=_is_italic(font),
            glyph_count=int(font["maxp"].numGlyphs),
            codepoint_count=len(cmap),
            units_per_em=int(head.unitsPerEm),
            is_variable="fvar" in font,
            cjk_coverage=coverage,
            supports_cjk=coverage >= CJK_SUPPORT_THRESHOLD,
            size_bytes=len(data),
            scripts=covered_scripts(cmap),
        )
    except Exception as exc:
        raise CorruptFont(f"The font tables cannot be read: {exc}") from exc
    finally:
        font.close()
    if info.glyph_count <= 0 or not 16 <= info.units_per_em <= 16384:
        raise CorruptFont("The font declares no glyphs or an invalid unitsPerEm")
    return info


# ------------------------------------------------------------------ preview


def _sfnt_bytes(font: Any, data: bytes, container: str) -> bytes:
    """Plain TTF/OTF bytes FreeType can load: WOFF/WOFF2 are unwrapped with fontTools."""
    if container not in ("woff", "woff2"):
        return data
    font.flavor = None
    buf = io.BytesIO()
    font.save(buf, reorderTables=False)
    return buf.getvalue()


def _default_text(cmap: dict[int, str], supports_cjk: bool) -> str:
    """Latin plus Chinese for CJK fonts, limited to characters the font maps; never empty."""
    lines = [LATIN_SAMPLE, CJK_SAMPLE] if supports_cjk else [LATIN_SAMPLE]
    kept = [("".join(ch for ch in line if ch == " " or ord(ch) in cmap)).strip() for line in lines]
    text = "\n".join(line for line in kept if line)
    if text:
        return text
    printable = [chr(cp) for cp in sorted(cmap) if chr(cp).isprintable() and not chr(cp).isspace()]
    return "".join(printable[:24]) or "Aa"


def render_preview(
    data: bytes,
    *,
    text: str | None = None,
    size: tuple[int, int] = (800, 200),
    max_bytes: int = DEFAULT_MAX_FONT_BYTES,
) -> bytes:
    """A PNG (8-bit grey, black on white) of ``text`` set in the font, centred and scaled to fit ``size``.

    The default text mixes Latin and Chinese when the font supports CJK (see :func:`inspect_font`) and
    only uses characters the font maps. ``text`` may contain newlines; at most 500 characters.
    """
    width, height = size
    if not (MIN_PREVIEW_EDGE <= width <= MAX_PREVIEW_EDGE and MIN_PREVIEW_EDGE <= height <= MAX_PREVIEW_EDGE):
        raise InvalidPreviewOptions(f"The preview size must be between {MIN_PREVIEW_EDGE} and {MAX_PREVIEW_EDGE} px")
    if text is not None and (not text.strip() or len(text) > MAX_PREVIEW_TEXT):
        raise InvalidPreviewOptions(f"The preview text must have 1 to {MAX_PREVIEW_TEXT} characters")
    container, _ = _container(data, max_bytes)
    font = _load(data, container)  # parsed once: a CJK WOFF2 can take a while to decompress
    try:
        if text is None:
            cmap = _cmap(font)
            text = _default_text(cmap, cjk_coverage(cmap) >= CJK_SUPPORT_THRESHOLD)
        sfnt = _sfnt_bytes(font, data, container)
    except Exception as exc:
        raise CorruptFont(f"The font cannot be read: {exc}") from exc
    finally:
        font.close()

    margin = max(4, min(width, height) // 10)
    avail_w, avail_h = width - 2 * margin, height - 2 * margin
    canvas = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(canvas)
    lines = text.count("\n") + 1
    points = max(4, int(avail_h / (1.25 * lines)))
    try:
        face = ImageFont.truetype(io.BytesIO(sfnt), points, index=0)
        for _ in range(4):  # shrink until the text fits (FreeType sizes are integers)
            left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=face)
            text_w, text_h = max(1, right - left), max(1, bottom - top)
            scale = min(1.0, avail_w / text_w, avail_h / text_h)
            if scale >= 1.0 or points <= 4:
                break
            points = max(4, int(points * scale))
            face = ImageFont.truetype(io.BytesIO(sfnt), points, index=0)
        left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=face)
        origin = ((width - (right - left)) / 2 - left, (height - (bottom - top)) / 2 - top)
        draw.multiline_text(origin, text, font=face, fill=0)
    except (OSError, ValueError) as exc:
        raise CorruptFont(f"The font cannot be rendered: {exc}") from exc
    buf = io.BytesIO()
    canvas.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
