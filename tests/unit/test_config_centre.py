"""The configuration centre: SSM parameters override the environment, shared first, then the service's own,
and a changed value is picked up once the cache age has passed."""

from __future__ import annotations

import pytest
from design_agent.clients import AwsClients
from design_agent.settings import Settings
from design_agent.spec import config_prefix
from moto import mock_aws


@pytest.fixture
def ssm_clients(monkeypatch: pytest.MonkeyPatch) -> AwsClients:
    monkeypatch.setenv("CONFIG_PARAMETERS_PREFIX", config_prefix("unit"))
    monkeypatch.setenv("CONFIG_CACHE_S", "0")  # no caching: every load reads the parameters
    monkeypatch.setenv("TASK_MAX_ATTEMPTS", "3")
    return AwsClients()


def test_parameters_override_the_environment_by_scope(ssm_clients: AwsClients) -> None:
    with mock_aws():
        ssm = ssm_clients.client("ssm")
        assert Settings.load("tasks", ssm_clients).task_max_attempts == 3  # nothing stored: the environment
        ssm.put_parameter(Name="/design-agent/unit/shared/TASK_MAX_ATTEMPTS", Value="5", Type="String")
        ssm.put_parameter(Name="/design-agent/unit/shared/LOGIN_MAX_FAILURES", Value="9", Type="String")
        ssm.put_parameter(Name="/design-agent/unit/tasks/TASK_MAX_ATTEMPTS", Value="2", Type="String")
        tasks = Settings.load("tasks", ssm_clients)
        users = Settings.load("users", ssm_clients)
        assert (tasks.task_max_attempts, tasks.login_max_failures) == (2, 9)  # the service's own value wins
        assert (users.task_max_attempts, users.login_max_failures) == (5, 9)
        ssm.put_parameter(Name="/design-agent/unit/tasks/TASK_MAX_ATTEMPTS", Value="4", Type="String",
                          Overwrite=True)
        assert Settings.load("tasks", ssm_clients).task_max_attempts == 4  # changed, no redeploy


def test_a_cached_value_stays_until_its_age_has_passed(ssm_clients: AwsClients,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFIG_CACHE_S", "3600")
    with mock_aws():
        ssm = ssm_clients.client("ssm")
        ssm.put_parameter(Name="/design-agent/unit/tasks/TASK_MAX_ATTEMPTS", Value="2", Type="String")
        assert Settings.load("tasks", ssm_clients).task_max_attempts == 2
        ssm.put_parameter(Name="/design-agent/unit/tasks/TASK_MAX_ATTEMPTS", Value="7", Type="String",
                          Overwrite=True)
        assert Settings.load("tasks", ssm_clients).task_max_attempts == 2  # within the cache age
        assert Settings.load("tasks", AwsClients()).task_max_attempts == 7  # a fresh (cold) function reads anew


def test_a_bad_value_is_a_clear_error(ssm_clients: AwsClients) -> None:
    with mock_aws():
        ssm_clients.client("ssm").put_parameter(Name="/design-agent/unit/tasks/TASK_MAX_ATTEMPTS", Value="lots",
                                                Type="String")
        with pytest.raises(ValueError, match="TASK_MAX_ATTEMPTS"):
            Settings.load("tasks", ssm_clients)
