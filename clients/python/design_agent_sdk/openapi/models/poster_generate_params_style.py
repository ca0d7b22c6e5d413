from enum import StrEnum


class PosterGenerateParamsStyle(StrEnum):
    BOLD = "bold"
    ELEGANT = "elegant"
    MINIMAL = "minimal"
    PLAYFUL = "playful"
    RETRO = "retro"

    def __str__(self) -> str:
        return str(self.value)
