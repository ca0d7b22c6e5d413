"""Secrets Manager rotation, driven the way the service drives a rotation function: four calls with
``{"SecretId": arn, "ClientRequestToken": token, "Step": step}`` for ``createSecret``, ``setSecret``,
``testSecret`` and ``finishSecret``. The function writes the pending value (``put_secret_value`` with
``VersionStages=["AWSPENDING"]`` and the token) and moves ``AWSCURRENT`` to it (``update_secret_version_stage``).

One difference from AWS: ``RotateSecret`` stages the token as an ``AWSPENDING`` version *before* the first
step; here it is not staged. moto would answer ``GetSecretValue`` on such a value-less version as if the
value existed (AWS answers ResourceNotFoundException), which makes a ``createSecret`` that checks "is the
pending value there already?" skip writing it. Rotation functions therefore accept an unstaged token in
``createSecret`` (AWS's own templates would refuse it).

moto also keeps answering ``GetSecretValue`` without a stage with the version the secret was created with
after ``update_secret_version_stage`` has moved ``AWSCURRENT``; ``follow_current_in_moto`` corrects that on
moto's in-process backend (the embedded server's and ``mock_aws``'s) after each rotation.

As CDK creates a rotated secret with a throw-away generated value and rotates it at once, a secret whose
only version is that first one is rotated when the platform starts.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from moto.secretsmanager.models import secretsmanager_backends

STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")
RunStep = Callable[[dict[str, Any]], Any]


def rotate_secret(run_step: RunStep, secret_id: str) -> str:
    """One rotation: the four steps in order with a new version id; returns that version id."""
    token = str(uuid.uuid4())
    for step in STEPS:
        run_step({"SecretId": secret_id, "ClientRequestToken": token, "Step": step})
    follow_current_in_moto(secret_id)
    return token


def follow_current_in_moto(secret_id: str) -> None:
    """Make moto's default version (what ``GetSecretValue`` without a stage returns) the ``AWSCURRENT`` one."""
    for regions in list(secretsmanager_backends.values()):
        for backend in list(regions.values()):
            if not backend._is_valid_identifier(secret_id):
                continue
            secret: Any = backend.secrets[secret_id]
            current = next((v for v, version in secret.versions.items() if "AWSCURRENT" in version["version_stages"]),
                           None)
            if current is not None:
                secret.set_default_version_id(current)


def never_rotated(secretsmanager: Any, secret_id: str) -> bool:
    """Only the version it was created with (a rotation leaves the previous one as ``AWSPREVIOUS``)."""
    versions = secretsmanager.describe_secret(SecretId=secret_id).get("VersionIdsToStages") or {}
    return len(versions) <= 1
