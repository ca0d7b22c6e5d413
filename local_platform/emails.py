"""Mail SES has "sent" locally (the embedded moto's, or LocalStack's), with each template filled in as SES would,
for people and tests."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from design_agent.spec import EmailTemplate, Service

REGION = "us-east-1"


def _fill(text: str, data: dict[str, Any]) -> str:
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: str(data.get(m.group(1), "")), text)


def _entry(templates: dict[str, EmailTemplate], message_id: str, source: str, to: list[str], template_name: str,
           template_data: str | None, subject: str | None, text: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"message_id": message_id, "from": source, "to": to}
    template = templates.get(template_name)
    if template is not None:
        data = json.loads(template_data or "{}")
        entry.update(template=template.name, subject=_fill(template.subject, data), text=_fill(template.text, data),
                     data=data)
    else:
        entry.update(subject=subject, text=text)
    return entry


def _templates(services: tuple[Service, ...], stage: str) -> dict[str, EmailTemplate]:
    return {t.physical_name(stage): t for s in services for t in s.email_templates}


def sent_emails(services: tuple[Service, ...], stage: str) -> list[dict[str, Any]]:
    """Mail the embedded moto's SES has sent (read from its backend, in this process)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    templates = _templates(services, stage)
    return [_entry(templates, m.id, m.source, m.destinations.get("ToAddresses", []), getattr(m, "template", ""),
                   getattr(m, "template_data", None), getattr(m, "subject", None), getattr(m, "body", None))
            for m in ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages]


def localstack_sent_emails(endpoint: str, services: tuple[Service, ...], stage: str) -> list[dict[str, Any]]:
    """Mail LocalStack's SES has sent, from its internal endpoint ``/_aws/ses`` (oldest first)."""
    with urllib.request.urlopen(f"{endpoint.rstrip('/')}/_aws/ses", timeout=10) as response:  # noqa: S310
        messages = json.loads(response.read()).get("messages", [])
    templates = _templates(services, stage)
    out = []
    for m in messages:
        body = m.get("Body") or {}
        destination = m.get("Destination") or {}
        out.append(_entry(templates, str(m.get("Id", "")), str(m.get("Source", "")),
                          list(destination.get("ToAddresses", [])), str(m.get("Template") or ""),
                          m.get("TemplateData"), m.get("Subject"),
                          body.get("text_part") if isinstance(body, dict) else body))
    return out
