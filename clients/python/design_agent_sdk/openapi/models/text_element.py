from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.text_element_align import TextElementAlign
from ..models.text_element_direction import TextElementDirection
from ..models.text_element_fit import TextElementFit
from ..models.text_element_lang_type_0 import TextElementLangType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="TextElement")


@_attrs_define
class TextElement:
    """
    Attributes:
        content (str):
        height (float):
        width (float):
        align (TextElementAlign | Unset):  Default: TextElementAlign.LEFT.
        color (str | Unset):  Default: '#000000'.
        direction (TextElementDirection | Unset): vertical: top to bottom in columns from right to left Default:
            TextElementDirection.HORIZONTAL.
        fit (TextElementFit | Unset): shrink: the largest size up to font_size (not below min_font_size) whose lines fit
            the box without breaking a word Default: TextElementFit.NONE.
        font_id (None | str | Unset):
        font_size (float | Unset):  Default: 32.0.
        font_weight (int | Unset): 100..900; variable fonts (the bundled CJK font among them) are set to it Default:
            400.
        kind (Literal['text'] | Unset):  Default: 'text'.
        lang (None | TextElementLangType0 | Unset): the CJK glyph forms to use; by default Japanese with kana, Korean
            with Hangul, else Simplified Chinese
        line_height (float | Unset):  Default: 1.2.
        min_font_size (float | Unset):  Default: 8.0.
        opacity (float | Unset):  Default: 1.0.
        rotation (float | Unset): degrees, clockwise, about the centre Default: 0.0.
        x (float | Unset):  Default: 0.0.
        y (float | Unset):  Default: 0.0.
    """

    content: str
    height: float
    width: float
    align: TextElementAlign | Unset = TextElementAlign.LEFT
    color: str | Unset = "#000000"
    direction: TextElementDirection | Unset = TextElementDirection.HORIZONTAL
    fit: TextElementFit | Unset = TextElementFit.NONE
    font_id: None | str | Unset = UNSET
    font_size: float | Unset = 32.0
    font_weight: int | Unset = 400
    kind: Literal["text"] | Unset = "text"
    lang: None | TextElementLangType0 | Unset = UNSET
    line_height: float | Unset = 1.2
    min_font_size: float | Unset = 8.0
    opacity: float | Unset = 1.0
    rotation: float | Unset = 0.0
    x: float | Unset = 0.0
    y: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        content = self.content

        height = self.height

        width = self.width

        align: str | Unset = UNSET
        if not isinstance(self.align, Unset):
            align = self.align.value

        color = self.color

        direction: str | Unset = UNSET
        if not isinstance(self.direction, Unset):
            direction = self.direction.value

        fit: str | Unset = UNSET
        if not isinstance(self.fit, Unset):
            fit = self.fit.value

        font_id: None | str | Unset
        if isinstance(self.font_id, Unset):
            font_id = UNSET
        else:
            font_id = self.font_id

        font_size = self.font_size

        font_weight = self.font_weight

        kind = self.kind

        lang: None | str | Unset
        if isinstance(self.lang, Unset):
            lang = UNSET
        elif isinstance(self.lang, TextElementLangType0):
            lang = self.lang.value
        else:
            lang = self.lang

        line_height = self.line_height

        min_font_size = self.min_font_size

        opacity = self.opacity

        rotation = self.rotation

        x = self.x

        y = self.y

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
                "height": height,
                "width": width,
            }
        )
        if align is not UNSET:
            field_dict["align"] = align
        if color is not UNSET:
            field_dict["color"] = color
        if direction is not UNSET:
            field_dict["direction"] = direction
        if fit is not UNSET:
            field_dict["fit"] = fit
        if font_id is not UNSET:
            field_dict["font_id"] = font_id
        if font_size is not UNSET:
            field_dict["font_size"] = font_size
        if font_weight is not UNSET:
            field_dict["font_weight"] = font_weight
        if kind is not UNSET:
            field_dict["kind"] = kind
        if lang is not UNSET:
            field_dict["lang"] = lang
        if line_height is not UNSET:
            field_dict["line_height"] = line_height
        if min_font_size is not UNSET:
            field_dict["min_font_size"] = min_font_size
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
        d = dict(src_dict)
        content = d.pop("content")

        height = d.pop("height")

        width = d.pop("width")

        _align = d.pop("align", UNSET)
        align: TextElementAlign | Unset
        if isinstance(_align, Unset):
            align = UNSET
        else:
            align = TextElementAlign(_align)

        color = d.pop("color", UNSET)

        _direction = d.pop("direction", UNSET)
        direction: TextElementDirection | Unset
        if isinstance(_direction, Unset):
            direction = UNSET
        else:
            direction = TextElementDirection(_direction)

        _fit = d.pop("fit", UNSET)
        fit: TextElementFit | Unset
        if isinstance(_fit, Unset):
            fit = UNSET
        else:
            fit = TextElementFit(_fit)

        def _parse_font_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        font_id = _parse_font_id(d.pop("font_id", UNSET))

        font_size = d.pop("font_size", UNSET)

        font_weight = d.pop("font_weight", UNSET)

        kind = cast(Literal["text"] | Unset, d.pop("kind", UNSET))
        if kind != "text" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'text', got '{kind}'")

        def _parse_lang(data: object) -> None | TextElementLangType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                lang_type_0 = TextElementLangType0(data)

                return lang_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TextElementLangType0 | Unset, data)

        lang = _parse_lang(d.pop("lang", UNSET))

        line_height = d.pop("line_height", UNSET)

        min_font_size = d.pop("min_font_size", UNSET)

        opacity = d.pop("opacity", UNSET)

        rotation = d.pop("rotation", UNSET)

        x = d.pop("x", UNSET)

        y = d.pop("y", UNSET)

        text_element = cls(
            content=content,
            height=height,
            width=width,
            align=align,
            color=color,
            direction=direction,
            fit=fit,
            font_id=font_id,
            font_size=font_size,
            font_weight=font_weight,
            kind=kind,
            lang=lang,
            line_height=line_height,
            min_font_size=min_font_size,
            opacity=opacity,
            rotation=rotation,
            x=x,
            y=y,
        )

        return text_element
