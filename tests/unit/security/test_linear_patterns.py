"""Attack: inputs crafted to make a pattern backtrack. Every regular expression the code applies to bytes or text
a user chose runs in time linear in its input — checked by how the time grows as the input doubles (a linear
pattern roughly doubles; the SVG sniffing regex this replaced grew about 500-fold from 64 to 128 bytes of
``<!---->``), never by a fixed time limit.

The audit is kept honest by ``test_every_pattern_in_the_code_is_audited``: a new ``re`` pattern anywhere in the
services, the shared layer, the local platform or the worker fails it until it is added to ``AUDITED`` with the
inputs that would hurt it. Patterns in pydantic models (``Field(pattern=...)``, ``Query(pattern=...)``) need no
entry: pydantic-core compiles them with Rust's ``regex`` crate, which never backtracks (and refuses to compile
what it cannot run that way — lookarounds, back-references — instead of falling back to Python's ``re``).
"""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from design_agent import clock, ids, sniffing
from design_agent.render import layout, typefaces

from functions.files.logic import library
from functions.storage.logic import files
from functions.tasks.logic import idempotency
from local_platform import sigv4
from worker import design

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [ROOT / "functions", ROOT / "layers", ROOT / "local_platform", ROOT / "worker"]


def _cpu_time(fn: Callable[[Any], Any], arg: Any, runs: int = 9) -> float:
    """The least CPU time of this thread over a few runs: other processes on a shared machine do not count."""
    best = float("inf")
    for _ in range(runs):
        started = time.thread_time()
        fn(arg)
        best = min(best, time.thread_time() - started)
    return best


def assert_linear(fn: Callable[[Any], Any], family: Callable[[int], Any], sizes: tuple[int, ...]) -> None:
    """Along a ladder of doubling sizes, no step more than quadruples the time (plus 1 ms of noise) — so
    exponential backtracking fails at its first step — and over the whole ladder the time grows at most three
    times as much as the input — so quadratic work fails too (it would grow with the square)."""
    times = [_cpu_time(fn, family(sizes[0]))]
    for size in sizes[1:]:
        times.append(_cpu_time(fn, family(size)))
        assert times[-1] <= 4 * times[-2] + 1e-3, f"{size}: {times[-1] * 1000:.3f} ms after {times[-2] * 1000:.3f}"
    growth = sizes[-1] / sizes[0]
    assert times[-1] <= 3 * growth * times[0] + 1e-3, [f"{t * 1000:.3f}" for t in times]


