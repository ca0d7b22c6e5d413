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

from ..models.watermark_step_anchor import WatermarkStepAnchor
from ..models.watermark_step_format_type_0 import WatermarkStepFormatType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.point import Point


T = TypeVar("T", bound="WatermarkStep")


@_attrs_define
class WatermarkStep:
    """
    Attributes:
        op (Literal['watermark']):
        anchor (WatermarkStepAnchor | Unset):  Default: WatermarkStepAnchor.BOTTOM_RIGHT.
        color (str | Unset):  Default: '#ffffff'.
        format_ (None | Unset | WatermarkStepFormatType0):
        image_file_id (None | str | Unset): one of your stored images as the mark
        margin (float | Unset): from the edges, relative to the image's width Default: 0.02.
        opacity (float | Unset):  Default: 0.5.
        position (None | Point | Unset): the mark's centre; overrides the anchor
        quality (int | None | Unset):
        rotation (float | Unset): degrees, counter-clockwise Default: 0.0.
        scale (float | Unset): the mark's width relative to the image's Default: 0.25.
        spacing (float | Unset): tiled: the gap between marks, relative to a mark Default: 0.5.
        text (None | str | Unset):
        tiled (bool | Unset):  Default: False.
    """

    op: Literal["watermark"]
    anchor: WatermarkStepAnchor | Unset = WatermarkStepAnchor.BOTTOM_RIGHT
    color: str | Unset = "#ffffff"
    format_: None | Unset | WatermarkStepFormatType0 = UNSET
    image_file_id: None | str | Unset = UNSET
    margin: float | Unset = 0.02
    opacity: float | Unset = 0.5
    position: None | Point | Unset = UNSET
    quality: int | None | Unset = UNSET
    rotation: float | Unset = 0.0
    scale: float | Unset = 0.25
    spacing: float | Unset = 0.5
    text: None | str | Unset = UNSET
    tiled: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.point import Point  # noqa: PLC0415

        op = self.op

        anchor: str | Unset = UNSET
        if not isinstance(self.anchor, Unset):
            anchor = self.anchor.value

        color = self.color

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        elif isinstance(self.format_, WatermarkStepFormatType0):
            format_ = self.format_.value
        else:
            format_ = self.format_

        image_file_id: None | str | Unset
        if isinstance(self.image_file_id, Unset):
            image_file_id = UNSET
        else:
            image_file_id = self.image_file_id

        margin = self.margin

        opacity = self.opacity

        position: dict[str, Any] | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        elif isinstance(self.position, Point):
            position = self.position.to_dict()
        else:
            position = self.position

        quality: int | None | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        else:
            quality = self.quality

        rotation = self.rotation

        scale = self.scale

        spacing = self.spacing

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        tiled = self.tiled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "op": op,
            }
        )
        if anchor is not UNSET:
            field_dict["anchor"] = anchor
        if color is not UNSET:
            field_dict["color"] = color
        if format_ is not UNSET:
            field_dict["format"] = format_
        if image_file_id is not UNSET:
            field_dict["image_file_id"] = image_file_id
        if margin is not UNSET:
            field_dict["margin"] = margin
        if opacity is not UNSET:
            field_dict["opacity"] = opacity
        if position is not UNSET:
            field_dict["position"] = position
        if quality is not UNSET:
            field_dict["quality"] = quality
        if rotation is not UNSET:
            field_dict["rotation"] = rotation
        if scale is not UNSET:
            field_dict["scale"] = scale
        if spacing is not UNSET:
            field_dict["spacing"] = spacing
        if text is not UNSET:
            field_dict["text"] = text
        if tiled is not UNSET:
            field_dict["tiled"] = tiled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.point import Point  # noqa: PLC0415

        d = dict(src_dict)
        op = cast(Literal["watermark"], d.pop("op"))
        if op != "watermark":
            raise ValueError(f"op must match const 'watermark', got '{op}'")

        _anchor = d.pop("anchor", UNSET)
        anchor: WatermarkStepAnchor | Unset
        if isinstance(_anchor, Unset):
            anchor = UNSET
        else:
            anchor = WatermarkStepAnchor(_anchor)

        color = d.pop("color", UNSET)

        def _parse_format_(data: object) -> None | Unset | WatermarkStepFormatType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_0 = WatermarkStepFormatType0(data)

                return format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WatermarkStepFormatType0, data)

        format_ = _parse_format_(d.pop("format", UNSET))

        def _parse_image_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_file_id = _parse_image_file_id(d.pop("image_file_id", UNSET))

        margin = d.pop("margin", UNSET)

        opacity = d.pop("opacity", UNSET)

        def _parse_position(data: object) -> None | Point | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                position_type_0 = Point.from_dict(data)

                return position_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Point | Unset, data)

        position = _parse_position(d.pop("position", UNSET))

        def _parse_quality(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quality = _parse_quality(d.pop("quality", UNSET))

        rotation = d.pop("rotation", UNSET)

        scale = d.pop("scale", UNSET)

        spacing = d.pop("spacing", UNSET)

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        tiled = d.pop("tiled", UNSET)

        watermark_step = cls(
            op=op,
            anchor=anchor,
            color=color,
            format_=format_,
            image_file_id=image_file_id,
            margin=margin,
            opacity=opacity,
            position=position,
            quality=quality,
            rotation=rotation,
            scale=scale,
            spacing=spacing,
            text=text,
            tiled=tiled,
        )

        return watermark_step
