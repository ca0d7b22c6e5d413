from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.crop_out import CropOut
    from ..models.file_info import FileInfo


T = TypeVar("T", bound="MediaOut")


@_attrs_define
class MediaOut:
    """
    Attributes:
        file (FileInfo):
        format_ (str):
        height (int):
        size_bytes (int):
        source_file_id (str):
        width (int):
        crop (CropOut | None | Unset):
    """

    file: FileInfo
    format_: str
    height: int
    size_bytes: int
    source_file_id: str
    width: int
    crop: CropOut | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.crop_out import CropOut  # noqa: PLC0415

        file = self.file.to_dict()

        format_ = self.format_

        height = self.height

        size_bytes = self.size_bytes

        source_file_id = self.source_file_id

        width = self.width

        crop: dict[str, Any] | None | Unset
        if isinstance(self.crop, Unset):
            crop = UNSET
        elif isinstance(self.crop, CropOut):
            crop = self.crop.to_dict()
        else:
            crop = self.crop

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
        if crop is not UNSET:
            field_dict["crop"] = crop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.crop_out import CropOut  # noqa: PLC0415
        from ..models.file_info import FileInfo  # noqa: PLC0415

        d = dict(src_dict)
        file = FileInfo.from_dict(d.pop("file"))

        format_ = d.pop("format")

        height = d.pop("height")

        size_bytes = d.pop("size_bytes")

        source_file_id = d.pop("source_file_id")

        width = d.pop("width")

        def _parse_crop(data: object) -> CropOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                crop_type_0 = CropOut.from_dict(data)

                return crop_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CropOut | None | Unset, data)

        crop = _parse_crop(d.pop("crop", UNSET))

        media_out = cls(
            file=file,
            format_=format_,
            height=height,
            size_bytes=size_bytes,
            source_file_id=source_file_id,
            width=width,
            crop=crop,
        )

        media_out.additional_properties = d
        return media_out

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
