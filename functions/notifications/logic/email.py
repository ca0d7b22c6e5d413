"""E-mail through SES templates (declared in the service description; created by CDK and the local runtime)."""

from __future__ import annotations

import json

from design_agent.clients import AwsClients
from design_agent.settings import Settings
from design_agent.spec import EmailTemplate


def send(template: EmailTemplate, to: str, data: dict[str, str], settings: Settings, clients: AwsClients) -> str:
    """The SES message id."""
    result = clients.client("ses").send_templated_email(
        Source=settings.email_sender, Destination={"ToAddresses": [to]},
        Template=template.physical_name(settings.stage), TemplateData=json.dumps(data))
    return str(result["MessageId"])
