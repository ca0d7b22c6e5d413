from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RegisterFontRequest")


@_attrs_define
class RegisterFontRequest:
    """
    Attributes:
        file_id (str):
        public (bool | Unset):  Default: False.
    """

    file_id: str
    public: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        public = self.public

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file_id": file_id,
            }
        )
        if public is not UNSET:
            field_dict["public"] = public

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_id = d.pop("file_id")

        public = d.pop("public", UNSET)

        register_font_request = cls(
            file_id=file_id,
            public=public,
        )

        return register_font_request
