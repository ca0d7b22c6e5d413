"""A rotation function shaped like AWS's templates (apart from accepting an unstaged token in createSecret,
see local_platform.secret_rotation)."""

import json
from typing import Any

import boto3

from tests.unit.local_platform.handlers import SEEN


def handler(event: dict[str, Any], context: Any) -> None:
    sm = boto3.client("secretsmanager")
    arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
    versions = sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
    SEEN.append(("rotation", step, versions.get(token)))
    if step == "createSecret":
        raw = sm.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"]
        try:
            generation = json.loads(raw)["generation"]
        except (ValueError, KeyError, TypeError):  # the throw-away value the secret was created with
            generation = 0
        sm.put_secret_value(SecretId=arn, ClientRequestToken=token, VersionStages=["AWSPENDING"],
                            SecretString=json.dumps({"key": token, "generation": generation + 1}))
    elif "AWSPENDING" not in versions.get(token, []):
        raise ValueError(f"version {token} is not pending")
    elif step == "finishSecret":
        current = next(v for v, stages in versions.items() if "AWSCURRENT" in stages)
        sm.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token,
                                       RemoveFromVersionId=current)
