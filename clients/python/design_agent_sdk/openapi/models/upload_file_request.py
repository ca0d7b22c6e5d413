from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.upload_file_request_kind import UploadFileRequestKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="UploadFileRequest")


@_attrs_define
class UploadFileRequest:
    """
    Attributes:
        content_type (str):
        data_base64 (str):
        filename (str):
        kind (UploadFileRequestKind | Unset):  Default: UploadFileRequestKind.IMAGE.
    """

    content_type: str
    data_base64: str
    filename: str
    kind: UploadFileRequestKind | Unset = UploadFileRequestKind.IMAGE

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        data_base64 = self.data_base64

        filename = self.filename

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content_type": content_type,
                "data_base64": data_base64,
                "filename": filename,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = d.pop("content_type")

        data_base64 = d.pop("data_base64")

        filename = d.pop("filename")

        _kind = d.pop("kind", UNSET)
        kind: UploadFileRequestKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = UploadFileRequestKind(_kind)

        upload_file_request = cls(
            content_type=content_type,
            data_base64=data_base64,
            filename=filename,
            kind=kind,
        )

        return upload_file_request
