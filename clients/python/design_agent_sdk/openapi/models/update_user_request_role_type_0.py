from enum import StrEnum


class UpdateUserRequestRoleType0(StrEnum):
    ADMIN = "admin"
    USER = "user"
    VIP = "vip"

    def __str__(self) -> str:
        return str(self.value)
