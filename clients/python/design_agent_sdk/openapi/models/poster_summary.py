from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PosterSummary")


@_attrs_define
class PosterSummary:
    """
    Attributes:
        created_at (datetime.datetime):
        height (int):
        poster_id (str):
        title (str):
        updated_at (datetime.datetime):
        version (int):
        width (int):
        preview_file_id (None | str | Unset):
    """

    created_at: datetime.datetime
    height: int
    poster_id: str
    title: str
    updated_at: datetime.datetime
    version: int
    width: int
    preview_file_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        height = self.height

        poster_id = self.poster_id

        title = self.title

        updated_at = self.updated_at.isoformat()

        version = self.version

        width = self.width

        preview_file_id: None | str | Unset
        if isinstance(self.preview_file_id, Unset):
            preview_file_id = UNSET
        else:
            preview_file_id = self.preview_file_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "height": height,
                "poster_id": poster_id,
                "title": title,
                "updated_at": updated_at,
                "version": version,
                "width": width,
            }
        )
        if preview_file_id is not UNSET:
            field_dict["preview_file_id"] = preview_file_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        height = d.pop("height")

        poster_id = d.pop("poster_id")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        width = d.pop("width")

        def _parse_preview_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_file_id = _parse_preview_file_id(d.pop("preview_file_id", UNSET))

        poster_summary = cls(
            created_at=created_at,
            height=height,
            poster_id=poster_id,
            title=title,
            updated_at=updated_at,
            version=version,
            width=width,
            preview_file_id=preview_file_id,
        )

        poster_summary.additional_properties = d
        return poster_summary

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
