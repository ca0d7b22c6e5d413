"""Typefaces and the per-glyph fallback chain.

Every character of a text is drawn with the first font of its chain that maps it (its cmap, read once per font
with fontTools): the element's own font, then the other fonts the poster names (the user's registered fonts,
in document order; only those whose coverage report says they set the character's script), then the Latin
default (Pillow's built-in Aileron), then the bundled Noto Sans CJK (the face of the text's language: SC, TC,
HK, JP or KR), then the bundled Noto symbols, emoji and other scripts. A character no font maps is not drawn
(no ``.notdef`` box) and is reported.

The bundled fonts come from PyPI packages (``manimgx-fonts-cjk``, ``manimgx-fonts``; SIL OFL 1.1) installed by
the project's own files: locally in the virtualenv, in AWS as the ``fonts`` Lambda layer. A function without
that layer still renders; the characters only the bundled fonts have are then reported as missing.
"""

from __future__ import annotations

import functools
import importlib.resources
import io
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from PIL import ImageFont

MAX_FONT_BYTES: Final = 64 * 1024 * 1024
MAX_SIZES: Final = 48
"""FreeType faces kept per font (sizes x weights), least recently used dropped: a warm Lambda serving many
posters (and shrink-to-fit trying many sizes) must not keep one of each forever."""

CJK_PACKAGE: Final = "manimgx_fonts_cjk"
CJK_FILE: Final = "NotoSansCJK-VF.otf.ttc"
EXTRA_PACKAGE: Final = "manimgx_fonts"
EXTRA_FILES: Final = ("NotoSansSymbols[wght].ttf", "NotoEmoji[wght].ttf")
"""Tried in this order after the CJK font; the package's other script faces follow, by name."""

LANGUAGES: Final = ("zh-Hans", "zh-Hant", "zh-HK", "ja", "ko")
"""The languages the bundled CJK collection has a face for (an element's ``lang``)."""
_CJK_FACE_NAMES: Final = {"zh-Hans": "SC", "zh-Hant": "TC", "zh-HK": "HK", "ja": "JP", "ko": "KR"}

_KANA: Final = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL: Final = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")
_HAN_RANGES: Final = ((0x2E80, 0x2FDF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def char_script(ch: str) -> str | None:
    """What a character needs of a font's coverage report (:data:`design_agent.fonts.SCRIPTS`): ``latin``,
    ``han`` (any of ``zh-Hans``, ``zh-Hant``, ``ja``), ``ja`` (kana), ``ko``; ``None``: the cmap decides."""
    cp = ord(ch)
    if cp < 0x250 and ch.isalpha():
        return "latin"
    if any(lo <= cp <= hi for lo, hi in _HAN_RANGES):
        return "han"  # a font covering Simplified or Traditional Chinese or Japanese may set it (see covers)
    if _KANA.match(ch):
        return "ja"
    if _HANGUL.match(ch):
        return "ko"
    return None


def covers(scripts: Collection[str], script: str | None) -> bool:
    """Whether a font whose coverage report lists ``scripts`` is worth trying for a character of ``script``."""
    if script is None or not scripts:
        return True  # nothing known either way: the cmap decides
    if script == "han":
        return bool({"zh-Hans", "zh-Hant", "ja"} & set(scripts))
    return script in scripts


def text_language(text: str, lang: str | None) -> str:
    """The CJK face for ``text``: the element's ``lang`` if given, else Japanese with kana, Korean with Hangul
    and no Han, Simplified Chinese otherwise (this platform's users write Chinese first)."""
    if lang in _CJK_FACE_NAMES:
        return lang
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text) and not any(char_script(c) == "han" for c in text):
        return "ko"
    return "zh-Hans"


def _ignorable(ch: str) -> bool:
    """Characters that join the run they are in instead of choosing a font: joiners, variation selectors and
    combining marks (drawn by whichever font draws their base), and spaces (after a run of another font than
    the element's, a space is set in the element's font)."""
    return ch.isspace() or unicodedata.category(ch) in ("Mn", "Me", "Cf") or "\ufe00" <= ch <= "\ufe0f"


# ------------------------------------------------------------------ one font


def sfnt_bytes(data: bytes) -> bytes:
    """TTF/OTF/TTC bytes FreeType can load: WOFF/WOFF2 are unwrapped with fontTools."""
    if data[:4] not in (b"wOFF", b"wOF2"):
        return data
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped,unused-ignore]

    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    try:
        font.flavor = None
        buf = io.BytesIO()
        font.save(buf, reorderTables=False)
        return buf.getvalue()
    finally:
        font.close()


