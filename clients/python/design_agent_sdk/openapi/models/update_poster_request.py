from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.background import Background


T = TypeVar("T", bound="UpdatePosterRequest")


@_attrs_define
class UpdatePosterRequest:
    """
    Attributes:
        background (Background | None | Unset):
        height (int | None | Unset):
        title (None | str | Unset):
        width (int | None | Unset):
    """

    background: Background | None | Unset = UNSET
    height: int | None | Unset = UNSET
    title: None | str | Unset = UNSET
    width: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.background import Background  # noqa: PLC0415

        background: dict[str, Any] | None | Unset
        if isinstance(self.background, Unset):
            background = UNSET
        elif isinstance(self.background, Background):
            background = self.background.to_dict()
        else:
            background = self.background

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if background is not UNSET:
            field_dict["background"] = background
        if height is not UNSET:
            field_dict["height"] = height
        if title is not UNSET:
            field_dict["title"] = title
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.background import Background  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_background(data: object) -> Background | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                background_type_0 = Background.from_dict(data)

                return background_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Background | None | Unset, data)

        background = _parse_background(d.pop("background", UNSET))

        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        width = _parse_width(d.pop("width", UNSET))

        update_poster_request = cls(
            background=background,
            height=height,
            title=title,
            width=width,
        )

        return update_poster_request
