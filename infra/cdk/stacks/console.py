"""The stage's web console (``web/``) as a static site, in two stacks so that nothing waits on itself:

- the site (bucket + CloudFront) deploys first: its address is the origin every other stack's CORS allows;
- its content (the build and a ``config.json`` with the stage's API and WebSocket URLs) deploys last, when those
  URLs exist. Both reach each other's ids through SSM parameters (``infra.cdk.references``), never exports."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CfnOutput, Fn, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_s3 as s3
from constructs import Construct
from design_agent.spec import resource_name

from infra.cdk import references
from infra.cdk.constructs.static_site import SiteContent, StaticSite
from infra.cdk.nag import acknowledge
from infra.cdk.settings import StageSettings

BUILD = Path(__file__).resolve().parents[3] / "web" / "dist"
PREFIX = "console"  # the console's base path (web/vite.config.ts), as the local platform serves it


def site_bucket_name(stack: Stack, stage: str) -> str:
    return f"{resource_name(stage, 'console')}-{stack.account}"


class ConsoleSiteStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, settings: StageSettings, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.site = StaticSite(self, "Site", settings=settings, bucket_name=site_bucket_name(self, settings.name),
                               prefix=PREFIX)
        reader = "the stacks whose CORS allows the console"
        references.publish(self, settings.name, references.CONSOLE_ORIGIN, self.site.origin, reader)
        references.publish(self, settings.name, references.CONSOLE_DISTRIBUTION_ID,
                           self.site.distribution.distribution_id, "the console content stack (invalidations)")
        CfnOutput(self, "ConsoleUrl", value=f"{self.site.origin}/{PREFIX}/", description="the web console")


class ConsoleContentStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, settings: StageSettings, build: Path = BUILD,
                 **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        stage = settings.name
        origin = references.resolved(self, stage, references.CONSOLE_ORIGIN)
        distribution = cloudfront.Distribution.from_distribution_attributes(
            self, "Distribution", domain_name=Fn.select(2, Fn.split("/", origin)),
            distribution_id=references.resolved(self, stage, references.CONSOLE_DISTRIBUTION_ID))
        api_id = references.resolved(self, stage, references.REST_API_ID)
        config = {"apiUrl": f"https://{api_id}.execute-api.{self.region}.{self.url_suffix}/{stage}",
                  "wsUrl": references.resolved(self, stage, references.WEBSOCKET_URL), "stage": stage}
        self.content = SiteContent(
            self, "Content", bucket=s3.Bucket.from_bucket_name(self, "SiteBucket", site_bucket_name(self, stage)),
            distribution=distribution, build=build, prefix=PREFIX, config=config)
        CfnOutput(self, "ConsoleUrl", value=f"{origin}/{PREFIX}/", description="the web console, as deployed here")
        for child in self.node.children:  # the deployment's provider function sits at the stack's root
            if child.node.id.startswith("Custom::CDKBucketDeployment"):
                acknowledge(child, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                   "AWSLambdaBasicExecutionRole]",
                            "CDK's BucketDeployment provider: a deploy-time function that writes its own logs")
                acknowledge(child, "AwsSolutions-L1", "CDK's BucketDeployment provider pins its own runtime")
                for finding in (*(f"Action::s3:{action}*" for action in ("GetBucket", "GetObject", "List", "Abort",
                                                                         "DeleteObject")),
                                "Resource::*",
                                "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-"
                                "<AWS::Region>/*",
                                f"Resource::arn:<AWS::Partition>:s3:::{resource_name(stage, 'console')}-"
                                "<AWS::AccountId>/*"):
                    acknowledge(child, f"AwsSolutions-IAM5[{finding}]",
                                "CDK's BucketDeployment provider: it reads the build from the CDK asset bucket, "
                                "writes and prunes the console's prefix of the site bucket, and invalidates the "
                                "distribution (CloudFront invalidations have no resource-level permission)")
