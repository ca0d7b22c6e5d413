from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reference_file import ReferenceFile
    from ..models.task_out import TaskOut


T = TypeVar("T", bound="ClaimOut")


@_attrs_define
class ClaimOut:
    """
    Attributes:
        lease_expires_at (datetime.datetime):
        lease_id (str):
        lease_s (int):
        references (list[ReferenceFile]):
        task (TaskOut):
        user_id (str):
    """

    lease_expires_at: datetime.datetime
    lease_id: str
    lease_s: int
    references: list[ReferenceFile]
    task: TaskOut
    user_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lease_expires_at = self.lease_expires_at.isoformat()

        lease_id = self.lease_id

        lease_s = self.lease_s

        references = []
        for references_item_data in self.references:
            references_item = references_item_data.to_dict()
            references.append(references_item)

        task = self.task.to_dict()

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lease_expires_at": lease_expires_at,
                "lease_id": lease_id,
                "lease_s": lease_s,
                "references": references,
                "task": task,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reference_file import ReferenceFile  # noqa: PLC0415
        from ..models.task_out import TaskOut  # noqa: PLC0415

        d = dict(src_dict)
        lease_expires_at = datetime.datetime.fromisoformat(d.pop("lease_expires_at"))

        lease_id = d.pop("lease_id")

        lease_s = d.pop("lease_s")

        references = []
        _references = d.pop("references")
        for references_item_data in _references:
            references_item = ReferenceFile.from_dict(references_item_data)

            references.append(references_item)

        task = TaskOut.from_dict(d.pop("task"))

        user_id = d.pop("user_id")

        claim_out = cls(
            lease_expires_at=lease_expires_at,
            lease_id=lease_id,
            lease_s=lease_s,
            references=references,
            task=task,
            user_id=user_id,
        )

        claim_out.additional_properties = d
        return claim_out

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
