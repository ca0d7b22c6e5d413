"""Lambda asset sizes against Lambda's limits: ``python -m bench.asset_sizes``.

Builds the shared layer exactly as ``cdk synth`` does (pip wheels for python3.12/arm64, ``infra.cdk.bundling``)
into a temporary directory and zips it and the function code (the ``functions`` package, as the CDK asset
excludes everything else). The baseline, measured in the same run, is Lambda's 250 MB unzipped limit for a
function with its layers; the ratios say how much of it is used.
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]

UNZIPPED_LIMIT = 250 * 1024 * 1024  # function + layers, unzipped
ZIPPED_LIMIT = 50 * 1024 * 1024  # a direct upload; through S3 (as CDK deploys) the unzipped limit is what binds


def _sizes(root: Path, include: str = "**/*") -> tuple[int, int, int]:
    """(files, unzipped bytes, zipped bytes) of the tree under ``root``."""
    files = [p for p in root.glob(include) if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(root))
    return len(files), sum(p.stat().st_size for p in files), len(buffer.getvalue())


def main(argv: list[str] | None = None) -> None:
    from design_agent.spec import EXTRA_LAYERS

    from infra.cdk.bundling import PRUNE, PipLayerBundler, extra_requirements, layer_requirements

    pyproject = ROOT / "pyproject.toml"
    code = _sizes(ROOT, "functions/**/*")
    layers: dict[str, tuple[int, int, int]] = {}
    with tempfile.TemporaryDirectory() as out:
        PipLayerBundler(ROOT / "layers" / "shared" / "python" / "design_agent",
                        layer_requirements(pyproject)).try_bundle(out)
        layers["shared layer"] = _sizes(Path(out))
    for name, group in EXTRA_LAYERS.items():
        with tempfile.TemporaryDirectory() as out:
            PipLayerBundler(None, extra_requirements(pyproject, group), PRUNE).try_bundle(out)
            layers[f"{name} layer"] = _sizes(Path(out))
    mb = 1024 * 1024
    print("Lambda assets (python3.12, arm64) against Lambda's limits")
    for name, (count, unzipped, zipped) in (("function code (functions/)", code), *layers.items()):
        print(f"  {name:<28} {count:>6} files  {unzipped / mb:7.1f} MB unzipped  {zipped / mb:6.1f} MB zipped")
    shared = layers["shared layer"]
    total = code[1] + shared[1]
    print(f"  function + shared layer      {total / mb:7.1f} MB = {total / UNZIPPED_LIMIT:.2f}x of the 250 MB limit")
    for name in EXTRA_LAYERS:
        heavy = total + layers[f"{name} layer"][1]
        print(f"  ... + {name} layer{'':<{16 - len(name)}} {heavy / mb:7.1f} MB = {heavy / UNZIPPED_LIMIT:.2f}x "
              "of the 250 MB limit")
    for name, (_, _, zipped) in layers.items():
        print(f"  {name + ' zipped':<28} {zipped / mb:7.1f} MB = {zipped / ZIPPED_LIMIT:.2f}x of 50 MB")


if __name__ == "__main__":
    main()
