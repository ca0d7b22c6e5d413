from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TaskResult")


@_attrs_define
class TaskResult:
    """
    Attributes:
        poster_id (str):
        output_file_ids (list[str] | Unset):
        preview_file_id (None | str | Unset):
        preview_url (None | str | Unset):
    """

    poster_id: str
    output_file_ids: list[str] | Unset = UNSET
    preview_file_id: None | str | Unset = UNSET
    preview_url: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        poster_id = self.poster_id

        output_file_ids: list[str] | Unset = UNSET
        if not isinstance(self.output_file_ids, Unset):
            output_file_ids = self.output_file_ids

        preview_file_id: None | str | Unset
        if isinstance(self.preview_file_id, Unset):
            preview_file_id = UNSET
        else:
            preview_file_id = self.preview_file_id

        preview_url: None | str | Unset
        if isinstance(self.preview_url, Unset):
            preview_url = UNSET
        else:
            preview_url = self.preview_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "poster_id": poster_id,
            }
        )
        if output_file_ids is not UNSET:
            field_dict["output_file_ids"] = output_file_ids
        if preview_file_id is not UNSET:
            field_dict["preview_file_id"] = preview_file_id
        if preview_url is not UNSET:
            field_dict["preview_url"] = preview_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        poster_id = d.pop("poster_id")

        output_file_ids = cast(list[str], d.pop("output_file_ids", UNSET))

        def _parse_preview_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_file_id = _parse_preview_file_id(d.pop("preview_file_id", UNSET))

        def _parse_preview_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_url = _parse_preview_url(d.pop("preview_url", UNSET))

        task_result = cls(
            poster_id=poster_id,
            output_file_ids=output_file_ids,
            preview_file_id=preview_file_id,
            preview_url=preview_url,
        )

        return task_result
