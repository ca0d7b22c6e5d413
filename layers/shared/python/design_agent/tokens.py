"""Access tokens: ES256 JWTs with a ``kid``, verified against the signing key set.

Shared by the API Gateway authorizer, the token-verify endpoint and (later) the
WebSocket ``$connect``. Revocation is a separate check (``revocations.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import BaseModel, Field, ValidationError

from design_agent import errors
from design_agent.clock import epoch_ms
from design_agent.ids import new_id

ALGORITHM = "ES256"
AUDIENCE = "design-agent-api"


class SigningKey(BaseModel):
    kid: str
    created_at: datetime
    private_pem: str | None = None
    public_pem: str


class KeySet(BaseModel):
    """What the Secrets Manager secret holds: newest key first."""

    keys: list[SigningKey] = Field(default_factory=list)

    @property
    def current(self) -> SigningKey:
        if not self.keys:
            raise errors.AppError("No signing key is configured")
        return max(self.keys, key=lambda k: k.created_at)

    def find(self, kid: str) -> SigningKey | None:
        return next((k for k in self.keys if k.kid == kid), None)

    def rotated(self, now: datetime, overlap_s: int) -> KeySet:
        """A new key in front; older keys stay for the overlap window so issued tokens verify."""
        fresh = generate_key(now)
        keep = [k for k in self.keys if (now - k.created_at).total_seconds() <= overlap_s]
        if self.keys and not keep:
            keep = [self.current]  # never drop the key that signed the most recent tokens
        return KeySet(keys=[fresh, *keep])

    def jwks(self) -> dict[str, Any]:
        out = []
        for key in self.keys:
            public = serialization.load_pem_public_key(key.public_pem.encode())
            assert isinstance(public, ec.EllipticCurvePublicKey)
            jwk = jwt.algorithms.ECAlgorithm.to_jwk(public, as_dict=True)
            out.append({**jwk, "kid": key.kid, "use": "sig", "alg": ALGORITHM})
        return {"keys": out}


def generate_key(now: datetime) -> SigningKey:
    private = ec.generate_private_key(ec.SECP256R1())
    return SigningKey(
        kid=new_id("key"),
        created_at=now,
        private_pem=private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()).decode(),
        public_pem=private.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo).decode(),
    )


class AccessClaims(BaseModel):
    sub: str
    role: str
    sid: str | None = None  # session id (absent for machine clients)
    jti: str
    iat: int
    exp: int
    kind: Literal["user", "worker"] = "user"
    # the issue time in milliseconds: a revocation compares against it, so a token issued right after a revocation
    # (a login after a role change, a block and unblock) is never refused for falling in the same second
    iat_ms: int | None = None

    @property
    def issued_at_ms(self) -> int:
        """When it was issued, in epoch ms (a token without ``iat_ms`` counts from the start of its second)."""
        return self.iat_ms if self.iat_ms is not None else self.iat * 1000


def issue_access_token(keys: KeySet, *, subject: str, role: str, session_id: str | None, ttl_s: int,
                       issuer: str, now: datetime | None = None,
                       kind: Literal["user", "worker"] = "user") -> tuple[str, AccessClaims]:
    now = now or datetime.now(UTC)
    key = keys.current
    if key.private_pem is None:
        raise errors.AppError("The current signing key has no private part")
    iat_ms = epoch_ms(now)
    iat = iat_ms // 1000
    claims = AccessClaims(sub=subject, role=role, sid=session_id, jti=new_id("session").replace("ses_", "jti_"),
                          iat=iat, exp=iat + ttl_s, kind=kind, iat_ms=iat_ms)
    payload = {**claims.model_dump(exclude_none=True), "iss": issuer, "aud": AUDIENCE}
    token = jwt.encode(payload, key.private_pem, algorithm=ALGORITHM, headers={"kid": key.kid})
    return token, claims


KeyResolver = Callable[[str], SigningKey | None]  # kid -> its key: ``KeySet.find``, or ``SecretKeyStore.key``
# (which refetches the set for a kid it does not know, at most once per interval, and remembers misses)


def verify_access_token(token: str, resolve_key: KeyResolver, *, issuer: str, leeway_s: int = 5) -> AccessClaims:
    """Signature, algorithm (ES256 only: ``alg=none`` and HS256 confusion are refused), expiry, issuer."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise errors.InvalidToken("The token is malformed") from exc
    if header.get("alg") != ALGORITHM:
        raise errors.InvalidToken("The token's algorithm is not accepted")
    kid = header.get("kid")
    if not isinstance(kid, str):
        raise errors.InvalidToken("The token has no key id")
    key = resolve_key(kid)
    if key is None:
        raise errors.InvalidToken("The token was signed by an unknown key")
    try:
        payload = jwt.decode(token, key.public_pem, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=issuer,
                             leeway=leeway_s, options={"require": ["exp", "iat", "sub", "jti"]})
    except jwt.ExpiredSignatureError as exc:
        raise errors.InvalidToken("The token has expired") from exc
    except jwt.PyJWTError as exc:
        raise errors.InvalidToken("The token is invalid") from exc
    try:
        return AccessClaims.model_validate(payload)
    except ValidationError as exc:
        raise errors.InvalidToken("The token's claims are incomplete") from exc


def bearer(header_value: str | None) -> str:
    if not header_value:
        raise errors.Unauthorized("Authorization header is missing")
    scheme, _, value = header_value.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise errors.InvalidToken("Authorization must be 'Bearer <token>'")
    return value.strip()
