"""The web console as a static site: a private bucket read by CloudFront alone (origin access control), the build
and a config.json of the stage's API and WebSocket URLs deployed into it, and its origin allowed by CORS."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk.assertions import Match
from design_agent.spec import resource_name

from infra.cdk.references import CONSOLE_ORIGIN, REST_API_ID, WEBSOCKET_URL, platform_parameter
from tests.infra.conftest import Synth


def _resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == kind}


def _ssm_parameter_ref(template: dict[str, Any], name: str) -> dict[str, str]:
    [logical_id] = [k for k, p in template.get("Parameters", {}).items() if p.get("Default") == name]
    return {"Ref": logical_id}


def test_site_bucket_is_private_and_read_through_origin_access_control(dev: Synth) -> None:
    template = dev.template(resource_name(dev.stage, "console"))
    raw = dev.templates()[resource_name(dev.stage, "console")]
    template.has_resource_properties("AWS::S3::Bucket", {
        "BucketName": {"Fn::Join": ["", [f"design-agent-{dev.stage}-console-", {"Ref": "AWS::AccountId"}]]},
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        "BucketEncryption": Match.any_value(),
        "LoggingConfiguration": Match.any_value(),
    })
    template.resource_count_is("AWS::CloudFront::OriginAccessControl", 1)
    template.has_resource_properties("AWS::CloudFront::OriginAccessControl", {"OriginAccessControlConfig": {
        "OriginAccessControlOriginType": "s3", "SigningBehavior": "always", "SigningProtocol": "sigv4",
        "Name": Match.any_value()}})
    [distribution] = _resources(raw, "AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    [origin] = config["Origins"]
    assert "OriginAccessControlId" in origin
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # no legacy identity, no website endpoint
    assert config["DefaultRootObject"] == "console/index.html"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert {(e["ErrorCode"], e["ResponseCode"], e["ResponsePagePath"]) for e in config["CustomErrorResponses"]} == {
        (403, 200, "/console/index.html"), (404, 200, "/console/index.html")}
    # the bucket policy: CloudFront's service principal for this distribution only, and a TLS-only deny
    [site_bucket] = [k for k, r in _resources(raw, "AWS::S3::Bucket").items() if "BucketName" in r["Properties"]]
    [policy] = [r for r in _resources(raw, "AWS::S3::BucketPolicy").values()
                if r["Properties"]["Bucket"] == {"Ref": site_bucket}]
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    allows = [s for s in statements if s["Effect"] == "Allow"]
    assert allows, statements
    for statement in allows:
        assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
        assert "AWS:SourceArn" in statement["Condition"]["StringEquals"]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
               for s in statements)


def test_content_is_the_build_and_a_config_with_the_stage_urls(dev: Synth) -> None:
    raw = dev.templates()[resource_name(dev.stage, "console-content")]
    [deployment] = [r["Properties"] for r in raw["Resources"].values()
                    if r["Type"] == "Custom::CDKBucketDeployment"]
    assert deployment["DestinationBucketKeyPrefix"] == "console/"
    assert deployment["DistributionPaths"] == ["/console/*"]
    assert len(deployment["SourceObjectKeys"]) == 2  # web/dist and config.json
    markers = json.dumps(deployment["SourceMarkers"])
    rest_api = _ssm_parameter_ref(raw, platform_parameter(dev.stage, REST_API_ID))
    websocket = _ssm_parameter_ref(raw, platform_parameter(dev.stage, WEBSOCKET_URL))
    assert json.dumps(rest_api) in markers
    assert '.execute-api.", {"Ref": "AWS::Region"}' in markers
    assert f'"/{dev.stage}\\""' in markers
    assert json.dumps(websocket) in markers
    [config_asset] = [key for key, found in zip(deployment["SourceObjectKeys"], deployment["SourceMarkers"],
                                                  strict=True) if found]
    config = (dev.outdir / f"asset.{config_asset.removesuffix('.zip')}" / "config.json").read_text()
    assert config == '{"apiUrl":<<marker:0xbaba:0>>,"wsUrl":<<marker:0xbaba:1>>,"stage":"dev"}'


def test_cors_allows_the_console_origin_and_the_stage_extras_only(dev: Synth) -> None:
    templates = dev.templates()
    extras = list(dev.built.settings.console_extra_origins)
    assert extras == ["http://localhost:5173", "http://127.0.0.1:5173"]  # cdk.json's dev stage
    origin_parameter = platform_parameter(dev.stage, CONSOLE_ORIGIN)

    storage = templates[resource_name(dev.stage, "storage")]
    [rules] = [r["Properties"]["CorsConfiguration"]["CorsRules"]
               for r in _resources(storage, "AWS::S3::Bucket").values() if "CorsConfiguration" in r["Properties"]]
    assert rules[0]["AllowedOrigins"] == [_ssm_parameter_ref(storage, origin_parameter), *extras]
    assert sorted(rules[0]["AllowedMethods"]) == ["GET", "POST", "PUT"]

    for name in (resource_name(dev.stage, "users"), resource_name(dev.stage, "designs")):
        template = templates[name]
        answering = [fn["Properties"]["Environment"]["Variables"]["CORS_ALLOWED_ORIGINS"]
                     for fn in _resources(template, "AWS::Lambda::Function").values()
                     if "CORS_ALLOWED_ORIGINS" in fn["Properties"].get("Environment", {}).get("Variables", {})]
        assert answering  # every HTTP operation's function
        for value in answering:
            assert value == {"Fn::Join": [",", [_ssm_parameter_ref(template, origin_parameter), ",".join(extras)]]}

    platform = templates[resource_name(dev.stage, "platform")]
    origin = _ssm_parameter_ref(platform, origin_parameter)
    for response in _resources(platform, "AWS::ApiGateway::GatewayResponse").values():
        headers = response["Properties"]["ResponseParameters"]
        assert headers["gatewayresponse.header.Access-Control-Allow-Origin"] == {"Fn::Join": ["", ["'", origin, "'"]]}
    rendered = json.dumps(templates)
    assert "'*'" not in rendered  # no preflight or gateway response allows every origin
