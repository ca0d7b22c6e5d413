from enum import StrEnum


class CropOutSource(StrEnum):
    CALLER = "caller"
    CENTRE = "centre"
    FACE = "face"
    SALIENCY = "saliency"

    def __str__(self) -> str:
        return str(self.value)
