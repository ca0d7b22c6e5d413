from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageFilters")


@_attrs_define
class ImageFilters:
    """
    Attributes:
        blur (float | Unset): Gaussian blur radius in px Default: 0.0.
        brightness (float | Unset):  Default: 1.0.
        contrast (float | Unset):  Default: 1.0.
        grayscale (bool | Unset):  Default: False.
    """

    blur: float | Unset = 0.0
    brightness: float | Unset = 1.0
    contrast: float | Unset = 1.0
    grayscale: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        blur = self.blur

        brightness = self.brightness

        contrast = self.contrast

        grayscale = self.grayscale

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if blur is not UNSET:
            field_dict["blur"] = blur
        if brightness is not UNSET:
            field_dict["brightness"] = brightness
        if contrast is not UNSET:
            field_dict["contrast"] = contrast
        if grayscale is not UNSET:
            field_dict["grayscale"] = grayscale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        blur = d.pop("blur", UNSET)

        brightness = d.pop("brightness", UNSET)

        contrast = d.pop("contrast", UNSET)

        grayscale = d.pop("grayscale", UNSET)

        image_filters = cls(
            blur=blur,
            brightness=brightness,
            contrast=contrast,
            grayscale=grayscale,
        )

        return image_filters
