"""Machine clients and the client-credentials grant: the real handlers and authorizer over moto."""

from __future__ import annotations

import base64
import importlib
import json
from typing import Any

import pytest
from design_agent.api import http_operation
from design_agent.contracts.auth import AuthClient, IssueSessionRequest, RegisterClientRequest
from design_agent.spec import Auth, Operation, Service

from functions.auth.deps import AuthDeps
from functions.auth.handlers.authorizer import authorize
from functions.auth.logic.sessions import issue_session
from functions.registry import SERVICES
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.lambda_context import FakeContext

FORM = "application/x-www-form-urlencoded"
UNKNOWN = "cli_01JD8Y3Q7Z0000000000000000"


class Refused(Exception):
    """The authorizer refused the token (API Gateway answers 401 without calling the function)."""


def principal_context(token: str) -> dict[str, str]:
    """What API Gateway hands the function after the real authorizer allowed ``token``."""
    try:
        result = authorize({"headers": {"Authorization": f"Bearer {token}"},
                            "methodArn": "arn:aws:execute-api:us-east-1:1:api/unit/GET/x"}, AuthDeps.from_env())
    except PermissionError as exc:
        raise Refused from exc
    return {**{k: str(v) for k, v in result["context"].items()}, "principalId": result["principalId"]}


def event(op: Operation, *, token: str | None = None, body: str | None = None, content_type: str | None = None,
          headers: dict[str, str] | None = None, params: dict[str, str] | None = None,
          query: dict[str, str] | None = None) -> dict[str, Any]:
    assert op.path is not None
    path = op.path.format(**(params or {}))
    all_headers = {**({"Content-Type": content_type} if content_type else {}), **(headers or {})}
    context: dict[str, Any] = {"requestId": "req-1", "stage": STAGE, "httpMethod": op.method, "path": path,
                               "resourcePath": op.path, "identity": {"sourceIp": "203.0.113.9"}}
    if token is not None:
        context["authorizer"] = principal_context(token)
    return {"resource": op.path, "path": path, "httpMethod": op.method, "headers": all_headers,
            "multiValueHeaders": {k: [v] for k, v in all_headers.items()}, "queryStringParameters": query,
            "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
            "pathParameters": params, "stageVariables": None, "isBase64Encoded": False, "body": body,
            "requestContext": context}


def call(name: str, **kwargs: Any) -> tuple[int, dict[str, str], Any]:
    """Run the operation ``service.Operation`` (its real handler) and answer (status, headers, JSON body)."""
    service, _, op_name = name.partition(".")
    op = next(s for s in SERVICES if s.name == service).operation(op_name)
    result = importlib.import_module(op.handler).handler(event(op, **kwargs), FakeContext())
    headers = {k.lower(): v for k, v in (result.get("headers") or {}).items()}
    headers.update({k.lower(): v[0] for k, v in (result.get("multiValueHeaders") or {}).items()})
    return result["statusCode"], headers, json.loads(result["body"]) if result.get("body") else None


def session_token(role: str, user_id: str) -> str:
    return issue_session(IssueSessionRequest(user_id=user_id, role=role), AuthDeps.from_env()).access_token


def create_client(admin: str, name: str = "gpu-worker-1") -> dict[str, Any]:
    status, headers, body = call("auth.CreateClient", token=admin, content_type="application/json",
                                 body=json.dumps({"name": name, "description": "renders posters"}))
    assert status == 201, body
    assert headers["cache-control"] == "no-store"
    return dict(body)


def token_request(client_id: str, secret: str, grant: str = "client_credentials") -> tuple[int, dict[str, str], Any]:
    form = f"grant_type={grant}&client_id={client_id}&client_secret={secret}"
    return call("auth.IssueClientToken", content_type=FORM, body=form)


@pytest.fixture
def admin(sandbox: AwsSandbox) -> str:
    return session_token("admin", "usr_01JD8Y3Q7Z00000000000ADMIN")


