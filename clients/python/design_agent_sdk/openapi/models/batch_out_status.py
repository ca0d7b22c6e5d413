from enum import StrEnum


class BatchOutStatus(StrEnum):
    DONE = "done"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
