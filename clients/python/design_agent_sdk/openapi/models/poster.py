from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.background import Background


T = TypeVar("T", bound="Poster")


@_attrs_define
class Poster:
    """
    Attributes:
        created_at (datetime.datetime):
        height (int):
        owner_id (str):
        poster_id (str):
        title (str):
        updated_at (datetime.datetime):
        version (int):
        width (int):
        background (Background | Unset):
        content_bytes (int | Unset): the size of its layers and elements as JSON (limited by DESIGN_MAX_DOCUMENT_BYTES)
            Default: 0.
        element_count (int | Unset): how many elements the poster has Default: 0.
        layer_count (int | Unset): how many layers the poster has Default: 0.
        preview_file_id (None | str | Unset):
        task_id (None | str | Unset):
        template_id (None | str | Unset):
    """

    created_at: datetime.datetime
    height: int
    owner_id: str
    poster_id: str
    title: str
    updated_at: datetime.datetime
    version: int
    width: int
    background: Background | Unset = UNSET
    content_bytes: int | Unset = 0
    element_count: int | Unset = 0
    layer_count: int | Unset = 0
    preview_file_id: None | str | Unset = UNSET
    task_id: None | str | Unset = UNSET
    template_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        height = self.height

        owner_id = self.owner_id

        poster_id = self.poster_id

        title = self.title

        updated_at = self.updated_at.isoformat()

        version = self.version

        width = self.width

        background: dict[str, Any] | Unset = UNSET
        if not isinstance(self.background, Unset):
            background = self.background.to_dict()

        content_bytes = self.content_bytes

        element_count = self.element_count

        layer_count = self.layer_count

        preview_file_id: None | str | Unset
        if isinstance(self.preview_file_id, Unset):
            preview_file_id = UNSET
        else:
            preview_file_id = self.preview_file_id

        task_id: None | str | Unset
        if isinstance(self.task_id, Unset):
            task_id = UNSET
        else:
            task_id = self.task_id

        template_id: None | str | Unset
        if isinstance(self.template_id, Unset):
            template_id = UNSET
        else:
            template_id = self.template_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "height": height,
                "owner_id": owner_id,
                "poster_id": poster_id,
                "title": title,
                "updated_at": updated_at,
                "version": version,
                "width": width,
            }
        )
        if background is not UNSET:
            field_dict["background"] = background
        if content_bytes is not UNSET:
            field_dict["content_bytes"] = content_bytes
        if element_count is not UNSET:
            field_dict["element_count"] = element_count
        if layer_count is not UNSET:
            field_dict["layer_count"] = layer_count
        if preview_file_id is not UNSET:
            field_dict["preview_file_id"] = preview_file_id
        if task_id is not UNSET:
            field_dict["task_id"] = task_id
        if template_id is not UNSET:
            field_dict["template_id"] = template_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.background import Background  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        height = d.pop("height")

        owner_id = d.pop("owner_id")

        poster_id = d.pop("poster_id")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        width = d.pop("width")

        _background = d.pop("background", UNSET)
        background: Background | Unset
        if isinstance(_background, Unset):
            background = UNSET
        else:
            background = Background.from_dict(_background)

        content_bytes = d.pop("content_bytes", UNSET)

        element_count = d.pop("element_count", UNSET)

        layer_count = d.pop("layer_count", UNSET)

        def _parse_preview_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_file_id = _parse_preview_file_id(d.pop("preview_file_id", UNSET))

        def _parse_task_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        task_id = _parse_task_id(d.pop("task_id", UNSET))

        def _parse_template_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template_id = _parse_template_id(d.pop("template_id", UNSET))

        poster = cls(
            created_at=created_at,
            height=height,
            owner_id=owner_id,
            poster_id=poster_id,
            title=title,
            updated_at=updated_at,
            version=version,
            width=width,
            background=background,
            content_bytes=content_bytes,
            element_count=element_count,
            layer_count=layer_count,
            preview_file_id=preview_file_id,
            task_id=task_id,
            template_id=template_id,
        )

        poster.additional_properties = d
        return poster

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
