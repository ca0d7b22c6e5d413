"""The OpenAPI 3.1 document of every HTTP route, merged from each handler's Powertools resolver.

``python -m local_platform.openapi`` prints it; ``make openapi`` writes the committed copy the gateway serves
(``functions/gateway/openapi.json``), and ``tests/unit/test_openapi_document.py`` fails when it is out of step."""

from __future__ import annotations

import copy
import importlib
import json
import sys
from collections import Counter
from http import HTTPStatus
from pathlib import Path
from typing import Any

from design_agent.api import PROBLEM_JSON, REQUEST_HEADERS, HttpOperation
from design_agent.spec import Auth, Operation, Service

TITLE = "Design Agent API"
VERSION = "1"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# RFC 9457 problem details as api.problem and the gateway responses (design_agent.gateway_responses) write them
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem; `code` is stable. Validation problems (422) list the fields in `errors`.",
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "request_id": {"type": ["string", "null"]},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object", "required": ["path", "message"],
            "properties": {"path": {"type": "string"}, "message": {"type": "string"}, "type": {"type": "string"}}}},
    },
    "additionalProperties": True,
}
RETRY_AFTER = {"description": "Seconds to wait before trying again", "schema": {"type": "string"}}
NO_BODY = (HTTPStatus.NO_CONTENT, HTTPStatus.NOT_MODIFIED)


def _problem(status: HTTPStatus) -> dict[str, Any]:
    response: dict[str, Any] = {"description": status.phrase, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}
    if status is HTTPStatus.TOO_MANY_REQUESTS:
        response["headers"] = {"Retry-After": RETRY_AFTER}
    return response


def _statuses(op: Operation, verb: dict[str, Any], declared: tuple[HTTPStatus, ...]) -> set[HTTPStatus]:
    """What an operation may answer besides its success: what every operation of its kind may (the gateway's
    413 and 429; the authorizer's 401 and 403; 404 for a resource named in the path; 400, 415 and 422 for bad
    input) and what its handler declares (``http_operation(..., responses=...)``)."""
    statuses = {HTTPStatus.REQUEST_ENTITY_TOO_LARGE, HTTPStatus.TOO_MANY_REQUESTS, *declared}
    if op.auth is not Auth.NONE:
        statuses |= {HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN}
    parameters = verb.get("parameters", [])
    if any(p["in"] == "path" for p in parameters):
        statuses.add(HTTPStatus.NOT_FOUND)
    if "requestBody" in verb or any(p["name"] == "cursor" for p in parameters):
        statuses.add(HTTPStatus.BAD_REQUEST)  # malformed JSON, a cursor that is not ours
    if "requestBody" in verb:
        statuses.add(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)  # a body in another media type
    if "requestBody" in verb or parameters:
        statuses.add(HTTPStatus.UNPROCESSABLE_ENTITY)
    return statuses


def _responses(op: Operation, api: HttpOperation, verb: dict[str, Any]) -> dict[str, Any]:
    """The operation's responses as the platform answers them: Powertools documents the success (with the
    handler's return type) and a 422 in its own shape; every error is problem+json instead."""
    success = verb["responses"][str(int(api.status))]
    if api.status in NO_BODY:
        success.pop("content", None)
    responses: dict[str, Any] = {str(int(api.status)): success}
    for status in sorted(_statuses(op, verb, api.responses)):
        responses[str(int(status))] = {"description": status.phrase} if status in NO_BODY else _problem(status)
    return responses


