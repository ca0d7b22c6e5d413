"""Access-token issue and verification: signature, algorithm, expiry, key rotation overlap."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from design_agent import errors
from design_agent.tokens import KeySet, bearer, issue_access_token, verify_access_token

ISSUER = "design-agent"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def keys() -> KeySet:
    return KeySet().rotated(NOW, overlap_s=3600)


def _issue(keys: KeySet, ttl_s: int = 900, now: datetime | None = None) -> str:
    token, _ = issue_access_token(keys, subject="usr_1", role="user", session_id="ses_1", ttl_s=ttl_s,
                                  issuer=ISSUER, now=now or datetime.now(UTC))
    return token


def test_round_trip_carries_claims(keys: KeySet) -> None:
    claims = verify_access_token(_issue(keys), keys.find, issuer=ISSUER)
    assert (claims.sub, claims.role, claims.sid, claims.kind) == ("usr_1", "user", "ses_1", "user")
    assert jwt.get_unverified_header(_issue(keys))["kid"] == keys.current.kid


def test_expired_token_is_refused(keys: KeySet) -> None:
    token = _issue(keys, ttl_s=60, now=datetime.now(UTC) - timedelta(hours=1))
    with pytest.raises(errors.InvalidToken, match="expired"):
        verify_access_token(token, keys.find, issuer=ISSUER)


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_alg_none_is_refused(keys: KeySet) -> None:
    payload = jwt.decode(_issue(keys), options={"verify_signature": False})
    forged = f"{_b64({'alg': 'none', 'kid': keys.current.kid})}.{_b64(payload)}."
    with pytest.raises(errors.InvalidToken, match="algorithm"):
        verify_access_token(forged, keys.find, issuer=ISSUER)


def test_hs256_with_public_key_as_secret_is_refused(keys: KeySet) -> None:
    payload = jwt.decode(_issue(keys), options={"verify_signature": False})
    secret = "a-shared-secret-that-is-long-enough-for-hs256"
    forged = jwt.encode(payload, secret, algorithm="HS256", headers={"kid": keys.current.kid})
    with pytest.raises(errors.InvalidToken):
        verify_access_token(forged, keys.find, issuer=ISSUER)


def test_tampered_payload_is_refused(keys: KeySet) -> None:
    header, _, signature = _issue(keys).split(".")
    payload = jwt.decode(_issue(keys), options={"verify_signature": False}) | {"role": "admin"}
    with pytest.raises(errors.InvalidToken):
        verify_access_token(f"{header}.{_b64(payload)}.{signature}", keys.find, issuer=ISSUER)


def test_token_from_another_key_set_is_refused(keys: KeySet) -> None:
    stranger = KeySet().rotated(NOW, 0)
    with pytest.raises(errors.InvalidToken, match="unknown key"):
        verify_access_token(_issue(stranger), keys.find, issuer=ISSUER)


def test_rotation_keeps_previous_key_inside_overlap_only(keys: KeySet) -> None:
    inside = keys.rotated(NOW + timedelta(minutes=30), overlap_s=3600)
    assert [k.kid for k in inside.keys][1:] == [keys.current.kid]
    assert inside.current.kid != keys.current.kid
    later = inside.rotated(NOW + timedelta(hours=5), overlap_s=3600)
    assert len(later.keys) == 2  # the newest previous key survives so recent tokens still verify
    assert keys.current.kid not in {k.kid for k in later.keys}


def test_jwks_publishes_public_keys_only(keys: KeySet) -> None:
    jwks = keys.jwks()
    assert [k["kid"] for k in jwks["keys"]] == [keys.current.kid]
    assert {"kty", "crv", "x", "y", "alg"} <= set(jwks["keys"][0])
    assert "d" not in jwks["keys"][0]


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Bearer   "])
def test_bearer_header_must_be_well_formed(header: str | None) -> None:
    with pytest.raises(errors.Unauthorized):
        bearer(header)
