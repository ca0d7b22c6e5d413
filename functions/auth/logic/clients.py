"""Machine clients of the algorithm side and their OAuth2 client-credentials tokens (RFC 6749 §4.4).

A client holds a 256-bit random secret, shown once; only its SHA-256 is stored (docs/decisions.md, 16). Its
subject has a ``USER#<client_id>/STATUS`` item like a user's, so disabling it blocks its issued tokens at the
authorizer with no change there.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from design_agent import errors
from design_agent.clock import epoch_ms
from design_agent.contracts.auth import RegisterClientRequest
from design_agent.cursors import Page
from design_agent.ids import is_id, new_id
from design_agent.tokens import issue_access_token

from functions.auth.deps import AuthDeps
from functions.auth.models.api import ClientCredentials, ClientList, ClientOut, ClientToken, CreatedClient
from functions.auth.models.domain import MachineClient

WORKER = "worker"
_DUMMY_HASH = hashlib.sha256(b"no such client").hexdigest()  # compared against when the client is unknown


def hash_client_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def to_out(client: MachineClient) -> ClientOut:
    return ClientOut.model_validate(client.model_dump(exclude={"secret_hash"}))


def register_client(request: RegisterClientRequest, deps: AuthDeps) -> CreatedClient:
    """A new worker client (CreateClient over HTTP, RegisterClient internally); the secret is returned once."""
    secret = f"cs_{secrets.token_urlsafe(32)}"
    client = MachineClient(client_id=new_id("client"), name=request.name, description=request.description,
                           role=WORKER, secret_hash=hash_client_secret(secret), created_at=deps.clock())
    deps.repo.create_client(client)
    return CreatedClient(**to_out(client).model_dump(), client_secret=secret)


def list_clients(limit: int, page: Page, deps: AuthDeps) -> ClientList:
    clients, last = deps.repo.list_clients(limit, page.start)
    return ClientList(items=[to_out(c) for c in clients], next_cursor=page.next(last))


def disable_client(client_id: str, deps: AuthDeps) -> None:
    """No new tokens, and every token issued so far is refused by the authorizer. Disabling twice is fine."""
    if not is_id(client_id, "client"):
        raise errors.NotFound("No such client")
    now = deps.clock()
    deps.repo.disable_client(client_id, WORKER, now, revoke_tokens_at_ms=epoch_ms(now))


def issue_client_token(credentials: ClientCredentials, deps: AuthDeps) -> ClientToken:
    """The same answer for an unknown client, a wrong secret and a disabled client; the compare is constant-time."""
    client = deps.repo.get_client(credentials.client_id) if is_id(credentials.client_id, "client") else None
    matches = hmac.compare_digest(client.secret_hash if client else _DUMMY_HASH,
                                  hash_client_secret(credentials.client_secret))
    if client is None or not matches or client.status != "active":
        raise errors.InvalidClient()
    ttl = deps.settings.client_token_ttl_s
    token, _ = issue_access_token(deps.keys.load(), subject=client.client_id, role=client.role, session_id=None,
                                  ttl_s=ttl, issuer=deps.settings.token_issuer, now=deps.clock(), kind="worker")
    return ClientToken(access_token=token, expires_in=ttl)
