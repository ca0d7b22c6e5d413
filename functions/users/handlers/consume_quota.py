"""Internal: charge quota atomically (once per idempotency key); 429 quota-exceeded when used up."""

from design_agent.contracts.users import QuotaChange, QuotaState
from design_agent.internal import internal_handler

from functions.users.deps import UsersDeps
from functions.users.logic.quota import change


def _consume(request: QuotaChange) -> QuotaState:
    return change(request, "consume", UsersDeps.from_env())


handler = internal_handler("users", QuotaChange, _consume, operation="ConsumeQuota")
