from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.store_output_request_content_type import StoreOutputRequestContentType

T = TypeVar("T", bound="StoreOutputRequest")


@_attrs_define
class StoreOutputRequest:
    """
    Attributes:
        content_type (StoreOutputRequestContentType):
        data_base64 (str):
        filename (str):
        lease_id (str): from the claim; proves the caller holds the task
    """

    content_type: StoreOutputRequestContentType
    data_base64: str
    filename: str
    lease_id: str

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type.value

        data_base64 = self.data_base64

        filename = self.filename

        lease_id = self.lease_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content_type": content_type,
                "data_base64": data_base64,
                "filename": filename,
                "lease_id": lease_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = StoreOutputRequestContentType(d.pop("content_type"))

        data_base64 = d.pop("data_base64")

        filename = d.pop("filename")

        lease_id = d.pop("lease_id")

        store_output_request = cls(
            content_type=content_type,
            data_base64=data_base64,
            filename=filename,
            lease_id=lease_id,
        )

        return store_output_request
