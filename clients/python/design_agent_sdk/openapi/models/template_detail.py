from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.poster_document import PosterDocument


T = TypeVar("T", bound="TemplateDetail")


@_attrs_define
class TemplateDetail:
    """
    Attributes:
        category (str):
        created_at (datetime.datetime):
        document (PosterDocument):
        height (int):
        name (str):
        owner_id (str):
        public (bool):
        tags (list[str]):
        template_id (str):
        width (int):
        thumbnail_file_id (None | str | Unset):
    """

    category: str
    created_at: datetime.datetime
    document: PosterDocument
    height: int
    name: str
    owner_id: str
    public: bool
    tags: list[str]
    template_id: str
    width: int
    thumbnail_file_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        created_at = self.created_at.isoformat()

        document = self.document.to_dict()

        height = self.height

        name = self.name

        owner_id = self.owner_id

        public = self.public

        tags = self.tags

        template_id = self.template_id

        width = self.width

        thumbnail_file_id: None | str | Unset
        if isinstance(self.thumbnail_file_id, Unset):
            thumbnail_file_id = UNSET
        else:
            thumbnail_file_id = self.thumbnail_file_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "created_at": created_at,
                "document": document,
                "height": height,
                "name": name,
                "owner_id": owner_id,
                "public": public,
                "tags": tags,
                "template_id": template_id,
                "width": width,
            }
        )
        if thumbnail_file_id is not UNSET:
            field_dict["thumbnail_file_id"] = thumbnail_file_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.poster_document import PosterDocument  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        document = PosterDocument.from_dict(d.pop("document"))

        height = d.pop("height")

        name = d.pop("name")

        owner_id = d.pop("owner_id")

        public = d.pop("public")

        tags = cast(list[str], d.pop("tags"))

        template_id = d.pop("template_id")

        width = d.pop("width")

        def _parse_thumbnail_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        thumbnail_file_id = _parse_thumbnail_file_id(d.pop("thumbnail_file_id", UNSET))

        template_detail = cls(
            category=category,
            created_at=created_at,
            document=document,
            height=height,
            name=name,
            owner_id=owner_id,
            public=public,
            tags=tags,
            template_id=template_id,
            width=width,
            thumbnail_file_id=thumbnail_file_id,
        )

        template_detail.additional_properties = d
        return template_detail

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
