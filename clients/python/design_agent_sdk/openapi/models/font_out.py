from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.font_out_scripts_item import FontOutScriptsItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="FontOut")


@_attrs_define
class FontOut:
    """
    Attributes:
        cjk_coverage (float):
        created_at (datetime.datetime):
        family (str):
        file_id (str):
        font_id (str):
        format_ (str):
        glyph_count (int):
        italic (bool):
        owner_id (str):
        public (bool):
        style (str):
        supports_cjk (bool):
        weight (int):
        preview_file_id (None | str | Unset):
        scripts (list[FontOutScriptsItem] | Unset): the coverage report: the scripts the font sets (90% of a sample of
            each); the poster renderer's fallback chain reads it
    """

    cjk_coverage: float
    created_at: datetime.datetime
    family: str
    file_id: str
    font_id: str
    format_: str
    glyph_count: int
    italic: bool
    owner_id: str
    public: bool
    style: str
    supports_cjk: bool
    weight: int
    preview_file_id: None | str | Unset = UNSET
    scripts: list[FontOutScriptsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cjk_coverage = self.cjk_coverage

        created_at = self.created_at.isoformat()

        family = self.family

        file_id = self.file_id

        font_id = self.font_id

        format_ = self.format_

        glyph_count = self.glyph_count

        italic = self.italic

        owner_id = self.owner_id

        public = self.public

        style = self.style

        supports_cjk = self.supports_cjk

        weight = self.weight

        preview_file_id: None | str | Unset
        if isinstance(self.preview_file_id, Unset):
            preview_file_id = UNSET
        else:
            preview_file_id = self.preview_file_id

        scripts: list[str] | Unset = UNSET
        if not isinstance(self.scripts, Unset):
            scripts = []
            for scripts_item_data in self.scripts:
                scripts_item = scripts_item_data.value
                scripts.append(scripts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cjk_coverage": cjk_coverage,
                "created_at": created_at,
                "family": family,
                "file_id": file_id,
                "font_id": font_id,
                "format": format_,
                "glyph_count": glyph_count,
                "italic": italic,
                "owner_id": owner_id,
                "public": public,
                "style": style,
                "supports_cjk": supports_cjk,
                "weight": weight,
            }
        )
        if preview_file_id is not UNSET:
            field_dict["preview_file_id"] = preview_file_id
        if scripts is not UNSET:
            field_dict["scripts"] = scripts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cjk_coverage = d.pop("cjk_coverage")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        family = d.pop("family")

        file_id = d.pop("file_id")

        font_id = d.pop("font_id")

        format_ = d.pop("format")

        glyph_count = d.pop("glyph_count")

        italic = d.pop("italic")

        owner_id = d.pop("owner_id")

        public = d.pop("public")

        style = d.pop("style")

        supports_cjk = d.pop("supports_cjk")

        weight = d.pop("weight")

        def _parse_preview_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_file_id = _parse_preview_file_id(d.pop("preview_file_id", UNSET))

        _scripts = d.pop("scripts", UNSET)
        scripts: list[FontOutScriptsItem] | Unset = UNSET
        if _scripts is not UNSET:
            scripts = []
            for scripts_item_data in _scripts:
                scripts_item = FontOutScriptsItem(scripts_item_data)

                scripts.append(scripts_item)

        font_out = cls(
            cjk_coverage=cjk_coverage,
            created_at=created_at,
            family=family,
            file_id=file_id,
            font_id=font_id,
            format_=format_,
            glyph_count=glyph_count,
            italic=italic,
            owner_id=owner_id,
            public=public,
            style=style,
            supports_cjk=supports_cjk,
            weight=weight,
            preview_file_id=preview_file_id,
            scripts=scripts,
        )

        font_out.additional_properties = d
        return font_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
