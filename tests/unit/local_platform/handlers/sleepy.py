import os
import time
from typing import Any

from tests.unit.local_platform.handlers import SEEN


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Records when it starts, sleeps ``s`` seconds, records that it finished (a side effect after the wait)."""
    started = time.time()
    SEEN.append(("started", os.getpid(), started))
    time.sleep(event["s"])
    SEEN.append(("finished", os.getpid(), time.time()))
    return {"pid": os.getpid(), "started": started, "ended": time.time()}