def test_create_token_verify_and_disable(admin: str) -> None:
    client = create_client(admin)
    assert client["client_id"].startswith("cli_")
    assert client["role"] == "worker"
    assert client["status"] == "active"
    assert client["client_secret"].startswith("cs_")
    assert len(client["client_secret"]) >= 43

    status, headers, token = token_request(client["client_id"], client["client_secret"])
    assert status == 200, token
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 3600
    assert headers["cache-control"] == "no-store"
    assert headers["pragma"] == "no-cache"
    context = principal_context(token["access_token"])  # the authorizer lets it in, as a worker
    assert (context["subject"], context["role"], context["kind"], context["session_id"]) == (
        client["client_id"], "worker", "worker", "")
    status, _, verified = call("auth.VerifyToken", content_type="application/json",
                               body=json.dumps({"token": token["access_token"]}))
    assert status == 200
    assert verified["kind"] == "worker"
    assert verified["session_id"] is None

    status, _, _ = call("auth.DisableClient", token=admin, params={"client_id": client["client_id"]})
    assert status == 204
    with pytest.raises(Refused):  # the token issued before is dead at the authorizer
        principal_context(token["access_token"])
    status, _, problem = token_request(client["client_id"], client["client_secret"])
    assert (status, problem["code"]) == (401, "invalid_client")
    assert call("auth.DisableClient", token=admin, params={"client_id": client["client_id"]})[0] == 204  # again
    _, _, listed = call("auth.ListClients", token=admin)
    assert listed["items"][0]["status"] == "disabled"
    assert listed["items"][0]["disabled_at"]


def test_disable_unknown_client_is_404_and_never_touches_a_user(admin: str) -> None:
    for client_id in (UNKNOWN, "usr_01JD8Y3Q7Z00000000000ADMIN", "nonsense"):
        status, _, problem = call("auth.DisableClient", token=admin, params={"client_id": client_id})
        assert (status, problem["code"]) == (404, "not-found"), client_id
    assert principal_context(admin)["role"] == "admin"  # the admin's own status item was not blocked


def test_wrong_unknown_and_disabled_clients_get_the_same_answer(admin: str) -> None:
    client, disabled = create_client(admin), create_client(admin, "old-worker")
    call("auth.DisableClient", token=admin, params={"client_id": disabled["client_id"]})
    answers = [token_request(client["client_id"], "cs_wrong"), token_request(UNKNOWN, client["client_secret"]),
               token_request("garbage", "x"), token_request(disabled["client_id"], disabled["client_secret"])]
    for status, headers, problem in answers:
        assert status == 401
        assert headers["content-type"] == "application/problem+json"
        assert headers["www-authenticate"].startswith("Basic")
        assert {k: problem[k] for k in ("code", "error", "detail")} == {
            "code": "invalid_client", "error": "invalid_client", "detail": "Client authentication failed"}


def test_token_request_as_json_and_with_http_basic(admin: str) -> None:
    client = create_client(admin)
    body = {"grant_type": "client_credentials", "client_id": client["client_id"],
            "client_secret": client["client_secret"]}
    status, _, token = call("auth.IssueClientToken", content_type="application/json", body=json.dumps(body))
    assert status == 200, token
    basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
    status, _, token = call("auth.IssueClientToken", content_type=FORM, body="grant_type=client_credentials",
                            headers={"Authorization": f"Basic {basic}"})
    assert status == 200, token
    assert principal_context(token["access_token"])["subject"] == client["client_id"]
    both = call("auth.IssueClientToken", content_type=FORM, headers={"Authorization": f"Basic {basic}"},
                body=f"grant_type=client_credentials&client_secret={client['client_secret']}")
    assert both[0] == 400
    bad_basic = call("auth.IssueClientToken", content_type=FORM, body="grant_type=client_credentials",
                     headers={"Authorization": "Basic !!!"})
    assert (bad_basic[0], bad_basic[2]["code"]) == (401, "invalid_client")


@pytest.mark.parametrize(("content_type", "body", "status", "code"), [
    (FORM, "grant_type=password&client_id=cli_x&client_secret=s", 400, "unsupported_grant_type"),
    (FORM, "grant_type=client_credentials&client_id=cli_x", 422, "validation-failed"),
    (FORM, "client_id=cli_x&client_secret=s", 422, "validation-failed"),
    (FORM, "grant_type=client_credentials&grant_type=client_credentials&client_id=a&client_secret=b", 400,
     "bad-request"),
    ("application/json", '{"grant_type": "client_credentials", "client_id": 5, "client_secret": "s"}', 422,
     "validation-failed"),
    ("application/json", "{not json", 400, "malformed-json"),
    ("text/plain", "grant_type=client_credentials", 422, "unsupported-content-type"),
])
def test_bad_token_requests(sandbox: AwsSandbox, content_type: str, body: str, status: int, code: str) -> None:
    answer = call("auth.IssueClientToken", content_type=content_type, body=body)
    assert (answer[0], answer[2]["code"]) == (status, code), answer
    if code == "validation-failed":
        assert all(e["path"].startswith("body.") for e in answer[2]["errors"])


