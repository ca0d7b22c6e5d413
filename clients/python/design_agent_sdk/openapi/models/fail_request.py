from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.task_error import TaskError


T = TypeVar("T", bound="FailRequest")


@_attrs_define
class FailRequest:
    """
    Attributes:
        error (TaskError):
        lease_id (str): from the claim; proves the caller holds the task
    """

    error: TaskError
    lease_id: str

    def to_dict(self) -> dict[str, Any]:
        error = self.error.to_dict()

        lease_id = self.lease_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error": error,
                "lease_id": lease_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_error import TaskError  # noqa: PLC0415

        d = dict(src_dict)
        error = TaskError.from_dict(d.pop("error"))

        lease_id = d.pop("lease_id")

        fail_request = cls(
            error=error,
            lease_id=lease_id,
        )

        return fail_request
