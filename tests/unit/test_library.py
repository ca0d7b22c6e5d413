"""The asset library: registration through the real Storage service (in-process), prefix search, listing."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from design_agent import errors
from design_agent.api import Principal
from design_agent.contracts.storage import StorageClient
from design_agent.settings import Settings
from PIL import Image

from functions.files.dal.library import LibraryRepository
from functions.files.deps import FilesDeps
from functions.files.logic.library import index_terms, register_asset, search_assets
from functions.files.models.api import RegisterAssetRequest
from functions.files.service import LIBRARY_TABLE
from functions.storage.deps import StorageDeps
from functions.storage.logic.files import upload_inline
from functions.users.deps import UsersDeps
from functions.users.logic.accounts import register
from functions.users.models.api import RegisterRequest
from tests.unit.aws import STAGE, AwsSandbox


def _png() -> str:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


@pytest.fixture
def deps(sandbox: AwsSandbox) -> FilesDeps:
    settings = Settings.from_env()
    return FilesDeps(settings=settings, storage=StorageClient(STAGE, sandbox.clients),
                     library=LibraryRepository(settings.table(LIBRARY_TABLE), sandbox.clients))


def _user(name: str, role: str = "user") -> Principal:
    user = register(RegisterRequest(email=f"{name}@example.com", username=name, password="12345678"),
                    UsersDeps.from_env())
    return Principal(subject=user.id, role=role)


def _asset(who: Principal, deps: FilesDeps, name: str, tags: list[str], public: bool = False,
           category: str = "backgrounds") -> str:
    stored = upload_inline(who.subject, "asset", "a.png", "image/png", _png(), StorageDeps.from_env())
    return register_asset(who, RegisterAssetRequest(file_id=stored.file_id, name=name, category=category,
                                                    tags=tags, public=public), deps).asset_id


def test_index_terms_cover_words_tags_and_chinese_suffixes() -> None:
    terms = index_terms("Spring Festival 春节海报", ["Red", "新年"])
    assert {"spring", "festival", "red", "春节海报", "节海报", "海报", "新年", "年"} <= terms


def test_search_by_prefix_and_tag_respects_scope(deps: FilesDeps) -> None:
    alice, bob = _user("alice"), _user("bob")
    admin = _user("root", "admin")
    mine = _asset(alice, deps, "Spring festival 春节海报", ["red", "holiday"])
    _asset(bob, deps, "Spring sale", ["green"])
    public = _asset(admin, deps, "Springboard banner", ["blue"], public=True)

    assert {a.asset_id for a in search_assets(alice, "spr", None, "all", 20, deps)} == {mine, public}
    assert [a.asset_id for a in search_assets(alice, "海报", None, "mine", 20, deps)] == [mine]
    assert [a.asset_id for a in search_assets(alice, None, "hol", "all", 20, deps)] == [mine]
    assert [a.asset_id for a in search_assets(alice, "spring festival", None, "all", 20, deps)] == [mine]
    assert search_assets(alice, "green", None, "all", 20, deps) == []  # bob's private asset
    with pytest.raises(errors.Unprocessable):
        search_assets(alice, "  ", None, "all", 20, deps)


def test_publishing_needs_admin_and_other_users_files_are_404(deps: FilesDeps) -> None:
    alice, bob = _user("carol"), _user("dave")
    with pytest.raises(errors.Forbidden):
        _asset(alice, deps, "x", [], public=True)
    stored = upload_inline(bob.subject, "asset", "b.png", "image/png", _png(), StorageDeps.from_env())
    with pytest.raises(errors.NotFound):
        register_asset(alice, RegisterAssetRequest(file_id=stored.file_id, name="stolen", category="c"), deps)


def test_list_by_category_with_cursor(deps: FilesDeps) -> None:
    who = _user("erin")
    ids = [_asset(who, deps, f"item {i}", [], category="icons") for i in range(3)]
    first, cursor = deps.library.list_assets(f"USER#{who.subject}", "icons", 2, None)
    second, end = deps.library.list_assets(f"USER#{who.subject}", "icons", 2, cursor)
    assert [a.asset_id for a in first + second] == list(reversed(ids))
    assert end is None


def _font(owner: str, family: str, scripts: list[str]) -> Any:
    from datetime import UTC, datetime

    from functions.files.models.api import FontOut

    return FontOut(font_id=f"font_{family}", owner_id=owner, public=False, file_id="fil_x", family=family,
                   style="Regular", weight=400, italic=False, glyph_count=10, format="ttf",
                   cjk_coverage=1.0 if "zh-Hans" in scripts else 0.0, supports_cjk="zh-Hans" in scripts,
                   scripts=scripts, created_at=datetime(2025, 1, 1, tzinfo=UTC))


def test_fonts_filter_by_covered_script_in_full_pages(deps: FilesDeps) -> None:
    """``covers`` keeps the fonts whose coverage report lists the script; a filtered page is still full (the
    query reads on past the fonts filtered out) and its cursor continues after the last font returned."""
    from functions.files.dal.library import scope_key

    scope = scope_key("usr_1", False)
    for n in range(12):  # every third font covers Simplified Chinese
        deps.library.put_font(_font("usr_1", f"f{n:02d}", ["latin", "zh-Hans"] if n % 3 == 0 else ["latin"]))
    first, cursor = deps.library.list_fonts(scope, None, None, 3, None, "zh-Hans")
    assert [f.family for f in first] == ["f00", "f03", "f06"]
    assert cursor is not None
    rest, cursor = deps.library.list_fonts(scope, None, None, 3, cursor, "zh-Hans")
    assert [f.family for f in rest] == ["f09"]
    assert cursor is None
    latin, _ = deps.library.list_fonts(scope, None, None, 50, None, "latin")
    assert len(latin) == 12
    assert deps.library.list_fonts(scope, None, True, 50, None, "ko")[0] == []
