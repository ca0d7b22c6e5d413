from enum import StrEnum


class ListFontsCoversType0(StrEnum):
    JA = "ja"
    KO = "ko"
    LATIN = "latin"
    ZH_HANS = "zh-Hans"
    ZH_HANT = "zh-Hant"

    def __str__(self) -> str:
        return str(self.value)
