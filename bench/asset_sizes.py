"""Lambda asset sizes against Lambda's limit: ``python -m bench.asset_sizes``.

Synthesizes the dev stage with its layers really built (pip wheels for python3.12/arm64, ``infra.cdk.bundling``,
as ``cdk deploy`` does) into ``build/cdk-bundled`` and weighs every function from the cloud assembly: its code plus
every layer it carries, every file counted (``infra.cdk.sizes``). The baseline is Lambda's 250 MB unzipped limit
for a function with its layers; the ratios say how much of it each function uses (the budget is 0.60).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]


def main(argv: list[str] | None = None) -> None:
    from infra.cdk.sizes import BUDGET, LAMBDA_UNZIPPED_LIMIT, function_sizes, synth_bundled

    sizes = function_sizes(synth_bundled())
    mb = 1024 * 1024
    print(f"Lambda functions of the dev stage, unzipped (code + layers) against the {LAMBDA_UNZIPPED_LIMIT // mb} MB "
          f"limit (budget {BUDGET:.2f}x)")
    layers = {name: size for fn in sizes for name, size in fn.layers}
    for name, size in sorted(layers.items(), key=lambda item: -item[1]):
        print(f"  layer {name:<44} {size / mb:7.1f} MB")
    seen: set[tuple[str, ...]] = set()
    for fn in sizes:  # the largest function of each combination of layers
        kind = tuple(name for name, _ in fn.layers)
        if kind in seen:
            continue
        seen.add(kind)
        print(f"  {fn.name:<50} {fn.total / mb:7.1f} MB = {fn.fraction:.2f}x  (code {fn.code_bytes / mb:.1f} MB"
              f"{''.join(f' + {name}' for name in kind)})")
    print(f"  {len(sizes)} functions; largest {sizes[0].name} at {sizes[0].fraction:.2f}x of the limit")


if __name__ == "__main__":
    main()
