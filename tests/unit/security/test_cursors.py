"""Attack: crafted page cursors — garbage, valid base64 of an unexpected shape, another listing's or another
user's cursor, a flipped bit. Every list route of every service answers 400 ``invalid-cursor`` before it
queries anything (never a 500), and a cursor opens only for the listing and the caller that got it."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import pytest
from design_agent import errors
from design_agent.cursors import CURSOR_KEY, Cursors, listing
from design_agent.settings import Settings

from functions.registry import SERVICES
from tests.unit.aws import AwsSandbox
from tests.unit.security.http import call, caller, register

DOCUMENT = json.loads((Path(__file__).resolve().parents[3] / "functions/gateway/openapi.json").read_text())
ALICE, BOB = "usr_01JD8Y3Q7Z00000000000ALICE", "usr_01JD8Y3Q7Z000000000000BOB0"
EXAMPLE_KEY = {"pk": {"S": "POSTER#pst_1"}, "sk": {"S": "META"}, "gsi1pk": {"S": f"USER#{ALICE}"},
               "gsi1sk": {"S": "2024"}}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _list_routes() -> list[tuple[str, dict[str, str]]]:
    """Every documented operation with a ``cursor`` query parameter, with values for its required ones."""
    routes = []
    for operations in DOCUMENT["paths"].values():
        for spec in operations.values():
            params = spec.get("parameters", [])
            if any(p["name"] == "cursor" and p["in"] == "query" for p in params):
                required = {p["name"]: "icons" for p in params if p.get("required") and p["in"] == "query"}
                service = spec["tags"][0]
                routes.append((f"{service}.{spec['operationId']}", required))
    return sorted(routes)


LIST_ROUTES = _list_routes()
ADMIN_ONLY = {"users.ListUsers", "auth.ListClients"}


def test_every_list_route_of_every_service_is_covered_and_declares_the_key() -> None:
    names = {name for name, _ in LIST_ROUTES}
    assert names == {"auth.ListClients", "designs.ListPosters", "designs.ListTemplates", "files.ListAssets",
                     "files.ListFonts", "media.ListBatchJobs", "notifications.ListInbox", "storage.ListFiles",
                     "tasks.ListTasks", "users.ListUsers"}
    paging = {f"{s.name}.{op.name}" for s in SERVICES for op in s.operations if CURSOR_KEY.name in op.secrets}
    assert paging == names | {"users.ListUserIds"}  # and the internal one whose cursors cross services


def _crafted() -> dict[str, str]:
    sealed = Cursors(os.urandom(32)).seal(listing("elsewhere"), EXAMPLE_KEY)  # a cursor under another key
    assert sealed is not None
    return {
        "garbage": "!!!not base64!!!",
        "valid base64, unexpected shape": _b64(b'{"pk": 1}'),  # a 500 on every list route before
        "an old-style readable key": _b64(json.dumps(EXAMPLE_KEY).encode()),
        "a JSON list": _b64(b"[1]"),
        "random bytes": _b64(os.urandom(64)),
        "too short": _b64(b"abc"),
        "long": "A" * 2048,
        "sealed under another key": sealed,
    }


CRAFTED = _crafted()


@pytest.mark.parametrize(("name", "query"), LIST_ROUTES, ids=[n for n, _ in LIST_ROUTES])
def test_crafted_cursors_are_400_on_every_list_route(shared_sandbox: AwsSandbox, name: str,
                                                     query: dict[str, str]) -> None:
    who = caller(ALICE, role="admin" if name in ADMIN_ONLY else "user")
    for kind, cursor in CRAFTED.items():
        status, body = call(name, who, query={**query, "cursor": cursor})
        assert (status, body["code"]) == (400, "invalid-cursor"), (kind, body)


def _cursor_of_another_listing() -> str:
    cursors = Cursors.load(Settings.from_env())
    sealed = cursors.seal(listing("designs", "ListPosters", BOB, "[]"), EXAMPLE_KEY)
    assert sealed is not None
    return sealed


def _flip(cursor: str) -> str:
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[len(raw) // 2] ^= 1
    return _b64(bytes(raw))


def _poster(owner: str) -> None:
    status, body = call("designs.CreatePoster", caller(owner), body={"title": "p", "width": 100, "height": 100})
    assert status == 201, body


def test_a_cursor_opens_only_for_its_caller_and_its_filters(sandbox: AwsSandbox) -> None:
    for _ in range(3):
        _poster(ALICE)
    status, first = call("designs.ListPosters", caller(ALICE), query={"limit": "2"})
    assert (status, len(first["items"]), bool(first["next_cursor"])) == (200, 2, True)
    cursor = first["next_cursor"]
    # the same caller with the same filters pages on
    status, second = call("designs.ListPosters", caller(ALICE), query={"limit": "2", "cursor": cursor})
    assert (status, len(second["items"]), second["next_cursor"]) == (200, 1, None)
    # another user, another listing, a tampered cursor: refused
    assert call("designs.ListPosters", caller(BOB), query={"cursor": cursor})[1]["code"] == "invalid-cursor"
    assert call("designs.ListTemplates", caller(ALICE), query={"cursor": cursor})[1]["code"] == "invalid-cursor"
    assert call("designs.ListPosters", caller(ALICE), query={"cursor": _flip(cursor)})[1]["code"] == \
        "invalid-cursor"
    assert call("designs.ListPosters", caller(ALICE), query={"cursor": _cursor_of_another_listing()})[0] == 400


def test_a_filtered_listing_does_not_take_the_cursor_of_another_filter(sandbox: AwsSandbox) -> None:
    """A status filter reads another index: before, its cursor reached the other index's query (a 500)."""
    alice = caller(register("alice"))
    task = {"type": "poster.generate", "params": {"prompt": "p"}}
    for _ in range(3):
        assert call("tasks.CreateTask", alice, body=task)[0] == 201
    _, page = call("tasks.ListTasks", alice, query={"limit": "1"})
    refused = call("tasks.ListTasks", alice, query={"limit": "1", "status": "queued", "cursor": page["next_cursor"]})
    assert (refused[0], refused[1]["code"]) == (400, "invalid-cursor")
    assert call("tasks.ListTasks", alice, query={"limit": "1", "cursor": page["next_cursor"]})[0] == 200


