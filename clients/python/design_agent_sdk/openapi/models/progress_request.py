from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProgressRequest")


@_attrs_define
class ProgressRequest:
    """
    Attributes:
        lease_id (str): from the claim; proves the caller holds the task
        progress (int):
        stage (None | str | Unset):
    """

    lease_id: str
    progress: int
    stage: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        lease_id = self.lease_id

        progress = self.progress

        stage: None | str | Unset
        if isinstance(self.stage, Unset):
            stage = UNSET
        else:
            stage = self.stage

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lease_id": lease_id,
                "progress": progress,
            }
        )
        if stage is not UNSET:
            field_dict["stage"] = stage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        lease_id = d.pop("lease_id")

        progress = d.pop("progress")

        def _parse_stage(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stage = _parse_stage(d.pop("stage", UNSET))

        progress_request = cls(
            lease_id=lease_id,
            progress=progress,
            stage=stage,
        )

        return progress_request
