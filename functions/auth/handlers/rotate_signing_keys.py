"""Secrets Manager rotation function of the JWT signing key set."""

from typing import Any

from design_agent.clients import aws
from design_agent.clock import utcnow
from design_agent.observability import observed
from design_agent.settings import Settings

from functions.auth.logic.keys import KeyRotation


@observed("auth", correlation_id_path="ClientRequestToken", operation="RotateSigningKeys")
def handler(event: dict[str, Any], context: Any) -> None:
    settings = Settings.from_env()
    rotation = KeyRotation(aws().client("secretsmanager"), utcnow, settings.key_overlap_s, settings.token_issuer)
    rotation.run(event["SecretId"], event["ClientRequestToken"], event["Step"])
