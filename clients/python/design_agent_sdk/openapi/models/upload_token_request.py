from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.upload_token_request_kind import UploadTokenRequestKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="UploadTokenRequest")


@_attrs_define
class UploadTokenRequest:
    """
    Attributes:
        content_type (str):
        filename (str):
        kind (UploadTokenRequestKind | Unset):  Default: UploadTokenRequestKind.IMAGE.
        size (int | None | Unset): Declared size; the real object is checked anyway
    """

    content_type: str
    filename: str
    kind: UploadTokenRequestKind | Unset = UploadTokenRequestKind.IMAGE
    size: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        filename = self.filename

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        size: int | None | Unset
        if isinstance(self.size, Unset):
            size = UNSET
        else:
            size = self.size

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content_type": content_type,
                "filename": filename,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if size is not UNSET:
            field_dict["size"] = size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = d.pop("content_type")

        filename = d.pop("filename")

        _kind = d.pop("kind", UNSET)
        kind: UploadTokenRequestKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = UploadTokenRequestKind(_kind)

        def _parse_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size = _parse_size(d.pop("size", UNSET))

        upload_token_request = cls(
            content_type=content_type,
            filename=filename,
            kind=kind,
            size=size,
        )

        return upload_token_request
