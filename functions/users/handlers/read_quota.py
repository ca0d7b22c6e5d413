"""Internal: a user's current quota for one resource (e.g. remaining storage before an upload)."""

from design_agent.contracts.users import QuotaQuery, QuotaState
from design_agent.internal import internal_handler

from functions.users.deps import UsersDeps
from functions.users.logic.quota import read


def _read(query: QuotaQuery) -> QuotaState:
    return read(query, UsersDeps.from_env())


handler = internal_handler("users", QuotaQuery, _read, operation="ReadQuota")
