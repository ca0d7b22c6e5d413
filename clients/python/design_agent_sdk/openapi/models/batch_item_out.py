from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_item_out_status import BatchItemOutStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_info import FileInfo
    from ..models.item_error import ItemError


T = TypeVar("T", bound="BatchItemOut")


@_attrs_define
class BatchItemOut:
    """
    Attributes:
        file_id (str):
        index (int):
        operations (list[str]):
        status (BatchItemOutStatus):
        attempts (int | Unset):  Default: 0.
        error (ItemError | None | Unset):
        finished_at (datetime.datetime | None | Unset):
        result (FileInfo | None | Unset): the stored result; its url is a download URL made at this read (none once the
            file is deleted)
    """

    file_id: str
    index: int
    operations: list[str]
    status: BatchItemOutStatus
    attempts: int | Unset = 0
    error: ItemError | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    result: FileInfo | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_info import FileInfo  # noqa: PLC0415
        from ..models.item_error import ItemError  # noqa: PLC0415

        file_id = self.file_id

        index = self.index

        operations = self.operations

        status = self.status.value

        attempts = self.attempts

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, ItemError):
            error = self.error.to_dict()
        else:
            error = self.error

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        result: dict[str, Any] | None | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        elif isinstance(self.result, FileInfo):
            result = self.result.to_dict()
        else:
            result = self.result

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file_id": file_id,
                "index": index,
                "operations": operations,
                "status": status,
            }
        )
        if attempts is not UNSET:
            field_dict["attempts"] = attempts
        if error is not UNSET:
            field_dict["error"] = error
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_info import FileInfo  # noqa: PLC0415
        from ..models.item_error import ItemError  # noqa: PLC0415

        d = dict(src_dict)
        file_id = d.pop("file_id")

        index = d.pop("index")

        operations = cast(list[str], d.pop("operations"))

        status = BatchItemOutStatus(d.pop("status"))

        attempts = d.pop("attempts", UNSET)

        def _parse_error(data: object) -> ItemError | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = ItemError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ItemError | None | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_result(data: object) -> FileInfo | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = FileInfo.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileInfo | None | Unset, data)

        result = _parse_result(d.pop("result", UNSET))

        batch_item_out = cls(
            file_id=file_id,
            index=index,
            operations=operations,
            status=status,
            attempts=attempts,
            error=error,
            finished_at=finished_at,
            result=result,
        )

        batch_item_out.additional_properties = d
        return batch_item_out

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
