"""Internal: give back quota charged earlier (once per idempotency key)."""

from design_agent.contracts.users import QuotaChange, QuotaState
from design_agent.internal import internal_handler

from functions.users.deps import UsersDeps
from functions.users.logic.quota import change


def _refund(request: QuotaChange) -> QuotaState:
    return change(request, "refund", UsersDeps.from_env())


handler = internal_handler("users", QuotaChange, _refund, operation="RefundQuota")
