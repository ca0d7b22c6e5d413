"""Signing-key rotation, driven by Secrets Manager's four-step rotation protocol.

``createSecret`` stages a key set with a new key in front and the keys still inside
the overlap window behind it (so tokens signed by the previous key keep verifying);
``testSecret`` signs and verifies with it; ``finishSecret`` makes it current.
"""

from __future__ import annotations

from typing import Any, Literal

from botocore.exceptions import ClientError
from design_agent.clock import Clock
from design_agent.dynamo import error_code
from design_agent.keystore import parse_key_set
from design_agent.tokens import issue_access_token, verify_access_token

Step = Literal["createSecret", "setSecret", "testSecret", "finishSecret"]


class KeyRotation:
    def __init__(self, secrets_client: Any, clock: Clock, overlap_s: int, issuer: str) -> None:
        self._sm = secrets_client
        self._clock = clock
        self._overlap = overlap_s
        self._issuer = issuer

    def run(self, secret_id: str, token: str, step: Step) -> None:
        meta = self._sm.describe_secret(SecretId=secret_id)
        stages = meta.get("VersionIdsToStages", {})
        if token not in stages and step != "createSecret":
            raise ValueError(f"version {token} is not staged for rotation of {secret_id}")
        if "AWSCURRENT" in stages.get(token, []):
            return  # already finished (Secrets Manager may retry a step)
        getattr(self, f"_{step}")(secret_id, token, stages)

    def _createSecret(self, secret_id: str, token: str, stages: dict[str, list[str]]) -> None:  # noqa: N802
        try:
            if self._sm.get_secret_value(SecretId=secret_id, VersionId=token).get("SecretString"):
                return  # the pending value exists already (a retried step)
        except ClientError as exc:
            if error_code(exc) != "ResourceNotFoundException":
                raise
        current = self._current(secret_id)
        rotated = current.rotated(self._clock(), self._overlap)
        self._sm.put_secret_value(SecretId=secret_id, ClientRequestToken=token,
                                  SecretString=rotated.model_dump_json(), VersionStages=["AWSPENDING"])

    def _setSecret(self, secret_id: str, token: str, stages: dict[str, list[str]]) -> None:  # noqa: N802
        """Nothing to configure elsewhere: verifiers read the secret itself."""

    def _testSecret(self, secret_id: str, token: str, stages: dict[str, list[str]]) -> None:  # noqa: N802
        raw = self._sm.get_secret_value(SecretId=secret_id, VersionId=token, VersionStage="AWSPENDING")
        pending = parse_key_set(raw.get("SecretString"))
        signed, _ = issue_access_token(pending, subject="rotation-test", role="user", session_id=None, ttl_s=60,
                                       issuer=self._issuer)
        verify_access_token(signed, pending.find, issuer=self._issuer)

    def _finishSecret(self, secret_id: str, token: str, stages: dict[str, list[str]]) -> None:  # noqa: N802
        current = next((v for v, s in stages.items() if "AWSCURRENT" in s), None)
        moved = {"RemoveFromVersionId": current} if current else {}
        self._sm.update_secret_version_stage(SecretId=secret_id, VersionStage="AWSCURRENT", MoveToVersionId=token,
                                             **moved)

    def _current(self, secret_id: str) -> Any:
        try:
            raw = self._sm.get_secret_value(SecretId=secret_id, VersionStage="AWSCURRENT")
        except ClientError as exc:
            if error_code(exc) != "ResourceNotFoundException":
                raise
            raw = {}
        return parse_key_set(raw.get("SecretString"))