def _read_cmap(source: str | bytes, index: int) -> frozenset[int]:
    """The code points a font maps (fontTools). Glyph names are not needed, so none are built (a CJK font's
    65,535 names would take a second)."""
    from fontTools.ttLib import TTFont

    font = TTFont(source if isinstance(source, str) else io.BytesIO(source), fontNumber=index, lazy=True)
    try:
        font.setGlyphOrder([f"g{i}" for i in range(int(font["maxp"].numGlyphs))])
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@functools.lru_cache(maxsize=32)
def _file_cmap(path: str, index: int) -> frozenset[int]:
    """Cached per process: the bundled fonts are read once per warm Lambda."""
    return _read_cmap(path, index)


@dataclass(eq=False)
class Typeface:
    """One font file (or face of a collection) at any size and weight."""

    key: str
    source: str | bytes
    """A path (bundled fonts: FreeType maps the file) or the font's bytes (user fonts)."""
    index: int = 0
    variable: bool = False
    _cmap: frozenset[int] | None = None
    _faces: OrderedDict[tuple[float, int], ImageFont.FreeTypeFont] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def cmap(self) -> frozenset[int]:
        if self._cmap is None:
            self._cmap = _file_cmap(self.source, self.index) if isinstance(self.source, str) \
                else _read_cmap(self.source, self.index)
        return self._cmap

    def has(self, ch: str) -> bool:
        return ord(ch) in self.cmap

    def face(self, px: float, weight: int = 400) -> ImageFont.FreeTypeFont:
        """A FreeType face at ``px``; a variable font is set to ``weight`` (static fonts ignore it)."""
        key = (px, weight if self.variable else 400)
        with self._lock:
            if (cached := self._cached(key)) is not None:
                return cached
            return self._keep(key, self._load(px, weight))

    def _load(self, px: float, weight: int) -> ImageFont.FreeTypeFont:
        source = self.source if isinstance(self.source, str) else io.BytesIO(self.source)
        face = ImageFont.truetype(source, px, index=self.index)
        if self.variable:
            face.set_variation_by_axes([float(weight)])
        return face

    def _cached(self, key: tuple[float, int]) -> ImageFont.FreeTypeFont | None:
        face = self._faces.get(key)
        if face is not None:
            self._faces.move_to_end(key)
        return face

    def _keep(self, key: tuple[float, int], face: ImageFont.FreeTypeFont) -> ImageFont.FreeTypeFont:
        self._faces[key] = face
        while len(self._faces) > MAX_SIZES:
            self._faces.popitem(last=False)
        return face


class LatinDefault(Typeface):
    """Pillow's built-in font (Aileron, SIL OFL): the platform's default Latin face since the first renderer."""

    def _load(self, px: float, weight: int) -> ImageFont.FreeTypeFont:
        face = ImageFont.load_default(size=px)
        if not isinstance(face, ImageFont.FreeTypeFont):  # pragma: no cover - Pillow without FreeType
            raise RuntimeError("Text rendering needs Pillow with FreeType support")
        return face


@functools.lru_cache(maxsize=1)
def latin_default() -> LatinDefault:
    face = ImageFont.load_default(size=10)
    data: bytes = getattr(face, "font_bytes", b"")
    return LatinDefault(key="builtin:latin", source=data)


# ------------------------------------------------------------------ the bundled fonts


def _package_dir(package: str) -> Path | None:
    try:
        return Path(str(importlib.resources.files(package)))
    except ModuleNotFoundError:
        return None


@functools.lru_cache(maxsize=1)
def _cjk_faces() -> dict[str, Typeface]:
    """The bundled CJK collection's faces by language (empty when the package is not installed)."""
    folder = _package_dir(CJK_PACKAGE)
    path = folder / CJK_FILE if folder is not None else None
    if path is None or not path.is_file():
        return {}
    from fontTools.ttLib import TTCollection

    faces: dict[str, Typeface] = {}
    collection = TTCollection(str(path), lazy=True)
    try:
        names = {str(font["name"].getDebugName(1) or ""): index for index, font in enumerate(collection.fonts)}
    finally:
        collection.close()
    for lang, suffix in _CJK_FACE_NAMES.items():
        index = names.get(f"Noto Sans CJK {suffix}")
        if index is not None:
            faces[lang] = Typeface(key=f"builtin:cjk-{suffix.lower()}", source=str(path), index=index,
                                   variable=True)
    return faces


@functools.lru_cache(maxsize=1)
def _extra_faces() -> tuple[Typeface, ...]:
    """Symbols, emoji, then the other scripts of the bundled Noto set (empty when it is not installed)."""
    folder = _package_dir(EXTRA_PACKAGE)
    if folder is None:
        return ()
    others = sorted(p.name for p in folder.glob("*.ttf") if p.name not in EXTRA_FILES and "Italic" not in p.name
                    and not p.name.startswith("NotoSans["))
    return tuple(Typeface(key=f"builtin:{name}", source=str(folder / name), variable="[wght]" in name)
                 for name in (*EXTRA_FILES, *others) if (folder / name).is_file())


