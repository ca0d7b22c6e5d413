"""Fonts (metadata read by fontTools, a rendered preview) and the asset library (prefix search)."""

from __future__ import annotations

import base64
import re

from design_agent import errors, fonts
from design_agent.api import Principal
from design_agent.contracts.storage import ResolveFileRequest, StoreFileRequest
from design_agent.ids import new_id
from design_agent.permissions import allowed

from functions.files.dal.library import scope_key
from functions.files.deps import FilesDeps
from functions.files.models.api import AssetOut, FontOut, RegisterAssetRequest, Scope

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MAX_SUFFIX = 12
MIN_QUERY = 1


def _may_publish(who: Principal, public: bool) -> None:
    if public and not allowed(who.role, "library", "publish"):
        raise errors.Forbidden("Only administrators may publish to the public library")


def register_font(who: Principal, file_id: str, public: bool, deps: FilesDeps) -> FontOut:
    _may_publish(who, public)
    source, data = deps.storage.read_bytes(who.subject, file_id, deps.settings.max_file_bytes)
    info = fonts.inspect_font(data)
    preview = fonts.render_preview(data)
    font_id = new_id("font")
    stored = deps.storage.store_file(StoreFileRequest(
        user_id=who.subject, kind="preview", filename=f"{font_id}-preview.png", content_type="image/png",
        data_base64=base64.b64encode(preview).decode()))
    font = FontOut(font_id=font_id, owner_id=who.subject, public=public, file_id=source.file_id,
                   preview_file_id=stored.file_id, family=info.family or "Unknown",
                   style=info.subfamily or "Regular", weight=info.weight,
                   italic=info.italic, glyph_count=info.glyph_count, format=info.format,
                   cjk_coverage=round(info.cjk_coverage, 4), supports_cjk=info.supports_cjk,
                   scripts=list(info.scripts), created_at=deps.clock())
    deps.library.put_font(font)
    return font


def _usable(font: FontOut, user_id: str) -> bool:
    return font.public or font.owner_id == user_id


def visible_font(who: Principal, font_id: str, deps: FilesDeps) -> FontOut:
    font = deps.library.get_font(font_id)
    if font is None or not _usable(font, who.subject):
        raise errors.NotFound("No such font")
    return font


def usable_fonts(user_id: str, font_ids: list[str], deps: FilesDeps) -> list[FontOut]:
    """The fonts among ``font_ids`` that ``user_id`` may use (theirs or public), in that order (one batch read)."""
    found = deps.library.get_fonts(list(dict.fromkeys(font_ids)))
    return [font for font_id in font_ids if (font := found.get(font_id)) is not None and _usable(font, user_id)]


def _scopes(who: Principal, scope: Scope) -> list[str]:
    mine, public = scope_key(who.subject, False), scope_key(who.subject, True)
    return {"mine": [mine], "public": [public], "all": [mine, public]}[scope]


def index_terms(name: str, tags: list[str]) -> set[str]:
    """Lower-case words of the name and the tags; runs of Chinese characters also by every suffix, so a
    prefix query finds a word inside them (``海报`` finds ``春节海报``)."""
    terms: set[str] = set()
    for word in _WORD.findall(" ".join([name, *tags]).lower()):
        terms.add(word[:64])
        if _CJK.search(word):
            terms.update(word[i:i + MAX_SUFFIX] for i in range(1, len(word)))
    return terms


def register_asset(who: Principal, request: RegisterAssetRequest, deps: FilesDeps) -> AssetOut:
    _may_publish(who, request.public)
    source = deps.storage.resolve_file(ResolveFileRequest(user_id=who.subject, file_id=request.file_id))
    if not (source.content_type.startswith("image/")):
        raise errors.UnsupportedContentType("Assets are images or SVG files", content_type=source.content_type)
    tags = sorted({t.strip().lower() for t in request.tags if t.strip()})
    asset = AssetOut(asset_id=new_id("asset"), owner_id=who.subject, public=request.public, file_id=source.file_id,
                     name=request.name.strip(), category=request.category.lower(), tags=tags,
                     content_type=source.content_type, created_at=deps.clock())
    deps.library.put_asset(asset, index_terms(asset.name, tags))
    return asset


def search_assets(who: Principal, query: str | None, tag: str | None, scope: Scope, limit: int,
                  deps: FilesDeps) -> list[AssetOut]:
    words = _WORD.findall((query or "").lower())
    tag = (tag or "").strip().lower()
    if not words and not tag:
        raise errors.Unprocessable("Give a query (q) or a tag")
    found: dict[str, AssetOut] = {}
    for scope_pk in _scopes(who, scope):
        if tag:
            hits = deps.library.search("TAG", scope_pk, tag, limit * 2)
        else:
            hits = deps.library.search("TERM", scope_pk, max(words, key=len), limit * 2)
        for asset in hits:
            text = " ".join([asset.name.lower(), *asset.tags])
            if all(w in text for w in words) and (not tag or any(t.startswith(tag) for t in asset.tags)):
                found.setdefault(asset.asset_id, asset)
    return sorted(found.values(), key=lambda a: a.created_at, reverse=True)[:limit]
