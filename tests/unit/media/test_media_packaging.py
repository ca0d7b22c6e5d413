"""The media layer (OpenCV, numpy) goes only to the functions that declare it; the others must not need it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from design_agent.spec import EXTRA_LAYERS, Operation

from functions.media.service import SERVICE
from functions.registry import SERVICES

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("cv2", "numpy")


def _imports_of(module: str) -> set[str]:
    code = f"import sys, importlib; importlib.import_module({module!r}); print(' '.join(sys.modules))"
    env = {"PYTHONPATH": f"{ROOT / 'layers' / 'shared' / 'python'}:{ROOT}", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                         check=True, timeout=120)
    return set(out.stdout.split())


@pytest.mark.parametrize("op", [op for op in SERVICE.operations if op.layer is None], ids=lambda op: op.name)
def test_functions_without_the_media_layer_do_not_import_it(op: Operation) -> None:
    heavy = _imports_of(op.handler) & set(HEAVY)
    assert not heavy, f"{op.name} imports {sorted(heavy)} but has no media layer"


def test_only_media_operations_and_the_poster_export_carry_an_extra_layer_and_it_is_declared() -> None:
    with_layer = {(svc.name, op.name, op.layer) for svc in SERVICES for op in svc.operations if op.layer}
    assert with_layer == {("media", "RemoveBackground", "media"), ("media", "SmartCrop", "media"),
                          ("media", "AddWatermark", "media"), ("media", "ProcessMediaItem", "media"),
                          ("designs", "ExportPoster", "typefaces")}
    assert all(op.layer in EXTRA_LAYERS for svc in SERVICES for op in svc.operations if op.layer)
