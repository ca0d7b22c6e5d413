from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.shape_element_shape import ShapeElementShape
from ..types import UNSET, Unset

T = TypeVar("T", bound="ShapeElement")


@_attrs_define
class ShapeElement:
    """
    Attributes:
        height (float):
        width (float):
        corner_radius (float | Unset):  Default: 0.0.
        fill (None | str | Unset):
        kind (Literal['shape'] | Unset):  Default: 'shape'.
        opacity (float | Unset):  Default: 1.0.
        rotation (float | Unset): degrees, clockwise, about the centre Default: 0.0.
        shape (ShapeElementShape | Unset):  Default: ShapeElementShape.RECTANGLE.
        stroke (None | str | Unset):
        stroke_width (float | Unset):  Default: 0.0.
        x (float | Unset):  Default: 0.0.
        y (float | Unset):  Default: 0.0.
    """

    height: float
    width: float
    corner_radius: float | Unset = 0.0
    fill: None | str | Unset = UNSET
    kind: Literal["shape"] | Unset = "shape"
    opacity: float | Unset = 1.0
    rotation: float | Unset = 0.0
    shape: ShapeElementShape | Unset = ShapeElementShape.RECTANGLE
    stroke: None | str | Unset = UNSET
    stroke_width: float | Unset = 0.0
    x: float | Unset = 0.0
    y: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        height = self.height

        width = self.width

        corner_radius = self.corner_radius

        fill: None | str | Unset
        if isinstance(self.fill, Unset):
            fill = UNSET
        else:
            fill = self.fill

        kind = self.kind

        opacity = self.opacity

        rotation = self.rotation

        shape: str | Unset = UNSET
        if not isinstance(self.shape, Unset):
            shape = self.shape.value

        stroke: None | str | Unset
        if isinstance(self.stroke, Unset):
            stroke = UNSET
        else:
            stroke = self.stroke

        stroke_width = self.stroke_width

        x = self.x

        y = self.y

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "height": height,
                "width": width,
            }
        )
        if corner_radius is not UNSET:
            field_dict["corner_radius"] = corner_radius
        if fill is not UNSET:
            field_dict["fill"] = fill
        if kind is not UNSET:
            field_dict["kind"] = kind
        if opacity is not UNSET:
            field_dict["opacity"] = opacity
        if rotation is not UNSET:
            field_dict["rotation"] = rotation
        if shape is not UNSET:
            field_dict["shape"] = shape
        if stroke is not UNSET:
            field_dict["stroke"] = stroke
        if stroke_width is not UNSET:
            field_dict["stroke_width"] = stroke_width
        if x is not UNSET:
            field_dict["x"] = x
        if y is not UNSET:
            field_dict["y"] = y

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        height = d.pop("height")

        width = d.pop("width")

        corner_radius = d.pop("corner_radius", UNSET)

        def _parse_fill(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fill = _parse_fill(d.pop("fill", UNSET))

        kind = cast(Literal["shape"] | Unset, d.pop("kind", UNSET))
        if kind != "shape" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'shape', got '{kind}'")

        opacity = d.pop("opacity", UNSET)

        rotation = d.pop("rotation", UNSET)

        _shape = d.pop("shape", UNSET)
        shape: ShapeElementShape | Unset
        if isinstance(_shape, Unset):
            shape = UNSET
        else:
            shape = ShapeElementShape(_shape)

        def _parse_stroke(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stroke = _parse_stroke(d.pop("stroke", UNSET))

        stroke_width = d.pop("stroke_width", UNSET)

        x = d.pop("x", UNSET)

        y = d.pop("y", UNSET)

        shape_element = cls(
            height=height,
            width=width,
            corner_radius=corner_radius,
            fill=fill,
            kind=kind,
            opacity=opacity,
            rotation=rotation,
            shape=shape,
            stroke=stroke,
            stroke_width=stroke_width,
            x=x,
            y=y,
        )

        return shape_element
