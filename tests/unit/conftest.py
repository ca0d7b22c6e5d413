import pytest
from design_agent.cors import ENV_VAR

from tests.unit.aws import sandbox, shared_sandbox

__all__ = ["console_origin", "sandbox", "shared_sandbox"]
CONSOLE_ORIGIN = "https://app.example"  # the unit tests' stage has its web console here


@pytest.fixture(autouse=True)
def console_origin(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every unit test runs in a stage whose CORS allows its console's origin (and no other)."""
    monkeypatch.setenv(ENV_VAR, CONSOLE_ORIGIN)
    return CONSOLE_ORIGIN
