"""Text layout: where lines break (Latin by words, CJK between characters, with the line-start and line-end
rules of Chinese and Japanese typesetting), how a line is measured, and shrink-to-fit.

Pure functions of strings and a ``measure`` callable (a string's advance in pixels), so they are tested
without fonts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

Measure = Callable[[str], float]

CJK_CHARS: Final = (
    "\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u3190-\u31ff"
    "\u3200-\u32ff\u3300-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"
    "\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
_TOKEN_RE: Final = re.compile(rf"[^\S\n]+|[{CJK_CHARS}]|[^\s{CJK_CHARS}]+")

NO_LINE_START: Final = frozenset(
    "，。、：；！？）」』】》〕〉〗〙〛〞”’…‥・·～ー〜ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻"  # noqa: RUF001
    ",.;:?!)]}%"
)
"""Characters that never begin a line (closing punctuation, small kana, iteration marks...)."""
NO_LINE_END: Final = frozenset("（「『【《〔〈〖〘〚〝“‘([{")  # noqa: RUF001
"""Characters that never end a line (opening brackets and quotes)."""
INSEPARABLE: Final = frozenset("…‥—―")
"""Runs of these (``……``, ``——``) are never broken apart."""


def tokens(paragraph: str) -> list[str]:
    """The units a line may break between: runs of spaces, single CJK characters and words of other
    characters. Closing punctuation sticks to what precedes it, opening punctuation to what follows it, and
    a run of ellipses or dashes stays whole, so no break can put them at the wrong edge of a line."""
    out: list[str] = []
    for tok in _TOKEN_RE.findall(paragraph):
        if out and not out[-1].isspace() and not tok.isspace() and (
            tok[0] in NO_LINE_START or out[-1][-1] in NO_LINE_END
            or (tok[0] in INSEPARABLE and out[-1][-1] == tok[0])
        ):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def _split_word(word: str, width: float, measure: Measure) -> tuple[list[str], str]:
    """A token wider than a line, broken between characters, never before a no-line-start character nor
    after a no-line-end one: where no such place exists the punctuation hangs past the line's end instead.
    Returns the full lines and the rest."""
    lines: list[str] = []
    line = ""
    for ch in word:
        if line and measure(line + ch) > width:
            joined = line + ch
            cut = next((c for c in range(len(line), 0, -1)
                        if joined[c - 1] not in NO_LINE_END and joined[c] not in NO_LINE_START), None)
            if cut is not None:
                lines.append(joined[:cut])
                line = joined[cut:]
                continue
        line += ch
    return lines, line


@dataclass(frozen=True, slots=True)
class Lines:
    lines: list[str]
    words_fit: bool
    """False when a word (or a glued group such as ``夜。``) was wider than the line and had to be broken."""


def break_lines(text: str, width: float, measure: Measure) -> Lines:
    """Greedy line breaking to ``width``: words for Latin, characters for CJK, explicit newlines kept;
    spaces at the start of a wrapped line are dropped (a paragraph's own indentation is kept)."""
    lines: list[str] = []
    words_fit = True
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = ""
        first = True
        for tok in tokens(paragraph):
            if tok.isspace():
                if line or first:
                    line += tok
                continue
            if measure(line + tok) <= width:
                line += tok
                first = False
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = ""
            first = False
            if measure(tok) <= width:
                line = tok
                continue
            words_fit = False
            full, line = _split_word(tok, width, measure)
            lines += full
        lines.append(line.rstrip())
    return Lines(lines, words_fit)


def wrap_text(text: str, width: float, measure: Measure) -> list[str]:
    """The lines of :func:`break_lines`."""
    return break_lines(text, width, measure).lines


def fit_size(largest: float, smallest: float, fits: Callable[[float], bool], step: float = 0.5) -> float:
    """The largest size in ``smallest..largest`` (on a ``step`` grid below ``largest``) for which ``fits``
    holds, by bisection (fitting is monotonic in the size); ``smallest`` when none does."""
    if fits(largest):
        return largest
    lo, hi = 0, int((largest - smallest) / step)  # candidate k is the size largest - k * step
    if hi <= 0 or not fits(largest - hi * step):
        return smallest
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fits(largest - mid * step):
            hi = mid
        else:
            lo = mid
    return largest - hi * step


VERTICAL_FORMS: Final = dict(zip(
    "，。、：；！？（）「」『』【】《》〈〉〔〕…‥—～",  # noqa: RUF001
    "︐︒︑︓︔︕︖︵︶﹁﹂﹃﹄︻︼︽︾︿﹀︹︺︙︰︱〰",  # noqa: RUF001
    strict=True,
))
"""Punctuation as it is set in vertical text (Unicode's vertical presentation forms)."""


def visible_part(line: str, left: float, lo: float, hi: float, measure: Measure) -> tuple[str, float]:
    """The characters of ``line`` (starting at ``left``) that reach the span ``lo..hi``, and where they start.

    Only used for lines far wider than the canvas; advances are summed per character (no kerning there).
    """
    pos = left
    start_pos: float | None = None
    kept: list[str] = []
    for ch in line:
        advance = measure(ch)
        if pos + advance >= lo and pos <= hi:
            if start_pos is None:
                start_pos = pos
            kept.append(ch)
        elif pos > hi:
            break
        pos += advance
    return "".join(kept), left if start_pos is None else start_pos
