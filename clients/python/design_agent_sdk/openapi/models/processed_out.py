from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.file_info import FileInfo


T = TypeVar("T", bound="ProcessedOut")


@_attrs_define
class ProcessedOut:
    """A processed image, stored as a new file of the caller (by id and a download URL, never the bytes).

    Attributes:
        file (FileInfo):
        format_ (str):
        height (int):
        size_bytes (int):
        source_file_id (str):
        width (int):
    """

    file: FileInfo
    format_: str
    height: int
    size_bytes: int
    source_file_id: str
    width: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_dict()

        format_ = self.format_

        height = self.height

        size_bytes = self.size_bytes

        source_file_id = self.source_file_id

        width = self.width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
                "format": format_,
                "height": height,
                "size_bytes": size_bytes,
                "source_file_id": source_file_id,
                "width": width,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_info import FileInfo  # noqa: PLC0415

        d = dict(src_dict)
        file = FileInfo.from_dict(d.pop("file"))

        format_ = d.pop("format")

        height = d.pop("height")

        size_bytes = d.pop("size_bytes")

        source_file_id = d.pop("source_file_id")

        width = d.pop("width")

        processed_out = cls(
            file=file,
            format_=format_,
            height=height,
            size_bytes=size_bytes,
            source_file_id=source_file_id,
            width=width,
        )

        processed_out.additional_properties = d
        return processed_out

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
