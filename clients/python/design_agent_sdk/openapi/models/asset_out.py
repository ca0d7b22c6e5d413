from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AssetOut")


@_attrs_define
class AssetOut:
    """
    Attributes:
        asset_id (str):
        category (str):
        content_type (str):
        created_at (datetime.datetime):
        file_id (str):
        name (str):
        owner_id (str):
        public (bool):
        tags (list[str]):
    """

    asset_id: str
    category: str
    content_type: str
    created_at: datetime.datetime
    file_id: str
    name: str
    owner_id: str
    public: bool
    tags: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset_id = self.asset_id

        category = self.category

        content_type = self.content_type

        created_at = self.created_at.isoformat()

        file_id = self.file_id

        name = self.name

        owner_id = self.owner_id

        public = self.public

        tags = self.tags

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asset_id": asset_id,
                "category": category,
                "content_type": content_type,
                "created_at": created_at,
                "file_id": file_id,
                "name": name,
                "owner_id": owner_id,
                "public": public,
                "tags": tags,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        asset_id = d.pop("asset_id")

        category = d.pop("category")

        content_type = d.pop("content_type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        file_id = d.pop("file_id")

        name = d.pop("name")

        owner_id = d.pop("owner_id")

        public = d.pop("public")

        tags = cast(list[str], d.pop("tags"))

        asset_out = cls(
            asset_id=asset_id,
            category=category,
            content_type=content_type,
            created_at=created_at,
            file_id=file_id,
            name=name,
            owner_id=owner_id,
            public=public,
            tags=tags,
        )

        asset_out.additional_properties = d
        return asset_out

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
