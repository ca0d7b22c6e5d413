"""What a file is, judged by its magic bytes only: no image library, so a handler that only checks an upload's type
(Storage, Designs) does not import Pillow at cold start. :mod:`design_agent.images` re-exports :func:`sniff`."""

from __future__ import annotations

import re
from typing import Final

_FTYP_AVIF: Final = frozenset({b"avif", b"avis"})
_FTYP_HEIC: Final = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"})
_FTYP_HEIF: Final = frozenset({b"mif1", b"msf1", b"miaf"})
# the root element of an SVG document: ``<svg`` or ``<prefix:svg`` then a space, ``>`` or ``/`` (possessive: no
# backtracking, so it runs in time linear in the bytes it looks at, like everything applied to user bytes here)
_SVG_ROOT: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*+:)?svg[\s>/]")
_SPACE: Final = b" \t\r\n"


def _svg_prolog_end(data: bytes) -> int | None:
    """Where the prolog of an XML document ends (the XML declaration, comments, processing instructions and a
    DOCTYPE, with the spaces between them), or None if it never ends within ``data``. One forward pass: every
    step moves on with a ``find`` from where the last one stopped, so the work is linear in ``len(data)`` — the
    regular expression this replaces backtracked exponentially on ``<!---->`` repeated."""
    pos = 0
    while True:
        while pos < len(data) and data[pos] in _SPACE:
            pos += 1
        if data.startswith(b"<?", pos):  # the XML declaration or a processing instruction
            end = data.find(b"?>", pos + 2)
            pos = end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            pos = end + 3
        elif data[pos:pos + 9].upper() == b"<!DOCTYPE":
            end = _doctype_end(data, pos + 9)
            pos = end + 1
        else:
            return pos
        if end < 0:
            return None


def _doctype_end(data: bytes, pos: int) -> int:
    """The index of the ``>`` that closes a DOCTYPE whose name and ids start at ``pos``, or -1. An internal
    subset (``[...]``) is read as XML does: ``]`` and ``>`` inside quoted literals and comments do not end it."""
    close, subset = data.find(b">", pos), data.find(b"[", pos)
    if subset < 0 or 0 <= close < subset:
        return close
    pos = subset + 1
    while pos < len(data):
        byte = data[pos:pos + 1]
        if byte in (b'"', b"'"):
            end = data.find(byte, pos + 1)
            if end < 0:
                return -1
            pos = end + 1
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            if end < 0:
                return -1
            pos = end + 3
        elif byte == b"]":
            pos += 1
            while pos < len(data) and data[pos] in _SPACE:
                pos += 1
            return pos if data.startswith(b">", pos) else -1
        else:
            pos += 1
    return -1


def _is_svg(text: bytes) -> bool:
    start = _svg_prolog_end(text)
    return start is not None and _SVG_ROOT.match(text, start) is not None


def _sniff_ftyp(data: bytes) -> str | None:
    if len(data) < 16 or data[4:8] != b"ftyp":
        return None
    box_size = int.from_bytes(data[0:4], "big")
    end = min(len(data), box_size if box_size >= 16 else 16, 4096)
    brands = {data[8:12]} | {data[i : i + 4] for i in range(16, end - 3, 4)}
    if brands & _FTYP_AVIF:
        return "image/avif"
    if brands & _FTYP_HEIC:
        return "image/heic"
    if brands & _FTYP_HEIF:
        return "image/heif"
    return None


def sniff(data: bytes) -> str | None:
    """The content type of ``data`` judged by its magic bytes only, or ``None`` if unknown.

    Recognises JPEG, PNG, GIF, WebP, AVIF / HEIC / HEIF (ISO-BMFF ``ftyp`` brands), SVG (XML text whose
    root element is ``<svg>``), PDF, and fonts: ``font/ttf``, ``font/otf``, ``font/woff``, ``font/woff2``,
    ``font/collection``. Use it to check uploads by content instead of the client's declared type.
    Note: a positive SVG result says nothing about the SVG being *safe* (scripts, external entities).
    """
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    fonts = {
        b"\x00\x01\x00\x00": "font/ttf",
        b"true": "font/ttf",
        b"OTTO": "font/otf",
        b"wOFF": "font/woff",
        b"wOF2": "font/woff2",
        b"ttcf": "font/collection",
    }
    if (font := fonts.get(head[:4])) is not None and len(data) >= 12:
        return font
    if (heif := _sniff_ftyp(data)) is not None:
        return heif
    text = data[:4096]
    if text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]
    if _is_svg(text):
        return "image/svg+xml"
    return None
