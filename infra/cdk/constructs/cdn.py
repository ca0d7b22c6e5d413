"""What the files CDN serves and how: only signed URLs (a key group whose private key lives in Secrets Manager),
cached at most ``MAX_TTL`` (so a deleted file stops being served within that time), with response headers that
keep user content from running in a browser."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CustomResource, Duration, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct
from design_agent.spec import PROJECT

from infra.cdk.constructs.operation_function import RUNTIME
from infra.cdk.nag import acknowledge
from infra.cdk.settings import StageSettings

ASSETS = Path(__file__).resolve().parents[1] / "assets"
# a deleted file is served from edge caches at most this long (after that CloudFront asks the bucket: 403)
MAX_TTL = Duration.minutes(5)
# user content never runs: no scripts, no plugins, no framing, a sandbox of its own even when opened directly
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
                           "font-src 'self'; sandbox; frame-ancestors 'none'")


class CdnSigningKey(Construct):
    """An RSA key pair made at deployment by a custom resource: the private key goes into a secret of this stack,
    the public key into a CloudFront public key and a key group. ``generation`` in cdk.json-free code: bump it
    (``GENERATION``) to rotate the key pair with a deployment."""

    GENERATION = "1"

    def __init__(self, scope: Construct, construct_id: str, *, settings: StageSettings,
                 layer: lambda_.ILayerVersion) -> None:
        super().__init__(scope, construct_id)
        self.secret_name = f"{PROJECT}/{settings.name}/cdn-signing-key"
        self.secret = secretsmanager.Secret(
            self, "Secret", secret_name=self.secret_name,
            description="storage: the private key of the files CDN's key group (written at deployment)",
            removal_policy=settings.removal_policy)
        acknowledge(self.secret, "AwsSolutions-SMG4",
                    "a key pair with its public half in CloudFront: rotated by a deployment that bumps "
                    "CdnSigningKey.GENERATION (a new public key in the key group), not by Secrets Manager")
        generator = lambda_.Function(
            self, "Generator", runtime=RUNTIME, architecture=lambda_.Architecture.ARM_64,
            handler="index.handler", code=lambda_.Code.from_asset(str(ASSETS / "cdn_signing_key")),
            layers=[layer], timeout=Duration.seconds(60), memory_size=256,
            tracing=lambda_.Tracing.ACTIVE if settings.tracing else lambda_.Tracing.DISABLED,
            description="deploy time: a key pair for the files CDN's signed URLs")
        generator.add_to_role_policy(iam.PolicyStatement(actions=["secretsmanager:PutSecretValue"],
                                                         resources=[self.secret.secret_arn]))
        if settings.tracing:
            acknowledge(generator, "AwsSolutions-IAM5[Resource::*]",
                        "X-Ray PutTraceSegments/PutTelemetryRecords accept only Resource '*'")
        acknowledge(generator, "AwsSolutions-L1",
                    f"{RUNTIME.name} on purpose: it runs with the shared layer, whose wheels are built for it")
        acknowledge(generator, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                               "AWSLambdaBasicExecutionRole]",
                    "a deploy-time helper that writes its own logs and nothing else besides the one secret")
        key_pair = CustomResource(self, "KeyPair", service_token=generator.function_arn,
                                  resource_type="Custom::CdnSigningKey",
                                  properties={"SecretId": self.secret.secret_arn, "Generation": self.GENERATION})
        self.public_key = cloudfront.PublicKey(
            self, "PublicKey", encoded_key=key_pair.get_att_string("PublicKey"),
            comment=f"{settings.name}: files CDN signed URLs, generation {self.GENERATION}")
        self.key_group = cloudfront.KeyGroup(self, "KeyGroup", items=[self.public_key],
                                             comment=f"{settings.name}: who may sign files CDN URLs")

    def grant_signing(self, function: lambda_.Function) -> None:
        """Let ``function`` sign URLs: the key pair id and the secret's name in its environment, read access."""
        function.add_environment("CDN_KEY_PAIR_ID", self.public_key.public_key_id)
        function.add_environment("CDN_SIGNING_KEY_SECRET_ID", self.secret_name)
        self.secret.grant_read(function)


def response_headers(scope: Construct, name: str) -> cloudfront.ResponseHeadersPolicy:
    """``nosniff``, a content security policy that lets nothing run, no framing, no referrer, HSTS."""
    stack = Stack.of(scope)
    return cloudfront.ResponseHeadersPolicy(
        scope, f"UserContentHeaders-{name}", response_headers_policy_name=f"{stack.stack_name}-{name}-user-content",
        comment="user content never executes in a browser",
        security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
            content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
            content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                content_security_policy=CONTENT_SECURITY_POLICY, override=True),
            frame_options=cloudfront.ResponseHeadersFrameOptions(
                frame_option=cloudfront.HeadersFrameOption.DENY, override=True),
            referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                referrer_policy=cloudfront.HeadersReferrerPolicy.NO_REFERRER, override=True),
            strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                access_control_max_age=Duration.days(365), include_subdomains=True, override=True)))


def short_cache(scope: Construct, name: str) -> cloudfront.CachePolicy:
    """Objects by path only (the signature is not part of the key), kept at most ``MAX_TTL``."""
    stack = Stack.of(scope)
    return cloudfront.CachePolicy(
        scope, f"ShortCache-{name}", cache_policy_name=f"{stack.stack_name}-{name}-files",
        comment=f"deleted files leave the edge within {MAX_TTL.to_minutes()} minutes",
        default_ttl=MAX_TTL, max_ttl=MAX_TTL, min_ttl=Duration.seconds(0),
        query_string_behavior=cloudfront.CacheQueryStringBehavior.none(),
        header_behavior=cloudfront.CacheHeaderBehavior.none(),
        cookie_behavior=cloudfront.CacheCookieBehavior.none(),
        enable_accept_encoding_gzip=True, enable_accept_encoding_brotli=True)
