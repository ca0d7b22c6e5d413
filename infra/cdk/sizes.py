"""What each function of a synthesized stage weighs unzipped on Lambda: its code plus every layer it carries, read
from the real bytes of the cloud assembly (every file, as Lambda counts them against its 250 MB limit)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024  # a function's code and all its layers, unzipped
BUDGET = 0.60  # the share of it any function of ours may take (room for a runtime, a font or a model to grow)
ASSET_PATH = "aws:asset:path"


@dataclass(frozen=True)
class FunctionSize:
    stack: str
    name: str
    code_bytes: int
    layers: tuple[tuple[str, int], ...]  # (layer name, unzipped bytes) in the function's order

    @property
    def total(self) -> int:
        return self.code_bytes + sum(size for _, size in self.layers)

    @property
    def fraction(self) -> float:
        return self.total / LAMBDA_UNZIPPED_LIMIT


def tree_bytes(root: Path) -> int:
    """Every file under ``root`` (bytecode, stubs, licences, data: Lambda counts them all)."""
    return sum(os.lstat(os.path.join(folder, name)).st_size
               for folder, _, names in os.walk(root) for name in names)


def function_sizes(assembly: Path) -> list[FunctionSize]:
    """Every ``AWS::Lambda::Function`` of every template in the cloud assembly ``assembly`` (``cdk.out``), largest
    first. Needs asset metadata (``aws:cdk:enable-asset-metadata``, on in the CDK CLI and ``infra.cdk.app``)."""
    cache: dict[str, int] = {}

    def asset_bytes(resource: dict[str, Any]) -> int:
        path = resource.get("Metadata", {}).get(ASSET_PATH)
        if path is None:  # inline code (CDK's own small helpers)
            return len(resource["Properties"].get("Code", {}).get("ZipFile", "").encode())
        if path not in cache:
            found = assembly / path
            cache[path] = tree_bytes(found) if found.is_dir() else found.stat().st_size
        return cache[path]

    sizes = []
    for template_path in sorted(assembly.glob("*.template.json")):
        resources: dict[str, dict[str, Any]] = json.loads(template_path.read_text()).get("Resources", {})
        for logical_id, resource in resources.items():
            if resource["Type"] != "AWS::Lambda::Function":
                continue
            props = resource["Properties"]
            layers = []
            for ref in props.get("Layers", []):
                layer = resources[ref["Ref"]] if isinstance(ref, dict) and "Ref" in ref else None
                if layer is None:
                    raise ValueError(f"{template_path.name}/{logical_id}: layer {ref} is not in its own stack")
                layers.append((str(layer["Properties"].get("LayerName", ref["Ref"])), asset_bytes(layer)))
            sizes.append(FunctionSize(stack=template_path.name.removesuffix(".template.json"),
                                      name=str(props.get("FunctionName", logical_id)),
                                      code_bytes=asset_bytes(resource), layers=tuple(layers)))
    return sorted(sizes, key=lambda size: size.total, reverse=True)


BUNDLED_ASSEMBLY = Path(__file__).resolve().parents[2] / "build" / "cdk-bundled"


def synth_bundled(outdir: Path = BUNDLED_ASSEMBLY, stage: str = "dev", email_sender: str | None = None) -> Path:
    """Synthesize ``stage`` with its layers really built (pip wheels, as ``cdk deploy`` would) into ``outdir``.
    A layer already built there under the same asset hash is reused (CDK skips bundling into an existing asset
    directory), so a second run only pays for what changed."""
    from infra.cdk.app import build, make_app

    app = make_app({"stage": stage, **({"email_sender": email_sender} if email_sender else {})}, outdir=str(outdir))
    build(app)
    app.synth()
    return outdir
