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

if TYPE_CHECKING:
    from ..models.poster_generate_params import PosterGenerateParams


T = TypeVar("T", bound="CreateTaskRequest")


@_attrs_define
class CreateTaskRequest:
    """
    Attributes:
        params (PosterGenerateParams): Parameters of a ``poster.generate`` task.
        type_ (Literal['poster.generate']): what to generate; each type has its own parameters
    """

    params: PosterGenerateParams
    type_: Literal["poster.generate"]

    def to_dict(self) -> dict[str, Any]:
        params = self.params.to_dict()

        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "params": params,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.poster_generate_params import PosterGenerateParams  # noqa: PLC0415

        d = dict(src_dict)
        params = PosterGenerateParams.from_dict(d.pop("params"))

        type_ = cast(Literal["poster.generate"], d.pop("type"))
        if type_ != "poster.generate":
            raise ValueError(f"type must match const 'poster.generate', got '{type_}'")

        create_task_request = cls(
            params=params,
            type_=type_,
        )

        return create_task_request
