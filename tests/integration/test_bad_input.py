"""Bad input gets a clear 4xx (problem+json) and changes nothing."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
import requests

from tests.integration.conftest import Account, Platform, register_and_login


def _problem(response: requests.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == code
    assert response.json()["request_id"]


def test_malformed_json_is_400(platform: Platform) -> None:
    response = requests.post(platform.api("/api/v1/users/register"), data=b'{"email": "x@y.zz", ',
                             headers={"Content-Type": "application/json"}, timeout=10)
    _problem(response, 400, "malformed-json")


def test_wrong_types_are_422_with_field_paths(platform: Platform) -> None:
    response = requests.post(platform.api("/api/v1/users/register"),
                             json={"email": "not-an-email", "username": 42, "password": "short"}, timeout=10)
    _problem(response, 422, "validation-failed")
    assert {e["path"] for e in response.json()["errors"]} >= {"body.email", "body.username", "body.password"}


def test_unknown_fields_are_refused(platform: Platform) -> None:
    response = requests.post(platform.api("/api/v1/users/register"),
                             json={"email": "a@b.cc", "username": "abc", "password": "12345678", "role": "admin"},
                             timeout=10)
    _problem(response, 422, "validation-failed")


def test_oversize_body_is_413_before_any_function_runs(platform: Platform) -> None:
    response = requests.post(platform.api("/api/v1/users/register"), data=b"x" * (10 * 1024 * 1024 + 1),
                             headers={"Content-Type": "application/json"}, timeout=30)
    _problem(response, 413, "payload-too-large")


def test_duplicate_registration_is_409(platform: Platform, user: Account) -> None:
    response = requests.post(platform.api("/api/v1/users/register"),
                             json={"email": user.email, "username": "someone-else", "password": "12345678"},
                             timeout=10)
    _problem(response, 409, "already-exists")


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _forgeries(token: str) -> dict[str, str]:
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    h, _, sig = token.split(".")
    return {
        "alg-none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.",
        "hs256": jwt.encode(claims, "guessed-secret-guessed-secret-guessed", algorithm="HS256",
                            headers={"kid": header["kid"]}),
        "tampered-role": f"{h}.{_b64(claims | {'role': 'admin'})}.{sig}",
        "expired-resigned-unknown-key": jwt.encode(claims | {"exp": int(time.time()) - 60}, "x" * 32,
                                                   algorithm="HS256"),
        "garbage": "not.a.jwt",
    }


@pytest.mark.parametrize("kind", ["alg-none", "hs256", "tampered-role", "expired-resigned-unknown-key", "garbage"])
def test_forged_tokens_are_401(platform: Platform, user: Account, kind: str) -> None:
    token = _forgeries(user.access_token)[kind]
    response = requests.get(platform.api("/api/v1/users/me"), headers={"Authorization": f"Bearer {token}"},
                            timeout=10)
    _problem(response, 401, "invalid-token")


def test_missing_or_malformed_authorization_is_401(platform: Platform) -> None:
    _problem(requests.get(platform.api("/api/v1/users/me"), timeout=10), 401, "invalid-token")
    response = requests.get(platform.api("/api/v1/users/me"), headers={"Authorization": "Basic abc"}, timeout=10)
    _problem(response, 401, "invalid-token")


def test_expired_token_signed_with_the_real_key_is_401(platform: Platform, user: Account) -> None:
    """Mint a correctly signed token that expired a minute ago, with the platform's own current key."""
    from design_agent.keystore import parse_key_set
    from design_agent.spec import Secret

    from tests.integration.conftest import STAGE

    secret = platform.boto("secretsmanager").get_secret_value(
        SecretId=Secret("jwt-signing-keys").physical_name(STAGE), VersionStage="AWSCURRENT")
    key = parse_key_set(secret["SecretString"]).current
    claims = jwt.decode(user.access_token, options={"verify_signature": False})
    now = int(time.time())
    expired = jwt.encode(claims | {"iat": now - 1000, "exp": now - 60}, key.private_pem, algorithm="ES256",
                         headers={"kid": key.kid})
    still_valid = jwt.encode(claims | {"iat": now - 10, "exp": now + 600}, key.private_pem, algorithm="ES256",
                             headers={"kid": key.kid})
    assert requests.get(platform.api("/api/v1/users/me"), headers={"Authorization": f"Bearer {still_valid}"},
                        timeout=10).status_code == 200  # the minting is right: only the expiry differs
    response = requests.get(platform.api("/api/v1/users/me"), headers={"Authorization": f"Bearer {expired}"},
                            timeout=10)
    _problem(response, 401, "invalid-token")


def test_unknown_route_is_404_problem(platform: Platform) -> None:
    _problem(requests.get(platform.api("/api/v1/nothing-here"), timeout=10), 404, "not-found")


def test_wrong_password_then_lockout_with_retry_after(platform: Platform) -> None:
    account = register_and_login(platform, "lock")
    for _ in range(3):
        wrong = requests.post(platform.api("/api/v1/users/login"),
                              json={"email": account.email, "password": "wrong password"}, timeout=10)
        _problem(wrong, 401, "invalid-credentials")
    locked = requests.post(platform.api("/api/v1/users/login"),
                           json={"email": account.email, "password": account.password}, timeout=10)
    _problem(locked, 429, "too-many-requests")
    assert int(locked.headers["Retry-After"]) > 0
