"""Internal: start a session for a user the User service has authenticated."""

from design_agent.contracts.auth import IssueSessionRequest, TokenPair
from design_agent.internal import internal_handler

from functions.auth.deps import AuthDeps
from functions.auth.logic.sessions import issue_session


def _issue(request: IssueSessionRequest) -> TokenPair:
    return issue_session(request, AuthDeps.from_env())


handler = internal_handler("auth", IssueSessionRequest, _issue, operation="IssueSession")
