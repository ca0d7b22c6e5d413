"""The signing key set, read from Secrets Manager through Powertools Parameters (cached, max_age)."""

from __future__ import annotations

import json

from aws_lambda_powertools.utilities.parameters import SecretsProvider
from pydantic import ValidationError

from design_agent.clients import AwsClients, aws
from design_agent.tokens import KeySet


def parse_key_set(raw: str | bytes | None) -> KeySet:
    """The secret's value; anything that is not a key set (e.g. a freshly created secret) is empty."""
    if not raw:
        return KeySet()
    try:
        return KeySet.model_validate(json.loads(raw))
    except (ValueError, ValidationError):
        return KeySet()


class SecretKeyStore:
    def __init__(self, secret_id: str, *, max_age_s: int = 300, clients: AwsClients | None = None) -> None:
        self._secret_id = secret_id
        self._max_age = max_age_s
        self._provider = SecretsProvider(boto3_client=(clients or aws()).client("secretsmanager"))

    def load(self, force_refresh: bool = False) -> KeySet:
        # the stage is explicit: emulators may keep a stale default version after a rotation
        raw = self._provider.get(self._secret_id, max_age=self._max_age, force_fetch=force_refresh,
                                 VersionStage="AWSCURRENT")
        return parse_key_set(raw if isinstance(raw, str | bytes) else None)