def bundled_cjk(lang: str) -> Typeface | None:
    faces = _cjk_faces()
    return faces.get(lang) or faces.get("zh-Hans")


def bundled_languages() -> tuple[str, ...]:
    return tuple(_cjk_faces())


# ------------------------------------------------------------------ the chain


FontBytes = Callable[[str], bytes | None]
FontScripts = Callable[[str], Collection[str] | None]


class FontLibrary:
    """The user fonts one render may use, loaded once each (bytes checked and unwrapped, cmaps read)."""

    def __init__(self, load: FontBytes, scripts: FontScripts | None, poster_fonts: Iterable[str]) -> None:
        self._load = load
        self._scripts = scripts
        self.poster_fonts = list(dict.fromkeys(poster_fonts))
        self._faces: dict[str, Typeface | None] = {}
        self._lock = threading.Lock()
        self.missing: list[str] = []

    def user(self, font_id: str) -> Typeface | None:
        """The user's font ``font_id``; ``None`` (and reported) when it cannot be had or used."""
        with self._lock:
            if font_id in self._faces:
                return self._faces[font_id]
            face = self._open(font_id)
            self._faces[font_id] = face
            if face is None and font_id not in self.missing:
                self.missing.append(font_id)
            return face

    def _open(self, font_id: str) -> Typeface | None:
        data = self._load(font_id)
        if data is None or not 12 <= len(data) <= MAX_FONT_BYTES:
            return None
        try:
            face = Typeface(key=f"user:{font_id}", source=sfnt_bytes(data))
            face.variable = _is_variable(face.source)
            face.face(12.0)  # FreeType must load it too
            if not face.cmap:
                return None
        except Exception:  # fontTools and FreeType raise many types for broken fonts
            return None
        return face

    def declared_scripts(self, font_id: str) -> Collection[str]:
        return (self._scripts(font_id) or ()) if self._scripts is not None else ()

    def chain(self, font_id: str | None, lang: str) -> FontChain:
        return FontChain(self, font_id, lang)


def _is_variable(source: str | bytes) -> bool:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(source) if isinstance(source, bytes) else source, lazy=True, fontNumber=0)
    try:
        return "fvar" in font and any(axis.axisTag == "wght" for axis in font["fvar"].axes)
    finally:
        font.close()


class FontChain:
    """The fonts one text element tries, in order, for each character."""

    def __init__(self, library: FontLibrary, font_id: str | None, lang: str) -> None:
        own = library.user(font_id) if font_id is not None else None
        self.primary: Typeface = own or latin_default()
        """The element's font (or the Latin default): line metrics come from it."""
        self._library = library
        self._own_id = font_id
        self._lang = lang
        self._chosen: dict[str, Typeface | None] = {}

    def _candidates(self, ch: str) -> Iterable[Typeface]:
        yield self.primary
        script = char_script(ch)
        for other in self._library.poster_fonts:
            if other != self._own_id and covers(self._library.declared_scripts(other), script):
                face = self._library.user(other)
                if face is not None:
                    yield face
        yield latin_default()
        cjk = bundled_cjk(self._lang)
        if cjk is not None:
            yield cjk
        yield from _extra_faces()

    def font_for(self, ch: str) -> Typeface | None:
        """The first font of the chain that maps ``ch`` (``None``: no font has it)."""
        if ch in self._chosen:
            return self._chosen[ch]
        found = next((face for face in self._candidates(ch) if face.has(ch)), None)
        self._chosen[ch] = found
        return found

    def runs(self, text: str) -> tuple[list[tuple[str, Typeface]], list[str]]:
        """``text`` cut into runs of one font each, and the characters no font has (left out)."""
        runs: list[tuple[str, Typeface]] = []
        missing: list[str] = []
        current: Typeface | None = None
        buffer: list[str] = []
        for ch in text:
            if _ignorable(ch):
                # a space after a run of another font is the element's own (an emoji font's space is an em wide)
                if not (ch.isspace() and current is not None and current is not self.primary
                        and self.primary.has(ch)):
                    buffer.append(ch)
                    continue
                face: Typeface | None = self.primary
            else:
                face = self.font_for(ch)
            if face is None:
                missing.append(ch)
                continue
            if face is not current and current is not None and buffer:
                runs.append(("".join(buffer), current))
                buffer = []
            current = face
            buffer.append(ch)
        if buffer:
            runs.append(("".join(buffer), current or self.primary))
        return runs, missing

