import os
import tempfile
from collections.abc import Iterator

import pytest

from tests.unit.local_platform.handlers import SEEN, SEEN_DIR

# one folder for the whole run, in the environment before any function's worker process starts (they inherit it)
os.environ.setdefault(SEEN_DIR, tempfile.mkdtemp(prefix="demo-seen-"))


@pytest.fixture(autouse=True)
def _forget_what_handlers_saw() -> Iterator[None]:
    SEEN.clear()
    yield
    SEEN.clear()
