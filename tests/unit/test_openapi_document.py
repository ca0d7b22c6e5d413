"""The committed OpenAPI document (served at /api/v1/openapi.json) is the one the code generates."""

from __future__ import annotations

import json

from functions.gateway.handlers.open_api import DOCUMENT
from functions.registry import SERVICES
from local_platform.openapi import document


def test_the_committed_document_is_in_step_with_the_code() -> None:
    generated = json.loads(json.dumps(document(SERVICES)))
    assert "x-unavailable" not in generated, generated.get("x-unavailable")
    committed = json.loads(DOCUMENT.read_text())
    assert committed == generated, "run `make openapi` and commit functions/gateway/openapi.json"


def test_every_http_route_is_documented_with_its_security() -> None:
    paths = json.loads(DOCUMENT.read_text())["paths"]
    for service in SERVICES:
        for op in service.http_operations:
            verb = paths[op.path][op.method.lower()]  # type: ignore[index,union-attr]
            assert verb["operationId"] == op.name
            assert ("security" in verb) == (op.auth.value != "none"), op.name