def _repeat(unit: Any, tail: Any) -> Callable[[int], Any]:
    """``unit`` repeated to ``n`` characters (or bytes), then ``tail`` (of the same kind)."""
    return lambda n: (unit * (n // len(unit) + 1))[:n] + tail


WINDOW = (64, 128, 256, 512, 1024, 2048, 4096)  # sniffing reads at most 4 KB
LONG = (1024, 2048, 4096, 8192, 16384, 32768, 65536)

SVG_PROLOGS = {
    "comments": _repeat(b"<!---->", b"x"),  # each split of the run into comments was another way to fail
    "unclosed comment": _repeat(b"<!-- ", b""),
    "doctype subsets": _repeat(b"<!DOCTYPE []] ", b"x"),
    "brackets": _repeat(b"<!DOCTYPE x [", b"]" * 8),
    "instructions": _repeat(b"<?x?>", b"<sv"),
    "spaces": _repeat(b" \t\r\n", b"<svg"),
    "prefix": lambda n: b"<" + b"a" * n,
    "prefixed root": lambda n: b"<" + b"a" * n + b":svg ",
}


@pytest.mark.parametrize("family", list(SVG_PROLOGS))
def test_svg_sniffing_is_linear(family: str) -> None:
    assert_linear(sniffing.sniff, SVG_PROLOGS[family], WINDOW)


def test_crafted_prologs_are_still_judged_right() -> None:
    assert sniffing.sniff(b"<!---->" * 500 + b"<svg/>") == "image/svg+xml"
    assert sniffing.sniff(b"<!---->" * 500 + b"x") is None
    assert sniffing.sniff(b'<!DOCTYPE svg [<!ENTITY a "]>">]>\n<svg>') == "image/svg+xml"
    assert sniffing.sniff(b"<!DOCTYPE svg [" + b"]" * 100) is None
    assert sniffing.sniff(b"<?xml version='1.0'?><!-- <svg> --><html>") is None


# pattern -> how it is exercised (its own inputs, as long as a caller can make them)
AUDITED: dict[str, tuple[Callable[[Any], Any], dict[str, Callable[[int], Any]], tuple[int, ...]]] = {
    sniffing._SVG_ROOT.pattern.decode(): (lambda b: sniffing._SVG_ROOT.match(b, 0), {
        "prefix": lambda n: b"<" + b"a" * n, "dotted": lambda n: b"<" + b"a." * (n // 2) + b"svg"}, WINDOW),
    files._UNSAFE.pattern: (files.safe_filename, {
        "unsafe": _repeat("!", "a"), "mixed": _repeat("a!b\u00e9 ", "")}, LONG),
    library._WORD.pattern: (lambda text: library._WORD.findall(text), {
        "words": _repeat("ab_", ""), "cjk": _repeat("春节海报", ""), "punctuation": _repeat("_-_", "a")}, LONG),
    library._CJK.pattern: (lambda text: library._CJK.search(text), {"latin": _repeat("abc", "春")}, LONG),
    layout._TOKEN_RE.pattern: (lambda text: layout._TOKEN_RE.findall(text), {
        "spaces": _repeat(" \t", "a"), "mixed": _repeat("ab 春 ", ""), "words": _repeat("abc", "\n")}, LONG),
    # one character at a time (char_script), so only a long run could hurt: a class has nothing to backtrack into
    typefaces._KANA.pattern: (lambda text: typefaces._KANA.findall(text), {"mixed": _repeat("かa", "")}, LONG),
    typefaces._HANGUL.pattern: (lambda text: typefaces._HANGUL.findall(text), {"mixed": _repeat("한a", "")}, LONG),
    idempotency._KEY.pattern: (lambda key: idempotency._KEY.match(key), {
        "visible": _repeat("a", " "), "almost": _repeat("!~", "\x7f")}, LONG),
    sigv4._AUTHORIZATION.pattern: (lambda header: sigv4._AUTHORIZATION.match(header), {
        "long key": lambda n: "AWS4-HMAC-SHA256 Credential=" + "a" * n,
        "long headers": lambda n: "AWS4-HMAC-SHA256 Credential=k/20240101/r/s/aws4_request, SignedHeaders=" + "a;" * n,
        "spaces": lambda n: "AWS4-HMAC-SHA256 Credential=k/20240101/r/s/aws4_request," + " " * n + "x"}, LONG),
    # the reference worker's title layout: a task's title and subtitle are the user's text
    design._CJK.pattern: (lambda text: design._CJK.search(text), {"latin": _repeat("abc", "春")}, LONG),
    design._TITLE_BREAKS.pattern: (lambda text: design._TITLE_BREAKS.split(text), {
        "spaces": _repeat(" ", "a"), "punctuation": _repeat("：，", "a"), "mixed": _repeat("春 a，", "")}, LONG),  # noqa: RUF001 - fullwidth on purpose
    # a listing's created_after/created_before: anchored by match, fixed-width parts, nothing to backtrack into
    clock._RFC3339.pattern: (lambda value: clock._RFC3339.match(value), {
        "digits": _repeat("1", "x"), "almost": _repeat("2026-12-03T12", ":")}, LONG),
    ids._ID.pattern: (lambda value: ids._ID.match(value), {
        "prefix": _repeat("abc_", "x"), "ulid": lambda n: "tsk_" + "0" * n}, LONG),
}
# patterns that never see user input (what they read is ours), with the reason
NOT_USER_INPUT = {
    r"(?<!^)(?=[A-Z])": "spec.kebab: operation names from the service descriptions",
    r"\{(\w+)\}": "spec.resolver_path: paths from the service descriptions",
    r"\\\{(\w+)\\\}": "local_platform.routes: route templates from the service descriptions",
    r"\{\{\s*(\w+)\s*\}\}": "local_platform.emails: our own SES templates",
    r"^/api/v1/(?P<service>[a-z]+)/health$": "functions.health: API Gateway routed the path here already",
    r"#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?": "render: colours validated by their pydantic pattern first",
    r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations$": "local gateway: one anchored class, no nesting",
    r"^/_local/(?P<kind>[a-z-]+)/(?P<name>[^/]+)$": "local gateway: anchored classes, no nesting",
    r"^/_local/(?P<name>[a-z-]+)$": "local gateway: anchored class, no nesting",
    r"^/_ws/@connections/(?P<id>[^/]+)$": "local gateway: anchored class, no nesting",
}


@pytest.mark.parametrize("pattern", list(AUDITED))
def test_every_audited_pattern_is_linear(pattern: str) -> None:
    fn, families, sizes = AUDITED[pattern]
    for family in families.values():
        assert_linear(fn, family, sizes)


def _patterns_in(path: Path) -> set[str]:
    """The literal patterns handed to ``re`` functions in one module (``re.compile(r"...")`` and the like)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str | bytes):
                value = first.value
                found.add(value.decode() if isinstance(value, bytes) else value)
            elif isinstance(first, ast.JoinedStr | ast.BinOp | ast.Name):
                found.add(f"<computed in {path.relative_to(ROOT)}>")
    return found


def test_every_pattern_in_the_code_is_audited() -> None:
    computed = {"<computed in layers/shared/python/design_agent/render/layout.py>",  # _TOKEN_RE, audited above
                "<computed in local_platform/routes.py>",  # route templates from the descriptions
                "<computed in local_platform/http_gateway.py>"}  # CONNECTION_PATH from a constant prefix
    patterns = set().union(*(_patterns_in(p) for root in SOURCES for p in root.rglob("*.py")))
    verbose = {p for p in patterns if "\n" in p}  # a re.VERBOSE pattern would need its own entry
    assert not verbose
    unaudited = patterns - set(AUDITED) - set(NOT_USER_INPUT) - computed
    assert not unaudited, f"audit these patterns (add them to AUDITED with crafted inputs): {sorted(unaudited)}"


def test_no_model_opts_out_of_the_linear_regex_engine() -> None:
    users = [p for root in SOURCES for p in root.rglob("*.py") if "python-re" in p.read_text()]
    assert not users
    assert re.compile("a") is not None  # (the module is used above)
