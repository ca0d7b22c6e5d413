from enum import StrEnum


class TextElementLangType0(StrEnum):
    JA = "ja"
    KO = "ko"
    ZH_HANS = "zh-Hans"
    ZH_HANT = "zh-Hant"
    ZH_HK = "zh-HK"

    def __str__(self) -> str:
        return str(self.value)
