"""If-Match and If-None-Match as the Design service reads them: our ETags are versions; anything else is refused
with 412 (never a 500), and a version that long cannot be ours."""

from __future__ import annotations

import pytest
from design_agent import errors

from functions.designs.logic.documents import etag, not_modified, parse_if_match


@pytest.mark.parametrize(("header", "version"), [(None, None), ("*", None), (" * ", None), ('"7"', 7),
                                                 ('W/"7"', 7), ("12", 12), ('"' + "9" * 18 + '"', 10**18 - 1)])
def test_an_etag_we_issued_is_its_version(header: str | None, version: int | None) -> None:
    assert parse_if_match(header) == version


@pytest.mark.parametrize("header", ['"abc"', '""', '"-1"', '"7.0"', '"²"', '"١٢"', '"' + "9" * 19 + '"'])
def test_anything_else_is_a_failed_precondition(header: str) -> None:
    with pytest.raises(errors.PreconditionFailed):
        parse_if_match(header)


def test_if_none_match_names_the_current_version_or_any() -> None:
    assert etag(3) == '"3"'
    assert not_modified('"2", W/"3"', 3)
    assert not_modified("*", 3)
    assert not not_modified('"2"', 3)
    assert not not_modified(None, 3)
    assert not not_modified("", 3)
