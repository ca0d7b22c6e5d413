"""A CloudFormation custom resource (deploy time only): a new RSA key pair for the files CDN's signed URLs.

Create (and an Update that changes ``Generation``, i.e. a key rotation) writes the private key to the secret and
answers the public key, which the stack turns into a CloudFront public key in the distribution's key group. The
private key exists only in the secret: never in the template, the code or the response. Delete does nothing (the
secret is its own resource)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import boto3
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def _answer(event: dict[str, Any], context: Any, status: str, data: dict[str, str], reason: str = "") -> None:
    body = json.dumps({"Status": status, "Reason": reason or f"see {context.log_stream_name}",
                       "PhysicalResourceId": event.get("PhysicalResourceId") or event["LogicalResourceId"],
                       "StackId": event["StackId"], "RequestId": event["RequestId"],
                       "LogicalResourceId": event["LogicalResourceId"], "NoEcho": True, "Data": data}).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",  # noqa: S310 - CloudFormation's
                                     headers={"Content-Type": "", "Content-Length": str(len(body))})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        response.read()


def handler(event: dict[str, Any], context: Any) -> None:
    try:
        data: dict[str, str] = {}
        if event["RequestType"] in ("Create", "Update"):
            private, public = _key_pair()
            boto3.client("secretsmanager").put_secret_value(SecretId=event["ResourceProperties"]["SecretId"],
                                                            SecretString=private)
            data = {"PublicKey": public}
        _answer(event, context, "SUCCESS", data)
    except Exception as exc:  # CloudFormation waits an hour for an answer that never comes otherwise
        _answer(event, context, "FAILED", {}, reason=f"{type(exc).__name__}: {exc}")
