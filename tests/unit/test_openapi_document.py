"""The committed OpenAPI document (served at /api/v1/openapi.json) is the one the code generates."""

from __future__ import annotations

import json
from typing import Any

import pytest

from functions.gateway.handlers.open_api import DOCUMENT
from functions.registry import SERVICES
from local_platform.openapi import _keep_apart, document


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
            assert verb["operationId"] in (op.name, f"{service.name.title()}{op.name}")
            assert ("security" in verb) == (op.auth.value != "none"), op.name


# --- what the contract test (tests/integration/test_api_contract.py) found the document got wrong ---------------
def _document() -> dict[str, Any]:
    return dict(json.loads(DOCUMENT.read_text()))


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    return dict(document["components"]["schemas"][ref.rsplit("/", 1)[-1]]) if ref else schema


def test_errors_are_documented_as_the_problem_json_they_are() -> None:
    document = _document()
    assert not {"HTTPValidationError", "ValidationError"} & set(document["components"]["schemas"])
    for path, verbs in document["paths"].items():
        for method, verb in verbs.items():
            for status, response in verb["responses"].items():
                if int(status) >= 400:
                    assert set(response["content"]) == {"application/problem+json"}, (method, path, status)
                    assert response["content"]["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"}
            # what the gateway may answer to any call: its payload limit and its throttling (with Retry-After)
            assert {"413", "429"} <= set(verb["responses"]), (method, path)
            assert "Retry-After" in verb["responses"]["429"]["headers"]
            if "security" in verb:  # the authorizer's refusals
                assert {"401", "403"} <= set(verb["responses"]), (method, path)
            if "requestBody" in verb:  # malformed JSON, another media type, invalid fields
                assert {"400", "415", "422"} <= set(verb["responses"]), (method, path)
            if any(p["in"] == "path" for p in verb.get("parameters", [])):
                assert "404" in verb["responses"], (method, path)


@pytest.mark.parametrize(("path", "method", "statuses"), [
    ("/api/v1/users/register", "post", ["201", "202"]),  # 202 while e-mail verification is on
    ("/api/v1/auth/logout", "post", ["204"]), ("/api/v1/notifications/batches", "post", ["202"]),
    ("/api/v1/designs/posters/{poster_id}", "patch", ["204"]), ("/api/v1/users/{user_id}", "get", ["200"]),
    ("/api/v1/users/password-reset/confirm", "post", ["204"])])
def test_the_success_status_is_the_one_the_handler_answers(path: str, method: str, statuses: list[str]) -> None:
    responses = _document()["paths"][path][method]["responses"]
    assert sorted(code for code in responses if int(code) < 400) == statuses
    for status in statuses:
        assert ("content" in responses[status]) == (status != "204")


def test_a_conditional_read_documents_304_without_a_body() -> None:
    responses = _document()["paths"]["/api/v1/designs/posters/{poster_id}"]["get"]["responses"]
    assert responses["304"] == {"description": "Not Modified"}
    assert "412" in _document()["paths"]["/api/v1/designs/posters/{poster_id}"]["patch"]["responses"]


