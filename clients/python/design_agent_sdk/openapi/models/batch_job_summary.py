from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_job_summary_status import BatchJobSummaryStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="BatchJobSummary")


@_attrs_define
class BatchJobSummary:
    """
    Attributes:
        created_at (datetime.datetime):
        failed (int):
        job_id (str):
        status (BatchJobSummaryStatus):
        succeeded (int):
        total (int):
        completed_at (datetime.datetime | None | Unset):
    """

    created_at: datetime.datetime
    failed: int
    job_id: str
    status: BatchJobSummaryStatus
    succeeded: int
    total: int
    completed_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        failed = self.failed

        job_id = self.job_id

        status = self.status.value

        succeeded = self.succeeded

        total = self.total

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "failed": failed,
                "job_id": job_id,
                "status": status,
                "succeeded": succeeded,
                "total": total,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        failed = d.pop("failed")

        job_id = d.pop("job_id")

        status = BatchJobSummaryStatus(d.pop("status"))

        succeeded = d.pop("succeeded")

        total = d.pop("total")

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        batch_job_summary = cls(
            created_at=created_at,
            failed=failed,
            job_id=job_id,
            status=status,
            succeeded=succeeded,
            total=total,
            completed_at=completed_at,
        )

        batch_job_summary.additional_properties = d
        return batch_job_summary

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
