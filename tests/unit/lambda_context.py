"""The few attributes of a Lambda context that Powertools reads."""

from dataclasses import dataclass


@dataclass
class FakeContext:
    function_name: str = "design-agent-unit-test"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:design-agent-unit-test"
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000
