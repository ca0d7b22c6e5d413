from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.background import Background
    from ..models.new_layer import NewLayer


T = TypeVar("T", bound="TaskPosterRequest")


@_attrs_define
class TaskPosterRequest:
    """The poster document the worker drew: it becomes the user's poster in the Design service.

    Attributes:
        height (int):
        lease_id (str): from the claim; proves the caller holds the task
        width (int):
        background (Background | Unset):
        layers (list[NewLayer] | Unset): bottom first
        preview_file_id (None | str | Unset):
        title (str | Unset):  Default: 'Untitled'.
    """

    height: int
    lease_id: str
    width: int
    background: Background | Unset = UNSET
    layers: list[NewLayer] | Unset = UNSET
    preview_file_id: None | str | Unset = UNSET
    title: str | Unset = "Untitled"

    def to_dict(self) -> dict[str, Any]:
        height = self.height

        lease_id = self.lease_id

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

        preview_file_id: None | str | Unset
        if isinstance(self.preview_file_id, Unset):
            preview_file_id = UNSET
        else:
            preview_file_id = self.preview_file_id

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "height": height,
                "lease_id": lease_id,
                "width": width,
            }
        )
        if background is not UNSET:
            field_dict["background"] = background
        if layers is not UNSET:
            field_dict["layers"] = layers
        if preview_file_id is not UNSET:
            field_dict["preview_file_id"] = preview_file_id
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.background import Background  # noqa: PLC0415
        from ..models.new_layer import NewLayer  # noqa: PLC0415

        d = dict(src_dict)
        height = d.pop("height")

        lease_id = d.pop("lease_id")

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

        def _parse_preview_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_file_id = _parse_preview_file_id(d.pop("preview_file_id", UNSET))

        title = d.pop("title", UNSET)

        task_poster_request = cls(
            height=height,
            lease_id=lease_id,
            width=width,
            background=background,
            layers=layers,
            preview_file_id=preview_file_id,
            title=title,
        )

        return task_poster_request
