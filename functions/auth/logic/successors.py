"""A refresh token's successor, sealed so that only whoever presents the token can read it back.

Rotation stores the successor on the used token's record, encrypted with AES-GCM under a key derived (HKDF) from
the used token itself, which the server never stores (only its SHA-256). A replay inside the grace window — the
same client retrying, or parallel refreshes — opens it and gets the same successor back, so one family never
forks into two live chains; the table alone (a backup, a leaked export) reveals no live token.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_INFO = b"design-agent refresh-token successor v1"
_NONCE_BYTES = 12


def _key(presented: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(presented.encode())


def seal(presented: str, successor: str, session_id: str) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_key(presented)).encrypt(nonce, successor.encode(), session_id.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def open_sealed(presented: str, sealed: str, session_id: str) -> str | None:
    """The successor, or None if ``sealed`` was not made for this token and session."""
    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
        return AESGCM(_key(presented)).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], session_id.encode()).decode()
    except (ValueError, InvalidTag):
        return None
