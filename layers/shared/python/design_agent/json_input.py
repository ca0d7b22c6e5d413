"""JSON from outside, read in one way everywhere: exact UTF-8, bounded nesting, errors as 400s.

Request bodies, WebSocket frames and messages whose bytes a caller chose go through ``parse``: it refuses what
is not UTF-8 (``decode``), what is not JSON, and JSON nested deeper than ``MAX_DEPTH`` — Python's parser would
raise ``RecursionError`` (a 500) on a body of ten thousand ``[``, and DynamoDB refuses documents nested deeper
than 32 levels anyway. Every refusal is a ``BadRequest`` (problem+json 400).
"""

from __future__ import annotations

import json
from typing import Any, Final

from design_agent import errors

MAX_DEPTH: Final = 32  # DynamoDB's own limit on nested attributes; the deepest document here (a poster) has 6
REPLACEMENT: Final = "\ufffd"  # what a gateway puts where bytes were not UTF-8


def decode(data: bytes) -> str:
    """``data`` as UTF-8, or 400 ``invalid-encoding`` (never a silent U+FFFD in place of the bad bytes)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.InvalidEncoding(f"The body is not valid UTF-8 (byte {exc.start})") from None


def parse(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of ``text`` (bytes are decoded as UTF-8 first); 400 when it is not JSON or too deep."""
    if isinstance(text, bytes | bytearray):
        text = decode(bytes(text))
    try:
        value = json.loads(text)
    except RecursionError:  # deeper than the interpreter's recursion limit: certainly deeper than allowed
        raise errors.JsonTooDeep(f"JSON may nest at most {max_depth} levels") from None
    except ValueError as exc:
        raise errors.MalformedJson() from exc
    if _openings(text) > max_depth and depth(value) > max_depth:
        raise errors.JsonTooDeep(f"JSON may nest at most {max_depth} levels")
    return value


def _openings(text: str) -> int:
    """An upper bound of the nesting depth (counted in C): most bodies need no walk at all."""
    return text.count("[") + text.count("{")


def depth(value: Any) -> int:
    """How deeply arrays and objects nest in a parsed value (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        level += 1
        deepest = max(deepest, level)
        stack.extend((child, level) for child in children if isinstance(child, dict | list))
    return deepest
