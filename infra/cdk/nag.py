"""cdk-nag (3.x) wiring: the AwsSolutions pack as a validation plugin, and the one way to acknowledge a finding."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Validations
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct

PACK = "AwsSolutions"  # the plugin name: acknowledgment ids are "<plugin>::<rule>[<finding>]"


def add_checks(app: IConstruct) -> None:
    """Synthesis fails on any finding that is not acknowledged."""
    Validations.of(app).add_plugins(AwsSolutionsChecks(app))


def acknowledge(scope: IConstruct, rule_id: str, reason: str) -> None:
    """Acknowledge ONE finding (``Rule`` or ``Rule[finding]``) on ``scope``, always with a specific reason."""
    if len(reason) < 20:
        raise ValueError(f"acknowledging {rule_id} needs a real reason")
    qualified = rule_id if "::" in rule_id.split("[", 1)[0] else f"{PACK}::{rule_id}"
    Validations.of(scope).acknowledge(Acknowledgment(id=qualified, reason=reason))
