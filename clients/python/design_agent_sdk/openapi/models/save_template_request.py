from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SaveTemplateRequest")


@_attrs_define
class SaveTemplateRequest:
    """
    Attributes:
        category (str):
        name (str):
        public (bool | Unset):  Default: False.
        tags (list[str] | Unset):
        thumbnail_file_id (None | str | Unset):
    """

    category: str
    name: str
    public: bool | Unset = False
    tags: list[str] | Unset = UNSET
    thumbnail_file_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        name = self.name

        public = self.public

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        thumbnail_file_id: None | str | Unset
        if isinstance(self.thumbnail_file_id, Unset):
            thumbnail_file_id = UNSET
        else:
            thumbnail_file_id = self.thumbnail_file_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "name": name,
            }
        )
        if public is not UNSET:
            field_dict["public"] = public
        if tags is not UNSET:
            field_dict["tags"] = tags
        if thumbnail_file_id is not UNSET:
            field_dict["thumbnail_file_id"] = thumbnail_file_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        name = d.pop("name")

        public = d.pop("public", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_thumbnail_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        thumbnail_file_id = _parse_thumbnail_file_id(d.pop("thumbnail_file_id", UNSET))

        save_template_request = cls(
            category=category,
            name=name,
            public=public,
            tags=tags,
            thumbnail_file_id=thumbnail_file_id,
        )

        return save_template_request
