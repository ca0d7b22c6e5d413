from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RegisterAssetRequest")


@_attrs_define
class RegisterAssetRequest:
    """
    Attributes:
        category (str):
        file_id (str):
        name (str):
        public (bool | Unset):  Default: False.
        tags (list[str] | Unset):
    """

    category: str
    file_id: str
    name: str
    public: bool | Unset = False
    tags: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        file_id = self.file_id

        name = self.name

        public = self.public

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "file_id": file_id,
                "name": name,
            }
        )
        if public is not UNSET:
            field_dict["public"] = public
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        file_id = d.pop("file_id")

        name = d.pop("name")

        public = d.pop("public", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        register_asset_request = cls(
            category=category,
            file_id=file_id,
            name=name,
            public=public,
            tags=tags,
        )

        return register_asset_request
