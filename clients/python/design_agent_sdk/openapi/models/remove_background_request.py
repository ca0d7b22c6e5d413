from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RemoveBackgroundRequest")


@_attrs_define
class RemoveBackgroundRequest:
    """
    Attributes:
        file_id (str):
        method (None | str | Unset): a registered matting method; the stage's default when omitted
    """

    file_id: str
    method: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        method: None | str | Unset
        if isinstance(self.method, Unset):
            method = UNSET
        else:
            method = self.method

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file_id": file_id,
            }
        )
        if method is not UNSET:
            field_dict["method"] = method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_id = d.pop("file_id")

        def _parse_method(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        method = _parse_method(d.pop("method", UNSET))

        remove_background_request = cls(
            file_id=file_id,
            method=method,
        )

        return remove_background_request