def _operation_paths(service: Service, op: Operation) -> dict[str, Any]:
    """The paths and components of one handler's Powertools resolver (``api.app``; a module that serves the
    same route for several services, such as ``functions.health``, gives it by ``api_for(service)``)."""
    module = importlib.import_module(op.handler)
    api = module.api if hasattr(module, "api") else module.api_for(service.name)
    part: dict[str, Any] = json.loads(api.app.get_openapi_json_schema(title=TITLE, version=VERSION))
    for path in part.get("paths", {}).values():
        for verb in path.values():
            overrides = copy.deepcopy(dict(api.openapi))  # what the handler does by hand (a body it reads itself)
            declared = overrides.pop("responses", {})  # a success of its own, or another one (Register's 202)
            verb["responses"].update(declared)
            verb.update(overrides)
            if api.headers:  # the optional headers it reads (If-Match, Idempotency-Key, ...)
                verb.setdefault("parameters", []).extend(
                    {"name": name, "in": "header", "required": False, **copy.deepcopy(REQUEST_HEADERS[name])}
                    for name in api.headers)
            verb["responses"] = {**_responses(op, api, verb), **declared}
            if op.auth is not Auth.NONE:
                verb["security"] = [{"bearer": []}]
    schemas = part.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):  # replaced by Problem
        schemas.pop(unused, None)
    return part


def _rewrite_refs(node: Any, refs: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {k: refs.get(v, v) if k == "$ref" else _rewrite_refs(v, refs) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(v, refs) for v in node]
    return node


def _without_refs(node: Any) -> Any:
    """A schema with every reference blanked: what it says itself, whatever its references are named."""
    if isinstance(node, dict):
        return {k: "" if k == "$ref" else _without_refs(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_refs(v) for v in node]
    return node


def _keep_apart(part: dict[str, Any], schemas: dict[str, Any], service: str) -> None:
    """Two services' models of the same name (``PermissionResult`` of auth and of users) are different schemas:
    one already in the document keeps its name, this part's becomes ``<Service><Name>`` (its ``title`` too, which
    client generators name their classes by), references included. A schema that differs only by its references
    is renamed only when it still differs once the renamed ones are referred to by their new names (``CropOut``
    of a second media operation, whose ``CropBox`` is renamed as the first one's was, is the same schema)."""
    own = part.get("components", {}).get("schemas", {})
    renamed: dict[str, str] = {}
    while True:
        refs = {f"#/components/schemas/{old}": f"#/components/schemas/{new}" for old, new in renamed.items()}
        rewritten = _rewrite_refs(own, refs)
        differ = {name for name, schema in rewritten.items()
                  if name not in renamed and name in schemas and schemas[name] != schema}
        # first what differs in itself; what differs only by a reference may fall in step once those are renamed
        clashes = {name for name in differ if _without_refs(schemas[name]) != _without_refs(rewritten[name])}
        if not (clashes or differ):
            break
        renamed.update({name: f"{service.title()}{name}" for name in clashes or differ})
    if not renamed:
        return
    for old, new in renamed.items():
        if new in schemas and schemas[new] != _retitled(rewritten[old], new):
            raise ValueError(f"two different schemas named {new}")
        own[new] = _retitled(own.pop(old), new)
    part.update(_rewrite_refs(part, refs))


def _retitled(schema: Any, name: str) -> Any:
    """A renamed schema's ``title`` follows its new name; any other schema is returned as it is."""
    if isinstance(schema, dict) and "title" in schema and schema["title"] != name and name.endswith(schema["title"]):
        return {**schema, "title": name}
    return schema


def document(services: tuple[Service, ...]) -> dict[str, Any]:
    """Every HTTP route's paths and schemas merged into one OpenAPI 3.1 document. A handler that cannot be
    imported (yet) is listed under ``x-unavailable`` instead of failing the whole document."""
    merged: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": TITLE, "version": VERSION},
                              "paths": {}, "components": {"schemas": {}, "securitySchemes": {
                                  "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}}
    merged["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
    unavailable: list[str] = []
    # OpenAPI requires unique operationIds (clients name functions and types by them): a name several services
    # share (ServiceHealth, CheckPermission) becomes <Service><Name>
    names = Counter(op.name for service in services for op in service.http_operations)
    shared = {name for name, count in names.items() if count > 1}
    for service in services:
        for op in service.http_operations:
            try:
                part = _operation_paths(service, op)
            except Exception as exc:
                unavailable.append(f"{service.name}.{op.name}: {type(exc).__name__}: {exc}")
                continue
            _keep_apart(part, merged["components"]["schemas"], service.name)
            for path, methods in part.get("paths", {}).items():
                if op.name in shared:
                    for verb in methods.values():
                        verb["operationId"] = f"{service.name.title()}{op.name}"
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
