"""CloudFront signed URLs for the files distribution (stages with a CDN): a canned policy that ends at the
URL's stated expiry, signed with the key group's private key, which lives in Secrets Manager only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from urllib.parse import quote

from aws_lambda_powertools.utilities.parameters import SecretsProvider
from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from design_agent.clients import AwsClients, aws

KEY_CACHE_S = 900


@cache
def _provider(clients: AwsClients) -> SecretsProvider:
    return SecretsProvider(boto3_client=clients.client("secretsmanager"))


class CdnUrls:
    def __init__(self, domain: str, key_pair_id: str, private_key_pem: Callable[[], str]) -> None:
        self._domain = domain
        self._key_pair_id = key_pair_id
        self._pem = private_key_pem  # read when a URL is made (most storage functions never make one)
        self._signer: tuple[str, CloudFrontSigner] | None = None

    @classmethod
    def load(cls, domain: str, key_pair_id: str, secret_id: str, clients: AwsClients | None = None) -> CdnUrls:
        provider = _provider(clients or aws())

        def pem() -> str:
            value = provider.get(secret_id, max_age=KEY_CACHE_S)
            if not isinstance(value, str):
                raise ValueError("the CDN signing key secret has no value")
            return value

        return cls(domain, key_pair_id, pem)

    def url(self, key: str, expires_at: datetime) -> str:
        """A URL of ``key`` that CloudFront serves until ``expires_at`` and refuses (403) after."""
        return self._signer_now().generate_presigned_url(  # type: ignore[no-any-return]
            f"https://{self._domain}/{quote(key)}", date_less_than=expires_at)

    def _signer_now(self) -> CloudFrontSigner:
        pem = self._pem()
        if self._signer is None or self._signer[0] != pem:  # first use, or the secret changed
            key = serialization.load_pem_private_key(pem.encode(), password=None)
            if not isinstance(key, rsa.RSAPrivateKey):
                raise ValueError("the CDN signing key is not an RSA private key")
            # CloudFront verifies RSA-SHA1 signatures of the policy (its documented scheme for key groups)
            sign: Callable[[bytes], bytes] = lambda message: key.sign(  # noqa: E731
                message, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
            self._signer = (pem, CloudFrontSigner(self._key_pair_id, sign))
        return self._signer[1]
