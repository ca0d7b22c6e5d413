from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.compress_step import CompressStep
    from ..models.convert_step import ConvertStep
    from ..models.remove_background_step import RemoveBackgroundStep
    from ..models.resize_step import ResizeStep
    from ..models.smart_crop_step import SmartCropStep
    from ..models.watermark_step import WatermarkStep


T = TypeVar("T", bound="BatchItemIn")


@_attrs_define
class BatchItemIn:
    """
    Attributes:
        file_id (str):
        operations (list[CompressStep | ConvertStep | RemoveBackgroundStep | ResizeStep | SmartCropStep |
            WatermarkStep]): applied in order to the file
    """

    file_id: str
    operations: list[CompressStep | ConvertStep | RemoveBackgroundStep | ResizeStep | SmartCropStep | WatermarkStep]

    def to_dict(self) -> dict[str, Any]:
        from ..models.compress_step import CompressStep  # noqa: PLC0415
        from ..models.remove_background_step import RemoveBackgroundStep  # noqa: PLC0415
        from ..models.resize_step import ResizeStep  # noqa: PLC0415
        from ..models.smart_crop_step import SmartCropStep  # noqa: PLC0415
        from ..models.watermark_step import WatermarkStep  # noqa: PLC0415

        file_id = self.file_id

        operations = []
        for operations_item_data in self.operations:
            operations_item: dict[str, Any]
            if isinstance(operations_item_data, RemoveBackgroundStep):
                operations_item = operations_item_data.to_dict()
            elif isinstance(operations_item_data, SmartCropStep):
                operations_item = operations_item_data.to_dict()
            elif isinstance(operations_item_data, WatermarkStep):
                operations_item = operations_item_data.to_dict()
            elif isinstance(operations_item_data, ResizeStep):
                operations_item = operations_item_data.to_dict()
            elif isinstance(operations_item_data, CompressStep):
                operations_item = operations_item_data.to_dict()
            else:
                operations_item = operations_item_data.to_dict()

            operations.append(operations_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file_id": file_id,
                "operations": operations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.compress_step import CompressStep  # noqa: PLC0415
        from ..models.convert_step import ConvertStep  # noqa: PLC0415
        from ..models.remove_background_step import RemoveBackgroundStep  # noqa: PLC0415
        from ..models.resize_step import ResizeStep  # noqa: PLC0415
        from ..models.smart_crop_step import SmartCropStep  # noqa: PLC0415
        from ..models.watermark_step import WatermarkStep  # noqa: PLC0415

        d = dict(src_dict)
        file_id = d.pop("file_id")

        operations = []
        _operations = d.pop("operations")
        for operations_item_data in _operations:

            def _parse_operations_item(
                data: object,
            ) -> CompressStep | ConvertStep | RemoveBackgroundStep | ResizeStep | SmartCropStep | WatermarkStep:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    operations_item_type_0 = RemoveBackgroundStep.from_dict(data)

                    return operations_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    operations_item_type_1 = SmartCropStep.from_dict(data)

                    return operations_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    operations_item_type_2 = WatermarkStep.from_dict(data)

                    return operations_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    operations_item_type_3 = ResizeStep.from_dict(data)

                    return operations_item_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    operations_item_type_4 = CompressStep.from_dict(data)

                    return operations_item_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                operations_item_type_5 = ConvertStep.from_dict(data)

                return operations_item_type_5

            operations_item = _parse_operations_item(operations_item_data)

            operations.append(operations_item)

        batch_item_in = cls(
            file_id=file_id,
            operations=operations,
        )

        return batch_item_in