def test_missing_secret_names_the_field(sandbox: AwsSandbox) -> None:
    _, _, problem = call("auth.IssueClientToken", content_type=FORM, body="grant_type=client_credentials&client_id=a")
    assert [e["path"] for e in problem["errors"]] == ["body.client_secret"]


def test_list_pages_newest_first_without_secrets(admin: str) -> None:
    made = [create_client(admin, f"w{n}")["client_id"] for n in range(3)]
    status, _, first = call("auth.ListClients", token=admin, query={"limit": "2"})
    assert status == 200
    assert [c["client_id"] for c in first["items"]] == made[:0:-1]
    assert all("client_secret" not in c and "secret_hash" not in c for c in first["items"])
    _, _, second = call("auth.ListClients", token=admin, query={"limit": "2", "cursor": first["next_cursor"]})
    assert [c["client_id"] for c in second["items"]] == made[:1]
    assert second["next_cursor"] is None
    key = {"gsi1pk": {"S": "USER#usr_a"}, "gsi1sk": {"S": "x"}, "pk": {"S": "x"}, "sk": {"S": "y"}}
    foreign = base64.urlsafe_b64encode(json.dumps(key).encode()).decode()  # the cursor format of old
    status, _, problem = call("auth.ListClients", token=admin, query={"cursor": foreign})
    assert (status, problem["code"]) == (400, "invalid-cursor")


def test_client_routes_are_for_admins_only(admin: str) -> None:
    user = session_token("user", "usr_01JD8Y3Q7Z000000000000USER")
    client = create_client(admin)
    worker = token_request(client["client_id"], client["client_secret"])[2]["access_token"]
    for token in (user, worker):
        assert call("auth.CreateClient", token=token, content_type="application/json",
                    body='{"name": "mine"}')[0] == 403
        assert call("auth.ListClients", token=token)[0] == 403
        assert call("auth.DisableClient", token=token, params={"client_id": client["client_id"]})[0] == 403


def test_register_client_internally_gives_working_credentials(sandbox: AwsSandbox) -> None:
    registered = AuthClient(STAGE, sandbox.clients).register_client(RegisterClientRequest(name="reference-worker"))
    status, _, token = token_request(registered.client_id, registered.client_secret)
    assert status == 200, token
    assert principal_context(token["access_token"])["kind"] == "worker"


def test_a_worker_token_is_refused_by_user_routes(admin: str) -> None:
    client = create_client(admin)
    worker = token_request(client["client_id"], client["client_secret"])[2]["access_token"]
    for name, params in (("users.GetUser", {"user_id": "me"}), ("users.GetUser", {"user_id": client["client_id"]}),
                         ("users.GetQuota", {"user_id": "me"})):
        status, _, problem = call(name, token=worker, params=params)
        assert (status, problem["code"]) == (403, "forbidden"), name
    status, _, _ = call("auth.CheckPermission", token=worker, content_type="application/json",
                        body='{"resource": "tasks", "action": "create"}')
    assert status == 403


DEMO = Service(name="demo", operations=(
    Operation("Claim", "tests.unit.test_auth_clients", method="POST", path="/api/v1/demo/claim", auth=Auth.WORKER),
))
claim_api = http_operation(DEMO, "Claim")


@claim_api.route
def claim() -> dict[str, str]:
    return {"worker": claim_api.principal().subject}


def test_worker_routes_refuse_user_tokens(admin: str) -> None:
    client = create_client(admin)
    worker = token_request(client["client_id"], client["client_secret"])[2]["access_token"]
    op = DEMO.operation("Claim")
    for token, expected in ((admin, 403), (session_token("user", "usr_01JD8Y3Q7Z000000000000USER"), 403),
                            (worker, 200)):
        result = claim_api.handler(event(op, token=token), FakeContext())
        assert result["statusCode"] == expected, result
    assert json.loads(claim_api.handler(event(op, token=worker), FakeContext())["body"]) == {
        "worker": client["client_id"]}
