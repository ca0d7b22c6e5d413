"""Attacks on accounts through registration and password reset: probing which addresses exist, replaying or
guessing one-time tokens, mail-bombing an address, and what a reset must end (issue 13, "register tells")."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from design_agent import errors
from design_agent.contracts.auth import IssueSessionRequest
from design_agent.tokens import verify_access_token
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from functions.auth.deps import AuthDeps
from functions.auth.logic import sessions
from functions.users.deps import UsersDeps
from functions.users.logic import accounts, verification
from functions.users.logic.passwords import Passwords
from functions.users.models.api import LoginRequest, PasswordResetConfirm, RegisterRequest
from tests.unit.aws import AwsSandbox
from tests.unit.clock import FixedClock

HOME, ELSEWHERE = "203.0.113.10", "198.51.100.66"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC))


@pytest.fixture
def deps(sandbox: AwsSandbox, clock: FixedClock) -> UsersDeps:
    base = UsersDeps.from_env()  # the real Auth and Notification services answer in-process
    settings = base.settings.model_copy(update={"email_verification": True})
    return dataclasses.replace(base, settings=settings, clock=clock,
                               passwords=Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)))


def _mails(to: str) -> list[dict[str, Any]]:
    sent = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    return [{"template": m.template.rsplit("-", 2)[-2] + "-" + m.template.rsplit("-", 1)[-1],
             **json.loads(m.template_data)} for m in sent if m.destinations["ToAddresses"] == [to]]


def _registration(email: str, username: str = "newcomer", password: str = "correct horse") -> RegisterRequest:
    return RegisterRequest(email=email, username=username, password=password)


def _login(deps: UsersDeps, email: str, password: str) -> object:
    return accounts.login(LoginRequest(email=email, password=password), HOME, None, deps)


def test_registering_a_new_and_a_taken_address_look_the_same_and_create_nothing_yet(deps: UsersDeps) -> None:
    accounts.register(_registration("taken@example.com", "owner"), deps)
    assert verification.register_pending(_registration("taken@example.com", "prober"), HOME, deps) is None
    assert verification.register_pending(_registration("fresh@example.com"), HOME, deps) is None
    assert [m["template"] for m in _mails("taken@example.com")] == ["account-exists"]  # the owner learns of it
    assert [m["template"] for m in _mails("fresh@example.com")] == ["verify-email"]
    assert deps.repo.user_id_by_email("fresh@example.com") is None  # no account until the address is confirmed
    assert "token" not in _mails("taken@example.com")[0]  # nothing that would act on the owner's account


def test_the_mailed_code_creates_the_account_once(deps: UsersDeps, sandbox: AwsSandbox) -> None:
    verification.register_pending(_registration("ada@example.com", "ada"), HOME, deps)
    [mail] = _mails("ada@example.com")
    assert mail["token"] in mail["link"]
    user = verification.verify_email(mail["token"], deps)
    assert (user.email, user.username) == ("ada@example.com", "ada")
    assert _login(deps, "ada@example.com", "correct horse")
    with pytest.raises(errors.InvalidOneTimeToken):  # used once
        verification.verify_email(mail["token"], deps)
    with pytest.raises(errors.InvalidOneTimeToken):  # guessed
        verification.verify_email("ev_" + "A" * 43, deps)
    stored = json.dumps(sandbox.clients.dynamodb().scan(TableName=deps.repo._table)["Items"])
    assert mail["token"] not in stored  # only its hash was ever stored


def test_an_expired_code_does_nothing(deps: UsersDeps, clock: FixedClock) -> None:
    verification.register_pending(_registration("late@example.com", "late"), HOME, deps)
    [mail] = _mails("late@example.com")
    clock.now += timedelta(seconds=deps.settings.verify_token_ttl_s + 1)
    with pytest.raises(errors.InvalidOneTimeToken):
        verification.verify_email(mail["token"], deps)


def test_a_username_taken_while_the_mail_was_on_its_way_is_a_conflict_for_the_mailbox_owner(deps: UsersDeps) -> None:
    verification.register_pending(_registration("slow@example.com", "popular"), HOME, deps)
    accounts.register(_registration("quick@example.com", "popular"), deps)
    [mail] = _mails("slow@example.com")
    with pytest.raises(errors.AlreadyExists, match="username"):
        verification.verify_email(mail["token"], deps)


def test_a_reset_asked_for_an_unknown_address_sends_nothing(deps: UsersDeps) -> None:
    assert verification.request_password_reset("nobody@example.com", HOME, deps) is None
    assert _mails("nobody@example.com") == []


def test_a_reset_sets_the_password_once_and_ends_every_session(deps: UsersDeps, sandbox: AwsSandbox,
                                                                clock: FixedClock) -> None:
    user = accounts.register(_registration("forgot@example.com", "forgot"), deps)
    auth = AuthDeps.from_env()
    before = sessions.issue_session(IssueSessionRequest(user_id=user.id, role="user"), auth)
    verification.request_password_reset("forgot@example.com", HOME, deps)
    [mail] = [m for m in _mails("forgot@example.com") if m["template"] == "password-reset"]
    clock.now += timedelta(milliseconds=5)
    verification.reset_password(PasswordResetConfirm(token=mail["token"], password="a brand new one"), deps)
    with pytest.raises(errors.InvalidCredentials):
        _login(deps, "forgot@example.com", "correct horse")
    assert _login(deps, "forgot@example.com", "a brand new one")
    with pytest.raises(errors.InvalidOneTimeToken):  # used once
        verification.reset_password(PasswordResetConfirm(token=mail["token"], password="and another"), deps)
    claims = verify_access_token(before.access_token, auth.keys.key, issuer="design-agent")
    with pytest.raises(errors.InvalidToken):  # every session of the account ended
        auth.revocations.ensure_active(claims)
    with pytest.raises(errors.InvalidToken):
        sessions.refresh(before.refresh_token, auth)


def test_an_older_reset_code_is_useless_once_a_newer_one_was_used(deps: UsersDeps, clock: FixedClock) -> None:
    accounts.register(_registration("twice@example.com", "twice"), deps)
    verification.request_password_reset("twice@example.com", HOME, deps)
    clock.now += timedelta(seconds=1)
    verification.request_password_reset("twice@example.com", HOME, deps)
    first, second = [m["token"] for m in _mails("twice@example.com")]
    clock.now += timedelta(seconds=1)
    verification.reset_password(PasswordResetConfirm(token=second, password="the newest one"), deps)
    with pytest.raises(errors.InvalidOneTimeToken):
        verification.reset_password(PasswordResetConfirm(token=first, password="an older idea"), deps)


def test_an_expired_reset_code_does_nothing(deps: UsersDeps, clock: FixedClock) -> None:
    accounts.register(_registration("slowpoke@example.com", "slowpoke"), deps)
    verification.request_password_reset("slowpoke@example.com", HOME, deps)
    [mail] = _mails("slowpoke@example.com")
    clock.now += timedelta(seconds=deps.settings.reset_token_ttl_s + 1)
    with pytest.raises(errors.InvalidOneTimeToken):
        verification.reset_password(PasswordResetConfirm(token=mail["token"], password="too late now"), deps)


def test_a_stranger_cannot_spend_the_owners_mails_and_no_address_is_mail_bombed(deps: UsersDeps) -> None:
    accounts.register(_registration("target@example.com", "target"), deps)
    per_source, per_address = deps.settings.account_mails_per_hour, deps.settings.account_mails_per_address_hour
    for _ in range(per_source + 5):  # a stranger asks again and again
        verification.request_password_reset("target@example.com", ELSEWHERE, deps)
    assert len(_mails("target@example.com")) == per_source
    verification.request_password_reset("target@example.com", HOME, deps)  # the owner still gets theirs
    assert len(_mails("target@example.com")) == per_source + 1
    for n in range(per_address * 2):  # from many sources: never more than the address's hourly cap
        verification.request_password_reset("target@example.com", f"192.0.2.{n}", deps)
    assert len(_mails("target@example.com")) == per_address
