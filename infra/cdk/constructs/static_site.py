"""A static web site: a private bucket that only CloudFront reads (origin access control), and the files of a
build deployed into it with a ``config.json`` of deploy-time values (BucketDeployment)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from aws_cdk import Duration
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.cdk.nag import acknowledge
from infra.cdk.settings import StageSettings


class StaticSite(Construct):
    """Files under ``/<prefix>/`` of a private, encrypted, TLS-only bucket, served over HTTPS by CloudFront alone;
    any path it does not hold answers ``/<prefix>/index.html`` (the page routes itself)."""

    def __init__(self, scope: Construct, construct_id: str, *, settings: StageSettings, bucket_name: str,
                 prefix: str) -> None:
        super().__init__(scope, construct_id)
        self.prefix = prefix
        logs = s3.Bucket(
            self, "AccessLogs", encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,  # CloudFront's standard logs need ACLs
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(settings.log_retention_days))],
            removal_policy=settings.removal_policy)
        acknowledge(logs, "AwsSolutions-S1", "this is the access log bucket of the site; logging it would recurse")
        self.bucket = s3.Bucket(
            self, "Bucket", bucket_name=bucket_name, encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=logs, server_access_logs_prefix="bucket/",
            removal_policy=settings.removal_policy)
        index = f"/{prefix}/index.html"
        self.distribution = cloudfront.Distribution(
            self, "Distribution",
            comment=f"{settings.name} web console",
            default_root_object=index.lstrip("/"),
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,  # follows the files' Cache-Control
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS),
            # the bucket answers 403 for a key it does not hold (no ListBucket): the page's own routes
            error_responses=[cloudfront.ErrorResponse(http_status=status, response_http_status=200,
                                                      response_page_path=index, ttl=Duration.seconds(0))
                             for status in (403, 404)],
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            enable_logging=True, log_bucket=logs, log_file_prefix="cdn/")
        acknowledge(self.distribution, "AwsSolutions-CFR1", "the console is used worldwide; no geo restriction")
        acknowledge(self.distribution, "AwsSolutions-CFR2",
                    "static files only (GET/HEAD); the API behind them has its own WAF rules")
        acknowledge(self.distribution, "AwsSolutions-CFR4",
                    "the default *.cloudfront.net certificate allows TLSv1 at minimum; a custom domain with "
                    "TLSv1.2_2021 is a per-deployment choice")
        self.origin = f"https://{self.distribution.distribution_domain_name}"


class SiteContent(Construct):
    """``build`` (a directory with an ``index.html``) and ``config.json`` under ``/<prefix>/`` of the site's
    bucket; CloudFront's copies of them are invalidated. Every file says ``no-cache`` (revalidated by ETag)."""

    def __init__(self, scope: Construct, construct_id: str, *, bucket: s3.IBucket,
                 distribution: cloudfront.IDistribution, build: Path, prefix: str, config: Mapping[str, str]) -> None:
        super().__init__(scope, construct_id)
        if not (build / "index.html").is_file():
            raise FileNotFoundError(f"{build} has no index.html: build the console first (make console)")
        self.deployment = s3deploy.BucketDeployment(
            self, "Files", destination_bucket=bucket, destination_key_prefix=f"{prefix}/",
            sources=[s3deploy.Source.asset(str(build)), s3deploy.Source.json_data("config.json", dict(config))],
            cache_control=[s3deploy.CacheControl.no_cache()],
            distribution=distribution, distribution_paths=[f"/{prefix}/*"], memory_limit=512)
