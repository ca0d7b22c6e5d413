from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.background import Background
    from ..models.new_layer import NewLayer


T = TypeVar("T", bound="CreatePosterRequest")


@_attrs_define
class CreatePosterRequest:
    """
    Attributes:
        height (int):
        width (int):
        background (Background | Unset):
        layers (list[NewLayer] | Unset): bottom first
        preview_base64 (None | str | Unset): a PNG or JPEG preview, stored as a file
        title (str | Unset):  Default: 'Untitled'.
    """

    height: int
    width: int
    background: Background | Unset = UNSET
    layers: list[NewLayer] | Unset = UNSET
    preview_base64: None | str | Unset = UNSET
    title: str | Unset = "Untitled"

    def to_dict(self) -> dict[str, Any]:
        height = self.height

        width = self.width

        background: dict[str, Any] | Unset = UNSET
        if not isinstance(self.background, Unset):
            background = self.background.to_dict()

        layers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.layers, Unset):
            layers = []
            for layers_item_data in self.layers:
                layers_item = layers_item_data.to_dict()
                layers.append(layers_item)

        preview_base64: None | str | Unset
        if isinstance(self.preview_base64, Unset):
            preview_base64 = UNSET
        else:
            preview_base64 = self.preview_base64

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "height": height,
                "width": width,
            }
        )
        if background is not UNSET:
            field_dict["background"] = background
        if layers is not UNSET:
            field_dict["layers"] = layers
        if preview_base64 is not UNSET:
            field_dict["preview_base64"] = preview_base64
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.background import Background  # noqa: PLC0415
        from ..models.new_layer import NewLayer  # noqa: PLC0415

        d = dict(src_dict)
        height = d.pop("height")

        width = d.pop("width")

        _background = d.pop("background", UNSET)
        background: Background | Unset
        if isinstance(_background, Unset):
            background = UNSET
        else:
            background = Background.from_dict(_background)

        _layers = d.pop("layers", UNSET)
        layers: list[NewLayer] | Unset = UNSET
        if _layers is not UNSET:
            layers = []
            for layers_item_data in _layers:
                layers_item = NewLayer.from_dict(layers_item_data)

                layers.append(layers_item)

        def _parse_preview_base64(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_base64 = _parse_preview_base64(d.pop("preview_base64", UNSET))

        title = d.pop("title", UNSET)

        create_poster_request = cls(
            height=height,
            width=width,
            background=background,
            layers=layers,
            preview_base64=preview_base64,
            title=title,
        )

        return create_poster_request
