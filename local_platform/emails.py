"""Mail the embedded moto's SES has "sent", with each template filled in as SES would, for people and tests."""

from __future__ import annotations

import json
import re
from typing import Any

from design_agent.spec import Service

REGION = "us-east-1"


def _fill(text: str, data: dict[str, Any]) -> str:
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: str(data.get(m.group(1), "")), text)


def sent_emails(services: tuple[Service, ...], stage: str) -> list[dict[str, Any]]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    templates = {t.physical_name(stage): t for s in services for t in s.email_templates}
    out = []
    for message in ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages:
        entry: dict[str, Any] = {"message_id": message.id, "from": message.source,
                                 "to": message.destinations.get("ToAddresses", [])}
        template = templates.get(getattr(message, "template", ""))
        if template is not None:
            data = json.loads(getattr(message, "template_data", "{}") or "{}")
            entry.update(template=template.name, subject=_fill(template.subject, data),
                         text=_fill(template.text, data), data=data)
        else:
            entry.update(subject=getattr(message, "subject", None), text=getattr(message, "body", None))
        out.append(entry)
    return out
