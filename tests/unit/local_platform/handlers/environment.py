import os
import sys
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """What an execution environment looks like from inside."""
    return {"pid": os.getpid(), "environment": dict(os.environ), "path": sys.path,
            "context": {"function_name": context.function_name, "memory": context.memory_limit_in_mb,
                        "arn": context.invoked_function_arn, "remaining_ms": context.get_remaining_time_in_millis()},
            "preloaded": "boto3" in sys.modules and "design_agent.api" in sys.modules}