def test_the_optional_headers_an_operation_reads_are_documented() -> None:
    for path, verbs in _document()["paths"].items():
        for method, verb in verbs.items():
            headers = {p["name"]: p for p in verb.get("parameters", []) if p["in"] == "header"}
            assert all(p["required"] is False for p in headers.values())
            # 412 and 304 answer a conditional header, so an operation answers them exactly when it reads one
            assert ("If-Match" in headers) == ("412" in verb["responses"]), (method, path)
            assert ("If-None-Match" in headers) == ("304" in verb["responses"]), (method, path)
            assert ("Idempotency-Key" in headers) == (verb["operationId"] == "CreateTask"), (method, path)
    create = _document()["paths"]["/api/v1/tasks"]["post"]
    [key] = [p for p in create["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["schema"] == {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}
    assert "409" in create["responses"]  # the same key while the first request still runs


def test_an_operation_reads_only_the_optional_headers_it_declares() -> None:
    from design_agent.api import http_operation

    from functions.users.handlers import login
    from functions.users.service import SERVICE

    with pytest.raises(AssertionError, match="without declaring it"):
        login.api.header("Idempotency-Key")
    with pytest.raises(ValueError, match="undocumented request headers"):
        http_operation(SERVICE, "Login", headers=("X-Unknown",))


def test_same_named_models_of_two_services_keep_their_own_schemas() -> None:
    document = _document()
    ok = {path: _resolve(document, document["paths"][path]["post"]["responses"]["200"]["content"][
        "application/json"]["schema"]) for path in ("/api/v1/auth/check-permission",
                                                    "/api/v1/users/{user_id}/check-permission")}
    assert "user_id" not in ok["/api/v1/auth/check-permission"]["properties"]
    assert "user_id" in ok["/api/v1/users/{user_id}/check-permission"]["required"]


def test_a_handler_documents_what_it_does_by_hand() -> None:
    paths = _document()["paths"]
    assert set(paths["/api/docs"]["get"]["responses"]["200"]["content"]) == {"text/html"}
    token = paths["/api/v1/auth/token"]["post"]
    assert set(token["requestBody"]["content"]) == {"application/x-www-form-urlencoded", "application/json"}
    assert token["requestBody"]["required"] is False  # HTTP Basic may carry the credentials
    assert "client_secret" in token["requestBody"]["content"]["application/json"]["schema"]["properties"]


def test_clashing_names_are_renamed_with_every_reference() -> None:
    schemas: dict[str, Any] = {"Box": {"type": "integer"}, "Out": {"$ref": "#/components/schemas/Box"}}
    part: dict[str, Any] = {
        "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Out"}}}}}}}},
        "components": {"schemas": {"Box": {"type": "number"}, "Out": {"$ref": "#/components/schemas/Box"},
                                   "Same": {"type": "string"}}}}
    _keep_apart(part, schemas | {"Same": {"type": "string"}}, "media")
    assert set(part["components"]["schemas"]) == {"MediaBox", "MediaOut", "Same"}
    assert part["components"]["schemas"]["MediaOut"] == {"$ref": "#/components/schemas/MediaBox"}
    assert part["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MediaOut"}


def test_a_second_part_with_an_already_renamed_model_is_not_renamed_again() -> None:
    # the first media operation renamed its CropBox (designs has one) and kept CropOut, which refers to it
    box = {"title": "CropBox", "type": "object", "properties": {"x": {"type": "integer"}}}
    schemas: dict[str, Any] = {
        "CropBox": {"title": "CropBox", "type": "object", "properties": {"x": {"type": "number"}}},
        "MediaCropBox": {**box, "title": "MediaCropBox"},
        "CropOut": {"title": "CropOut", "properties": {"box": {"$ref": "#/components/schemas/MediaCropBox"}}},
        "MediaOut": {"title": "MediaOut", "properties": {"crop": {"$ref": "#/components/schemas/CropOut"}}}}
    part: dict[str, Any] = {"paths": {}, "components": {"schemas": {
        "CropBox": box,
        "CropOut": {"title": "CropOut", "properties": {"box": {"$ref": "#/components/schemas/CropBox"}}},
        "MediaOut": {"title": "MediaOut", "properties": {"crop": {"$ref": "#/components/schemas/CropOut"}}}}}}
    _keep_apart(part, schemas, "media")
    assert part["components"]["schemas"] == {name: schemas[name] for name in ("MediaCropBox", "CropOut", "MediaOut")}


def test_every_schema_has_a_title_of_its_own() -> None:
    """Client generators (openapi-python-client, openapi-typescript) name a model by its title."""
    schemas = _document()["components"]["schemas"]
    assert all(schema.get("title", name) == name for name, schema in schemas.items()), [
        (name, schema.get("title")) for name, schema in schemas.items() if schema.get("title", name) != name]


def test_operation_ids_are_unique() -> None:
    """OpenAPI requires it; openapi-typescript and openapi-python-client name functions and types by it."""
    ids = [verb["operationId"] for verbs in _document()["paths"].values() for verb in verbs.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    paths = _document()["paths"]
    assert paths["/api/v1/tasks/health"]["get"]["operationId"] == "TasksServiceHealth"
    assert paths["/api/v1/users/login"]["post"]["operationId"] == "Login"
