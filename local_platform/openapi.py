"""The OpenAPI 3.1 document of every HTTP route, merged from each handler's Powertools resolver.

``python -m local_platform.openapi`` prints it (``make openapi`` writes docs/openapi.json)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from design_agent.spec import Service


def document(services: tuple[Service, ...]) -> dict[str, Any]:
    merged: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "Design Agent API", "version": "1"},
                              "paths": {}, "components": {"schemas": {}, "securitySchemes": {
                                  "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}}
    for service in services:
        for op in service.http_operations:
            api = importlib.import_module(op.handler).api
            part = json.loads(api.app.get_openapi_json_schema(title="Design Agent API", version="1"))
            for path, methods in part.get("paths", {}).items():
                for verb in methods.values():
                    if op.auth.value != "none":
                        verb["security"] = [{"bearer": []}]
                merged["paths"].setdefault(path, {}).update(methods)
            merged["components"]["schemas"].update(part.get("components", {}).get("schemas", {}))
    return merged


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(root), str(root / "layers" / "shared" / "python")]
    from functions.registry import SERVICES

    print(json.dumps(document(SERVICES), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
