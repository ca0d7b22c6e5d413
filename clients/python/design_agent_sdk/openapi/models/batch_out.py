from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_out_audience import BatchOutAudience
from ..models.batch_out_status import BatchOutStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="BatchOut")


@_attrs_define
class BatchOut:
    """
    Attributes:
        audience (BatchOutAudience):
        batch_id (str):
        body (str):
        created_at (datetime.datetime):
        created_by (str):
        title (str):
        updated_at (datetime.datetime):
        failed (int | Unset):  Default: 0.
        planning_done (bool | Unset):  Default: False.
        sent (int | Unset):  Default: 0.
        status (BatchOutStatus | Unset):  Default: BatchOutStatus.RUNNING.
        total (int | Unset):  Default: 0.
    """

    audience: BatchOutAudience
    batch_id: str
    body: str
    created_at: datetime.datetime
    created_by: str
    title: str
    updated_at: datetime.datetime
    failed: int | Unset = 0
    planning_done: bool | Unset = False
    sent: int | Unset = 0
    status: BatchOutStatus | Unset = BatchOutStatus.RUNNING
    total: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audience = self.audience.value

        batch_id = self.batch_id

        body = self.body

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        title = self.title

        updated_at = self.updated_at.isoformat()

        failed = self.failed

        planning_done = self.planning_done

        sent = self.sent

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "audience": audience,
                "batch_id": batch_id,
                "body": body,
                "created_at": created_at,
                "created_by": created_by,
                "title": title,
                "updated_at": updated_at,
            }
        )
        if failed is not UNSET:
            field_dict["failed"] = failed
        if planning_done is not UNSET:
            field_dict["planning_done"] = planning_done
        if sent is not UNSET:
            field_dict["sent"] = sent
        if status is not UNSET:
            field_dict["status"] = status
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        audience = BatchOutAudience(d.pop("audience"))

        batch_id = d.pop("batch_id")

        body = d.pop("body")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        failed = d.pop("failed", UNSET)

        planning_done = d.pop("planning_done", UNSET)

        sent = d.pop("sent", UNSET)

        _status = d.pop("status", UNSET)
        status: BatchOutStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = BatchOutStatus(_status)

        total = d.pop("total", UNSET)

        batch_out = cls(
            audience=audience,
            batch_id=batch_id,
            body=body,
            created_at=created_at,
            created_by=created_by,
            title=title,
            updated_at=updated_at,
            failed=failed,
            planning_done=planning_done,
            sent=sent,
            status=status,
            total=total,
        )

        batch_out.additional_properties = d
        return batch_out

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
