"""Machine clients over HTTP: an admin creates one, it gets client-credentials tokens, disabling it ends them."""

from __future__ import annotations

import re
from typing import Any

import requests

from tests.integration.conftest import Account, Platform

TOKEN = "/api/v1/auth/token"


def create_client(platform: Platform, admin: Account, name: str = "gpu-worker") -> dict[str, Any]:
    response = requests.post(platform.api("/api/v1/auth/clients"), headers=admin.auth,
                             json={"name": name, "description": "integration test"}, timeout=10)
    assert response.status_code == 201, response.text
    return dict(response.json())


def token_request(platform: Platform, client_id: str, secret: str) -> requests.Response:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    return requests.post(platform.api(TOKEN), data=form, timeout=10)  # application/x-www-form-urlencoded


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_client_gets_a_worker_token_until_it_is_disabled(platform: Platform, admin: Account) -> None:
    client = create_client(platform, admin)
    answer = token_request(platform, client["client_id"], client["client_secret"])
    assert answer.status_code == 200, answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    token = answer.json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] > 0

    verified = requests.post(platform.api("/api/v1/auth/verify"), json={"token": token["access_token"]}, timeout=10)
    assert verified.status_code == 200, verified.text
    assert verified.json()["kind"] == "worker"
    assert verified.json()["subject"] == client["client_id"]
    # past the authorizer, but a user route has no use for a worker
    me = requests.get(platform.api("/api/v1/users/me"), headers=bearer(token["access_token"]), timeout=10)
    assert (me.status_code, me.json()["code"]) == (403, "forbidden")

    listed = requests.get(platform.api("/api/v1/auth/clients"), headers=admin.auth, timeout=10).json()
    assert client["client_id"] in [c["client_id"] for c in listed["items"]]
    assert all("client_secret" not in c for c in listed["items"])

    disabled = requests.delete(platform.api(f"/api/v1/auth/clients/{client['client_id']}"), headers=admin.auth,
                               timeout=10)
    assert disabled.status_code == 204, disabled.text
    refused = token_request(platform, client["client_id"], client["client_secret"])
    assert (refused.status_code, refused.json()["code"]) == (401, "invalid_client")
    # the token issued before is refused by the authorizer (API Gateway's 401, the function never runs)
    old = requests.get(platform.api("/api/v1/users/me"), headers=bearer(token["access_token"]), timeout=10)
    assert old.status_code == 401
    again = requests.post(platform.api("/api/v1/auth/verify"), json={"token": token["access_token"]}, timeout=10)
    assert again.status_code == 401


def test_wrong_secret_basic_auth_and_unknown_ids(platform: Platform, admin: Account) -> None:
    client = create_client(platform, admin)
    wrong = token_request(platform, client["client_id"], "cs_not-the-secret")
    assert (wrong.status_code, wrong.json()["code"], wrong.json()["error"]) == (401, "invalid_client",
                                                                               "invalid_client")
    assert wrong.headers["Content-Type"] == "application/problem+json"
    basic = requests.post(platform.api(TOKEN), data={"grant_type": "client_credentials"},
                          auth=(client["client_id"], client["client_secret"]), timeout=10)
    assert basic.status_code == 200, basic.text
    grant = requests.post(platform.api(TOKEN), data={"grant_type": "password", "client_id": client["client_id"],
                                                     "client_secret": client["client_secret"]}, timeout=10)
    assert (grant.status_code, grant.json()["code"]) == (400, "unsupported_grant_type")
    unknown = requests.delete(platform.api("/api/v1/auth/clients/cli_01JD8Y3Q7Z0000000000000000"),
                              headers=admin.auth, timeout=10)
    assert unknown.status_code == 404


def test_users_cannot_manage_clients(platform: Platform, user: Account) -> None:
    created = requests.post(platform.api("/api/v1/auth/clients"), headers=user.auth, json={"name": "mine"},
                            timeout=10)
    assert (created.status_code, created.json()["code"]) == (403, "forbidden")
    assert requests.get(platform.api("/api/v1/auth/clients"), headers=user.auth, timeout=10).status_code == 403


def test_the_platform_registered_the_reference_worker(platform: Platform) -> None:
    log = platform.log_path.read_text()
    # printed by the reference_worker_client hook, or by the hook that also starts worker processes
    found = re.search(r"client_id: (cli_\w+)\s+client_secret(?: \(shown once\))?: (\S+)", log)
    assert found, log[-3000:]
    answer = token_request(platform, found[1], found[2])
    assert answer.status_code == 200, answer.text
