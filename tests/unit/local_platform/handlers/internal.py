from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"ok": True, "body": {"doubled": event["n"] * 2, "function": context.function_name,
                                 "remaining_ms": context.get_remaining_time_in_millis()}}
