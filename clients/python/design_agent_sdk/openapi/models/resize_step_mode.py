from enum import StrEnum


class ResizeStepMode(StrEnum):
    COVER = "cover"
    FILL = "fill"
    FIT = "fit"

    def __str__(self) -> str:
        return str(self.value)
