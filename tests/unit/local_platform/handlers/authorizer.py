from typing import Any

from tests.unit.local_platform.handlers import SEEN


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """``Bearer good`` is allowed, ``Bearer denied`` denied, anything else refused."""
    token = event["headers"].get("Authorization", "")
    SEEN.append(("authorizer", token))
    if token == "Bearer good":
        effect = "Allow"
    elif token == "Bearer denied":
        effect = "Deny"
    else:
        raise PermissionError("Unauthorized")
    arn = event["methodArn"].rsplit("/", 2)[0] + "/*/*"  # cover every route, as a cached policy must
    return {"principalId": "usr_1", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": arn}]},
        "context": {"role": "user", "exp": 1900000000, "admin": False}}
