from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QuotaOut")


@_attrs_define
class QuotaOut:
    """
    Attributes:
        max_storage (int):
        max_tasks (int):
        period (str):
        reset_at (datetime.datetime):
        used_storage (int):
        used_tasks (int):
    """

    max_storage: int
    max_tasks: int
    period: str
    reset_at: datetime.datetime
    used_storage: int
    used_tasks: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        max_storage = self.max_storage

        max_tasks = self.max_tasks

        period = self.period

        reset_at = self.reset_at.isoformat()

        used_storage = self.used_storage

        used_tasks = self.used_tasks

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "max_storage": max_storage,
                "max_tasks": max_tasks,
                "period": period,
                "reset_at": reset_at,
                "used_storage": used_storage,
                "used_tasks": used_tasks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        max_storage = d.pop("max_storage")

        max_tasks = d.pop("max_tasks")

        period = d.pop("period")

        reset_at = datetime.datetime.fromisoformat(d.pop("reset_at"))

        used_storage = d.pop("used_storage")

        used_tasks = d.pop("used_tasks")

        quota_out = cls(
            max_storage=max_storage,
            max_tasks=max_tasks,
            period=period,
            reset_at=reset_at,
            used_storage=used_storage,
            used_tasks=used_tasks,
        )

        quota_out.additional_properties = d
        return quota_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
