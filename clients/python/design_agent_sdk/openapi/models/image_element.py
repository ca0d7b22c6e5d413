from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.image_element_fit import ImageElementFit
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.crop_box import CropBox
    from ..models.image_filters import ImageFilters


T = TypeVar("T", bound="ImageElement")


@_attrs_define
class ImageElement:
    """
    Attributes:
        file_id (str):
        height (float):
        width (float):
        crop (CropBox | None | Unset):
        filters (ImageFilters | Unset):
        fit (ImageElementFit | Unset):  Default: ImageElementFit.COVER.
        kind (Literal['image'] | Unset):  Default: 'image'.
        opacity (float | Unset):  Default: 1.0.
        rotation (float | Unset): degrees, clockwise, about the centre Default: 0.0.
        x (float | Unset):  Default: 0.0.
        y (float | Unset):  Default: 0.0.
    """

    file_id: str
    height: float
    width: float
    crop: CropBox | None | Unset = UNSET
    filters: ImageFilters | Unset = UNSET
    fit: ImageElementFit | Unset = ImageElementFit.COVER
    kind: Literal["image"] | Unset = "image"
    opacity: float | Unset = 1.0
    rotation: float | Unset = 0.0
    x: float | Unset = 0.0
    y: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        from ..models.crop_box import CropBox  # noqa: PLC0415

        file_id = self.file_id

        height = self.height

        width = self.width

        crop: dict[str, Any] | None | Unset
        if isinstance(self.crop, Unset):
            crop = UNSET
        elif isinstance(self.crop, CropBox):
            crop = self.crop.to_dict()
        else:
            crop = self.crop

        filters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = self.filters.to_dict()

        fit: str | Unset = UNSET
        if not isinstance(self.fit, Unset):
            fit = self.fit.value

        kind = self.kind

        opacity = self.opacity

        rotation = self.rotation

        x = self.x

        y = self.y

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file_id": file_id,
                "height": height,
                "width": width,
            }
        )
        if crop is not UNSET:
            field_dict["crop"] = crop
        if filters is not UNSET:
            field_dict["filters"] = filters
        if fit is not UNSET:
            field_dict["fit"] = fit
        if kind is not UNSET:
            field_dict["kind"] = kind
        if opacity is not UNSET:
            field_dict["opacity"] = opacity
        if rotation is not UNSET:
            field_dict["rotation"] = rotation
        if x is not UNSET:
            field_dict["x"] = x
        if y is not UNSET:
            field_dict["y"] = y

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.crop_box import CropBox  # noqa: PLC0415
        from ..models.image_filters import ImageFilters  # noqa: PLC0415

        d = dict(src_dict)
        file_id = d.pop("file_id")

        height = d.pop("height")

        width = d.pop("width")

        def _parse_crop(data: object) -> CropBox | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                crop_type_0 = CropBox.from_dict(data)

                return crop_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CropBox | None | Unset, data)

        crop = _parse_crop(d.pop("crop", UNSET))

        _filters = d.pop("filters", UNSET)
        filters: ImageFilters | Unset
        if isinstance(_filters, Unset):
            filters = UNSET
        else:
            filters = ImageFilters.from_dict(_filters)

        _fit = d.pop("fit", UNSET)
        fit: ImageElementFit | Unset
        if isinstance(_fit, Unset):
            fit = UNSET
        else:
            fit = ImageElementFit(_fit)

        kind = cast(Literal["image"] | Unset, d.pop("kind", UNSET))
        if kind != "image" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'image', got '{kind}'")

        opacity = d.pop("opacity", UNSET)

        rotation = d.pop("rotation", UNSET)

        x = d.pop("x", UNSET)

        y = d.pop("y", UNSET)

        image_element = cls(
            file_id=file_id,
            height=height,
            width=width,
            crop=crop,
            filters=filters,
            fit=fit,
            kind=kind,
            opacity=opacity,
            rotation=rotation,
            x=x,
            y=y,
        )

        return image_element
