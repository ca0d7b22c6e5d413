"""Downloads in AWS: the files CDN serves signed URLs only (a key group whose private key is made at deployment into
Secrets Manager, never in the template), caches a file at most five minutes (a deleted file stops being served
within that), and answers with headers that keep user content from running in a browser."""

from __future__ import annotations

import json

from aws_cdk.assertions import Match
from design_agent.spec import resource_name

from infra.cdk.constructs.cdn import MAX_TTL
from tests.infra.conftest import Synth


def _storage(synth: Synth) -> str:
    return resource_name(synth.stage, "storage")


def test_cdn_stages_serve_signed_urls_only(prod: Synth, staging: Synth) -> None:
    for synth in (prod, staging):
        template = synth.template(_storage(synth))
        template.resource_count_is("AWS::CloudFront::KeyGroup", 1)
        template.resource_count_is("Custom::CdnSigningKey", 1)
        key_group = next(iter(template.find_resources("AWS::CloudFront::KeyGroup")))
        template.has_resource_properties("AWS::CloudFront::Distribution", {"DistributionConfig": Match.object_like({
            "DefaultCacheBehavior": Match.object_like({"TrustedKeyGroups": [{"Ref": key_group}]})})})
        custom = next(iter(template.find_resources("Custom::CdnSigningKey")))
        template.has_resource_properties("AWS::CloudFront::PublicKey", {"PublicKeyConfig": Match.object_like({
            "EncodedKey": {"Fn::GetAtt": [custom, "PublicKey"]}})})


def test_the_private_key_is_only_ever_in_secrets_manager(prod: Synth) -> None:
    template = prod.template(_storage(prod))
    text = json.dumps(prod.templates()[_storage(prod)])
    assert "PRIVATE KEY" not in text  # no key material, private or public, in the template
    assert "BEGIN" not in text
    secrets = template.find_resources("AWS::SecretsManager::Secret", {"Properties": {
        "Name": "design-agent/prod/cdn-signing-key"}})
    assert len(secrets) == 1
    (secret,) = secrets.values()
    assert "SecretString" not in secret["Properties"]  # generated, then overwritten by the deploy-time generator
    (secret_id,) = secrets
    template.has_resource_properties("Custom::CdnSigningKey", {"SecretId": {"Ref": secret_id}})


def test_functions_that_make_download_urls_can_sign_them(prod: Synth) -> None:
    template = prod.template(_storage(prod))
    public_key = next(iter(template.find_resources("AWS::CloudFront::PublicKey")))
    for name in ("get-file", "resolve-file", "resolve-files", "upload-file", "store-file", "finish-store"):
        found = template.find_resources("AWS::Lambda::Function", {"Properties": {
            "FunctionName": f"design-agent-prod-storage-{name}"}})
        (props,) = [r["Properties"] for r in found.values()]
        env = props["Environment"]["Variables"]
        assert env["CDN_KEY_PAIR_ID"] == {"Ref": public_key}, name
        assert env["CDN_SIGNING_KEY_SECRET_ID"] == "design-agent/prod/cdn-signing-key"
    template.has_resource_properties("AWS::IAM::Policy", {"PolicyDocument": {"Statement": Match.array_with([
        Match.object_like({"Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                           "Resource": {"Ref": Match.string_like_regexp("CdnKeyfilesSecret")}})])}})


def test_a_deleted_file_leaves_the_edge_within_the_cache_ttl(prod: Synth) -> None:
    template = prod.template(_storage(prod))
    seconds = int(MAX_TTL.to_seconds())
    template.has_resource_properties("AWS::CloudFront::CachePolicy", {"CachePolicyConfig": Match.object_like({
        "MaxTTL": seconds, "DefaultTTL": seconds, "ParametersInCacheKeyAndForwardedToOrigin": Match.object_like({
            "QueryStringsConfig": {"QueryStringBehavior": "none"}})})})
    policy = next(iter(template.find_resources("AWS::CloudFront::CachePolicy")))
    template.has_resource_properties("AWS::CloudFront::Distribution", {"DistributionConfig": Match.object_like({
        "DefaultCacheBehavior": Match.object_like({"CachePolicyId": {"Ref": policy}})})})


def test_user_content_gets_nosniff_and_a_policy_that_runs_nothing(prod: Synth) -> None:
    template = prod.template(_storage(prod))
    found = template.find_resources("AWS::CloudFront::ResponseHeadersPolicy")
    ((logical, resource),) = found.items()
    security = resource["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert security["ContentTypeOptions"] == {"Override": True}
    csp = security["ContentSecurityPolicy"]
    assert csp["Override"] is True
    assert {"default-src 'none'", "sandbox"} <= {d.strip() for d in csp["ContentSecurityPolicy"].split(";")}
    assert security["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    template.has_resource_properties("AWS::CloudFront::Distribution", {"DistributionConfig": Match.object_like({
        "DefaultCacheBehavior": Match.object_like({"ResponseHeadersPolicyId": {"Ref": logical}})})})


def test_stages_without_a_cdn_have_no_key_pair(dev: Synth) -> None:
    template = dev.template(_storage(dev))
    template.resource_count_is("Custom::CdnSigningKey", 0)
    template.resource_count_is("AWS::CloudFront::KeyGroup", 0)