def test_the_internal_listing_of_user_ids_refuses_crafted_cursors(shared_sandbox: AwsSandbox) -> None:
    from functions.users.handlers.list_user_ids import handler
    from tests.unit.lambda_context import FakeContext

    for cursor in CRAFTED.values():
        answer: dict[str, Any] = handler({"operation": "ListUserIds", "body": {"limit": 5, "cursor": cursor}},
                                         FakeContext())
        assert (answer["ok"], answer["error"]["code"]) == (False, "invalid-cursor")


def test_sealing_is_tamper_evident_and_round_trips() -> None:
    cursors = Cursors("k" * 32)
    sealed = cursors.seal("a listing", EXAMPLE_KEY)
    assert sealed is not None
    # a client that decodes the cursor and edits the position it finds there is refused
    raw = base64.urlsafe_b64decode(sealed + "==")
    edited = raw.replace(b"POSTER", b"POSTEQ")
    assert edited != raw
    with pytest.raises(errors.InvalidCursor):
        cursors.open("a listing", _b64(edited))
    assert cursors.open("a listing", sealed) == EXAMPLE_KEY
    assert (cursors.seal("a listing", None), cursors.open("a listing", None)) == (None, None)
    with pytest.raises(errors.InvalidCursor):
        cursors.open("another listing", sealed)
    with pytest.raises(errors.InvalidCursor):
        Cursors("j" * 32).open("a listing", sealed)
    shapes: list[Any] = [{}, {"pk": 1}, {"pk": {"S": 1}}, {"pk": {"S": "a", "N": "1"}}, {"pk": {"M": {}}}, [1], "x"]
    for shape in shapes:
        payload = json.dumps(shape).encode()  # signed with the right key: only the shape is wrong
        with pytest.raises(errors.InvalidCursor):
            cursors.open("a listing", _b64(cursors._tag("a listing", payload) + payload))
