"""Per-stage settings: no synth needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from aws_cdk import RemovalPolicy

from infra.cdk.app import build, cdk_json_context, make_app, parse_context_args
from infra.cdk.settings import STAGES_CONTEXT_KEY, StageSettings, stage_settings
from tests.infra.conftest import SKIP_BUNDLING, TEST_SENDER

pytestmark = pytest.mark.infra

STAGES = cdk_json_context()[STAGES_CONTEXT_KEY]


def test_cdk_json_declares_the_three_stages() -> None:
    assert set(STAGES) == {"dev", "staging", "prod"}


def test_dev_and_prod_differ_where_they_should() -> None:
    dev, prod = stage_settings("dev", STAGES), stage_settings("prod", STAGES, email_sender=TEST_SENDER)
    assert dev.authorizer_cache_ttl_s == 0  # revocation immediate
    assert prod.authorizer_cache_ttl_s == 30  # revocation within 30 s, far fewer authorizer calls
    assert dev.removal_policy == RemovalPolicy.DESTROY
    assert prod.removal_policy == RemovalPolicy.RETAIN
    assert prod.log_retention_days > dev.log_retention_days
    assert prod.waf
    assert not dev.waf
    assert dev.tracing
    assert prod.tracing


def test_an_unknown_stage_gets_dev_settings_under_its_own_name() -> None:
    qa = stage_settings("qa", STAGES)
    assert qa.name == "qa"
    assert qa.log_retention_days == stage_settings("dev", STAGES).log_retention_days


def test_event_archive_and_mail_sender_per_stage() -> None:
    dev, staging, prod = (stage_settings(name, STAGES, email_sender=None if name == "dev" else TEST_SENDER)
                          for name in ("dev", "staging", "prod"))
    assert (dev.event_archive_days, staging.event_archive_days, prod.event_archive_days) == (7, 30, 365)
    assert dev.email_identity == "address"  # dev verifies the address itself (a click on SES's mail)
    assert dev.email_identity_name == dev.email_sender
    assert prod.email_identity == "domain"  # production signs with DKIM for the whole domain
    assert prod.email_identity_name == prod.email_sender.rpartition("@")[2]


@pytest.mark.parametrize("stage", ["staging", "prod"])
def test_staging_and_prod_need_a_real_mail_sender_and_the_synth_says_which_key(stage: str, tmp_path: Path) -> None:
    assert "email_sender" not in STAGES[stage]  # no placeholder that SES could never verify
    with pytest.raises(ValueError, match=r"no mail sender: pass the context key 'email_sender'"):
        build(make_app({**SKIP_BUNDLING, "stage": stage}, outdir=str(tmp_path)))
    named = stage_settings(stage, STAGES, email_sender="no-reply@mail.example.org")
    assert (named.email_sender, named.email_identity_name) == ("no-reply@mail.example.org", "mail.example.org")


def test_the_context_key_overrides_the_sender_of_cdk_json() -> None:
    assert parse_context_args(["-c", "email_sender=ops@example.org"]) == {"email_sender": "ops@example.org"}
    assert stage_settings("dev", STAGES, email_sender="ops@example.org").email_sender == "ops@example.org"


@pytest.mark.parametrize("raw", [{"log_retention_days": 8}, {"authorizer_cache_ttl_s": 4000}, {"typo": 1},
                                 {"event_archive_days": 0}, {"email_sender": "no-reply"},
                                 {"email_identity": "account"}])
def test_bad_settings_are_refused(raw: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"."):
        StageSettings.from_mapping("dev", raw)


@pytest.mark.parametrize("name", ["Prod", "p", "dev-1", "a" * 17])
def test_bad_stage_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="stage name"):
        stage_settings(name, STAGES)


def test_context_args_parse_like_the_cli() -> None:
    assert parse_context_args(["-c", "stage=prod", "--context", "aws:cdk:bundling-stacks=[]"]) == {
        "stage": "prod", "aws:cdk:bundling-stacks": []}
