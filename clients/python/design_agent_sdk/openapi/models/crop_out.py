from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.crop_out_source import CropOutSource

if TYPE_CHECKING:
    from ..models.media_crop_box import MediaCropBox
    from ..models.point import Point


T = TypeVar("T", bound="CropOut")


@_attrs_define
class CropOut:
    """
    Attributes:
        box (MediaCropBox):
        focal_point (Point): A point relative to the image: (0, 0) is the top-left corner, (1, 1) the bottom-right one.
        source (CropOutSource):
    """

    box: MediaCropBox
    focal_point: Point
    source: CropOutSource
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        box = self.box.to_dict()

        focal_point = self.focal_point.to_dict()

        source = self.source.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "box": box,
                "focal_point": focal_point,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_crop_box import MediaCropBox  # noqa: PLC0415
        from ..models.point import Point  # noqa: PLC0415

        d = dict(src_dict)
        box = MediaCropBox.from_dict(d.pop("box"))

        focal_point = Point.from_dict(d.pop("focal_point"))

        source = CropOutSource(d.pop("source"))

        crop_out = cls(
            box=box,
            focal_point=focal_point,
            source=source,
        )

        crop_out.additional_properties = d
        return crop_out

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
