from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_out_status import TaskOutStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.poster_generate_params import PosterGenerateParams
    from ..models.task_error import TaskError
    from ..models.task_result import TaskResult


T = TypeVar("T", bound="TaskOut")


@_attrs_define
class TaskOut:
    """
    Attributes:
        attempt (int):
        created_at (datetime.datetime):
        max_attempts (int):
        params (PosterGenerateParams): Parameters of a ``poster.generate`` task.
        progress (int):
        status (TaskOutStatus):
        task_id (str):
        type_ (Literal['poster.generate']):
        updated_at (datetime.datetime):
        error (None | TaskError | Unset):
        finished_at (datetime.datetime | None | Unset):
        quota_refunded (bool | Unset):  Default: False.
        result (None | TaskResult | Unset):
        stage (None | str | Unset):
        started_at (datetime.datetime | None | Unset):
    """

    attempt: int
    created_at: datetime.datetime
    max_attempts: int
    params: PosterGenerateParams
    progress: int
    status: TaskOutStatus
    task_id: str
    type_: Literal["poster.generate"]
    updated_at: datetime.datetime
    error: None | TaskError | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    quota_refunded: bool | Unset = False
    result: None | TaskResult | Unset = UNSET
    stage: None | str | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.task_error import TaskError  # noqa: PLC0415
        from ..models.task_result import TaskResult  # noqa: PLC0415

        attempt = self.attempt

        created_at = self.created_at.isoformat()

        max_attempts = self.max_attempts

        params = self.params.to_dict()

        progress = self.progress

        status = self.status.value

        task_id = self.task_id

        type_ = self.type_

        updated_at = self.updated_at.isoformat()

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, TaskError):
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

        quota_refunded = self.quota_refunded

        result: dict[str, Any] | None | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        elif isinstance(self.result, TaskResult):
            result = self.result.to_dict()
        else:
            result = self.result

        stage: None | str | Unset
        if isinstance(self.stage, Unset):
            stage = UNSET
        else:
            stage = self.stage

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt": attempt,
                "created_at": created_at,
                "max_attempts": max_attempts,
                "params": params,
                "progress": progress,
                "status": status,
                "task_id": task_id,
                "type": type_,
                "updated_at": updated_at,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if quota_refunded is not UNSET:
            field_dict["quota_refunded"] = quota_refunded
        if result is not UNSET:
            field_dict["result"] = result
        if stage is not UNSET:
            field_dict["stage"] = stage
        if started_at is not UNSET:
            field_dict["started_at"] = started_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.poster_generate_params import PosterGenerateParams  # noqa: PLC0415
        from ..models.task_error import TaskError  # noqa: PLC0415
        from ..models.task_result import TaskResult  # noqa: PLC0415

        d = dict(src_dict)
        attempt = d.pop("attempt")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        max_attempts = d.pop("max_attempts")

        params = PosterGenerateParams.from_dict(d.pop("params"))

        progress = d.pop("progress")

        status = TaskOutStatus(d.pop("status"))

        task_id = d.pop("task_id")

        type_ = cast(Literal["poster.generate"], d.pop("type"))
        if type_ != "poster.generate":
            raise ValueError(f"type must match const 'poster.generate', got '{type_}'")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_error(data: object) -> None | TaskError | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = TaskError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TaskError | Unset, data)

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

        quota_refunded = d.pop("quota_refunded", UNSET)

        def _parse_result(data: object) -> None | TaskResult | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = TaskResult.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TaskResult | Unset, data)

        result = _parse_result(d.pop("result", UNSET))

        def _parse_stage(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stage = _parse_stage(d.pop("stage", UNSET))

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        task_out = cls(
            attempt=attempt,
            created_at=created_at,
            max_attempts=max_attempts,
            params=params,
            progress=progress,
            status=status,
            task_id=task_id,
            type_=type_,
            updated_at=updated_at,
            error=error,
            finished_at=finished_at,
            quota_refunded=quota_refunded,
            result=result,
            stage=stage,
            started_at=started_at,
        )

        task_out.additional_properties = d
        return task_out

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
