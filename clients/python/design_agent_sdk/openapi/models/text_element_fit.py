from enum import StrEnum


class TextElementFit(StrEnum):
    NONE = "none"
    SHRINK = "shrink"

    def __str__(self) -> str:
        return str(self.value)
