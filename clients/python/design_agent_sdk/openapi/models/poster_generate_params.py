from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.poster_generate_params_style import PosterGenerateParamsStyle
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.poster_size import PosterSize


T = TypeVar("T", bound="PosterGenerateParams")


@_attrs_define
class PosterGenerateParams:
    """Parameters of a ``poster.generate`` task.

    Attributes:
        prompt (str):
        palette (list[str] | Unset): background first, then accents; the style's palette when empty
        reference_file_ids (list[str] | Unset):
        size (PosterSize | Unset):
        style (PosterGenerateParamsStyle | Unset):  Default: PosterGenerateParamsStyle.MINIMAL.
        subtitle (None | str | Unset):
        template_id (None | str | Unset):
        title (None | str | Unset): drawn as the headline; from the prompt when absent
    """

    prompt: str
    palette: list[str] | Unset = UNSET
    reference_file_ids: list[str] | Unset = UNSET
    size: PosterSize | Unset = UNSET
    style: PosterGenerateParamsStyle | Unset = PosterGenerateParamsStyle.MINIMAL
    subtitle: None | str | Unset = UNSET
    template_id: None | str | Unset = UNSET
    title: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        palette: list[str] | Unset = UNSET
        if not isinstance(self.palette, Unset):
            palette = self.palette

        reference_file_ids: list[str] | Unset = UNSET
        if not isinstance(self.reference_file_ids, Unset):
            reference_file_ids = self.reference_file_ids

        size: dict[str, Any] | Unset = UNSET
        if not isinstance(self.size, Unset):
            size = self.size.to_dict()

        style: str | Unset = UNSET
        if not isinstance(self.style, Unset):
            style = self.style.value

        subtitle: None | str | Unset
        if isinstance(self.subtitle, Unset):
            subtitle = UNSET
        else:
            subtitle = self.subtitle

        template_id: None | str | Unset
        if isinstance(self.template_id, Unset):
            template_id = UNSET
        else:
            template_id = self.template_id

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if palette is not UNSET:
            field_dict["palette"] = palette
        if reference_file_ids is not UNSET:
            field_dict["reference_file_ids"] = reference_file_ids
        if size is not UNSET:
            field_dict["size"] = size
        if style is not UNSET:
            field_dict["style"] = style
        if subtitle is not UNSET:
            field_dict["subtitle"] = subtitle
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.poster_size import PosterSize  # noqa: PLC0415

        d = dict(src_dict)
        prompt = d.pop("prompt")

        palette = cast(list[str], d.pop("palette", UNSET))

        reference_file_ids = cast(list[str], d.pop("reference_file_ids", UNSET))

        _size = d.pop("size", UNSET)
        size: PosterSize | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = PosterSize.from_dict(_size)

        _style = d.pop("style", UNSET)
        style: PosterGenerateParamsStyle | Unset
        if isinstance(_style, Unset):
            style = UNSET
        else:
            style = PosterGenerateParamsStyle(_style)

        def _parse_subtitle(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subtitle = _parse_subtitle(d.pop("subtitle", UNSET))

        def _parse_template_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template_id = _parse_template_id(d.pop("template_id", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        poster_generate_params = cls(
            prompt=prompt,
            palette=palette,
            reference_file_ids=reference_file_ids,
            size=size,
            style=style,
            subtitle=subtitle,
            template_id=template_id,
            title=title,
        )

        return poster_generate_params
