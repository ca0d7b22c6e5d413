"""GET /api/v1/openapi.json: the OpenAPI 3.1 document of every route (generated from the code and its pydantic
models by ``make openapi``; a unit test keeps the committed copy in step)."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from design_agent.api import http_operation

from functions.gateway.service import SERVICE

api = http_operation(SERVICE, "OpenApi")
DOCUMENT = Path(__file__).resolve().parents[1] / "openapi.json"


@cache
def _document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DOCUMENT.read_text())
    return loaded


@api.route
def open_api() -> dict[str, Any]:
    return _document()


handler = api.handler
