from collections.abc import Iterator

import pytest

from tests.unit.local_platform.handlers import SEEN


@pytest.fixture(autouse=True)
def _forget_what_handlers_saw() -> Iterator[None]:
    SEEN.clear()
    yield
    SEEN.clear()
