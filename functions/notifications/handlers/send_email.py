"""Internal: one of the account mails (verification, account exists, password reset) to an address, for the User
service. Only those templates; the data (it carries a one-time token) is not logged."""

from design_agent.clients import aws
from design_agent.contracts.notifications import SendEmailRequest
from design_agent.internal import internal_handler
from design_agent.settings import Settings
from pydantic import BaseModel

from functions.notifications.logic import email
from functions.notifications.service import ACCOUNT_MAILS


class Sent(BaseModel):
    message_id: str


def _send(request: SendEmailRequest) -> Sent:
    return Sent(message_id=email.send(ACCOUNT_MAILS[request.template], request.to, request.data,
                                      Settings.load("notifications"), aws()))


handler = internal_handler("notifications", SendEmailRequest, _send, operation="SendEmail")
