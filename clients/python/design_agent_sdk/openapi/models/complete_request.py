from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.task_result import TaskResult


T = TypeVar("T", bound="CompleteRequest")


@_attrs_define
class CompleteRequest:
    """
    Attributes:
        lease_id (str): from the claim; proves the caller holds the task
        result (TaskResult):
    """

    lease_id: str
    result: TaskResult

    def to_dict(self) -> dict[str, Any]:
        lease_id = self.lease_id

        result = self.result.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lease_id": lease_id,
                "result": result,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_result import TaskResult  # noqa: PLC0415

        d = dict(src_dict)
        lease_id = d.pop("lease_id")

        result = TaskResult.from_dict(d.pop("result"))

        complete_request = cls(
            lease_id=lease_id,
            result=result,
        )

        return complete_request
