"""The OpenAPI 3.1 document of every HTTP route, merged from each handler's Powertools resolver.

``python -m local_platform.openapi`` prints it; ``make openapi`` writes the committed copy the gateway serves
(``functions/gateway/openapi.json``), and ``tests/unit/test_openapi_document.py`` fails when it is out of step."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from design_agent.spec import Auth, Operation, Service

TITLE = "Design Agent API"
VERSION = "1"


def _operation_paths(service: Service, op: Operation) -> dict[str, Any]:
    """The paths and components of one handler's Powertools resolver (``api.app``; a module that serves the
    same route for several services, such as ``functions.health``, gives it by ``api_for(service)``)."""
    module = importlib.import_module(op.handler)
    api = module.api if hasattr(module, "api") else module.api_for(service.name)
    part: dict[str, Any] = json.loads(api.app.get_openapi_json_schema(title=TITLE, version=VERSION))
    if op.auth is not Auth.NONE:
        for path in part.get("paths", {}).values():
            for verb in path.values():
                verb["security"] = [{"bearer": []}]
    return part


def document(services: tuple[Service, ...]) -> dict[str, Any]:
    """Every HTTP route's paths and schemas merged into one OpenAPI 3.1 document. A handler that cannot be
    imported (yet) is listed under ``x-unavailable`` instead of failing the whole document."""
    merged: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": TITLE, "version": VERSION},
                              "paths": {}, "components": {"schemas": {}, "securitySchemes": {
                                  "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}}
    unavailable: list[str] = []
    for service in services:
        for op in service.http_operations:
            try:
                part = _operation_paths(service, op)
            except Exception as exc:
                unavailable.append(f"{service.name}.{op.name}: {type(exc).__name__}: {exc}")
                continue
            for path, methods in part.get("paths", {}).items():
                merged["paths"].setdefault(path, {}).update(methods)
            merged["components"]["schemas"].update(part.get("components", {}).get("schemas", {}))
    if unavailable:
        merged["x-unavailable"] = unavailable
    return merged


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(root), str(root / "layers" / "shared" / "python")]
    from functions.registry import SERVICES

    print(json.dumps(document(SERVICES), indent=2, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
