"""E-mail through SES templates (declared in the service description; created by CDK and the local runtime)."""

from __future__ import annotations

import json

from design_agent.spec import EmailTemplate

from functions.notifications.deps import NotificationsDeps


def send(template: EmailTemplate, to: str, data: dict[str, str], deps: NotificationsDeps) -> str:
    """The SES message id."""
    result = deps.clients.client("ses").send_templated_email(
        Source=deps.settings.email_sender, Destination={"ToAddresses": [to]},
        Template=template.physical_name(deps.settings.stage), TemplateData=json.dumps(data))
    return str(result["MessageId"])
