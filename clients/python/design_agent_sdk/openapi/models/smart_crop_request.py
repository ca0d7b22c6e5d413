from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.smart_crop_request_format_type_0 import SmartCropRequestFormatType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.point import Point


T = TypeVar("T", bound="SmartCropRequest")


@_attrs_define
class SmartCropRequest:
    """
    Attributes:
        file_id (str):
        allow_upscale (bool | Unset):  Default: False.
        aspect (None | str | Unset): width:height, e.g. "16:9" (without width and height)
        focal_point (None | Point | Unset): keep this point: it wins over faces and saliency
        format_ (None | SmartCropRequestFormatType0 | Unset):
        height (int | None | Unset):
        quality (int | None | Unset):
        width (int | None | Unset):
    """

    file_id: str
    allow_upscale: bool | Unset = False
    aspect: None | str | Unset = UNSET
    focal_point: None | Point | Unset = UNSET
    format_: None | SmartCropRequestFormatType0 | Unset = UNSET
    height: int | None | Unset = UNSET
    quality: int | None | Unset = UNSET
    width: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.point import Point  # noqa: PLC0415

        file_id = self.file_id

        allow_upscale = self.allow_upscale

        aspect: None | str | Unset
        if isinstance(self.aspect, Unset):
            aspect = UNSET
        else:
            aspect = self.aspect

        focal_point: dict[str, Any] | None | Unset
        if isinstance(self.focal_point, Unset):
            focal_point = UNSET
        elif isinstance(self.focal_point, Point):
            focal_point = self.focal_point.to_dict()
        else:
            focal_point = self.focal_point

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        elif isinstance(self.format_, SmartCropRequestFormatType0):
            format_ = self.format_.value
        else:
            format_ = self.format_

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        quality: int | None | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        else:
            quality = self.quality

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file_id": file_id,
            }
        )
        if allow_upscale is not UNSET:
            field_dict["allow_upscale"] = allow_upscale
        if aspect is not UNSET:
            field_dict["aspect"] = aspect
        if focal_point is not UNSET:
            field_dict["focal_point"] = focal_point
        if format_ is not UNSET:
            field_dict["format"] = format_
        if height is not UNSET:
            field_dict["height"] = height
        if quality is not UNSET:
            field_dict["quality"] = quality
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.point import Point  # noqa: PLC0415

        d = dict(src_dict)
        file_id = d.pop("file_id")

        allow_upscale = d.pop("allow_upscale", UNSET)

        def _parse_aspect(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        aspect = _parse_aspect(d.pop("aspect", UNSET))

        def _parse_focal_point(data: object) -> None | Point | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                focal_point_type_0 = Point.from_dict(data)

                return focal_point_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Point | Unset, data)

        focal_point = _parse_focal_point(d.pop("focal_point", UNSET))

        def _parse_format_(data: object) -> None | SmartCropRequestFormatType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_0 = SmartCropRequestFormatType0(data)

                return format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SmartCropRequestFormatType0 | Unset, data)

        format_ = _parse_format_(d.pop("format", UNSET))

        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))

        def _parse_quality(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quality = _parse_quality(d.pop("quality", UNSET))

        def _parse_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        width = _parse_width(d.pop("width", UNSET))

        smart_crop_request = cls(
            file_id=file_id,
            allow_upscale=allow_upscale,
            aspect=aspect,
            focal_point=focal_point,
            format_=format_,
            height=height,
            quality=quality,
            width=width,
        )

        return smart_crop_request
