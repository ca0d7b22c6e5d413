from enum import StrEnum


class ConvertStepColor(StrEnum):
    KEEP = "keep"
    SRGB = "srgb"

    def __str__(self) -> str:
        return str(self.value)
