from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raise RuntimeError("boom")
