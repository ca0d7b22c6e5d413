from typing import Any


def handler(event: dict[str, Any], context: Any) -> str:
    return "not a proxy response"
