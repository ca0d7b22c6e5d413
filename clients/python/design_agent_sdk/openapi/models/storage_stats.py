from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.storage_stats_by_kind import StorageStatsByKind


T = TypeVar("T", bound="StorageStats")


@_attrs_define
class StorageStats:
    """
    Attributes:
        by_kind (StorageStatsByKind):
        files (int):
        quota_bytes (int):
        remaining_bytes (int):
        used_bytes (int):
    """

    by_kind: StorageStatsByKind
    files: int
    quota_bytes: int
    remaining_bytes: int
    used_bytes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_kind = self.by_kind.to_dict()

        files = self.files

        quota_bytes = self.quota_bytes

        remaining_bytes = self.remaining_bytes

        used_bytes = self.used_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_kind": by_kind,
                "files": files,
                "quota_bytes": quota_bytes,
                "remaining_bytes": remaining_bytes,
                "used_bytes": used_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.storage_stats_by_kind import StorageStatsByKind  # noqa: PLC0415

        d = dict(src_dict)
        by_kind = StorageStatsByKind.from_dict(d.pop("by_kind"))

        files = d.pop("files")

        quota_bytes = d.pop("quota_bytes")

        remaining_bytes = d.pop("remaining_bytes")

        used_bytes = d.pop("used_bytes")

        storage_stats = cls(
            by_kind=by_kind,
            files=files,
            quota_bytes=quota_bytes,
            remaining_bytes=remaining_bytes,
            used_bytes=used_bytes,
        )

        storage_stats.additional_properties = d
        return storage_stats

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
