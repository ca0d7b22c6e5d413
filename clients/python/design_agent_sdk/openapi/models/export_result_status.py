from enum import StrEnum


class ExportResultStatus(StrEnum):
    DELETED = "deleted"
    DELETING = "deleting"
    EXPIRED = "expired"
    PENDING = "pending"
    REJECTED = "rejected"
    STORED = "stored"

    def __str__(self) -> str:
        return str(self.value)
