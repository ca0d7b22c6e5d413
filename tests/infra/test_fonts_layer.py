"""The renderer's fonts (Noto Sans CJK, symbols, emoji) are a layer of their own, built from the ``fonts``
optional-dependency group and attached only to the poster export, the one function that draws posters."""

from __future__ import annotations

from design_agent.spec import EXTRA_LAYERS, resource_name

from functions.designs.service import SERVICE as DESIGNS
from functions.registry import SERVICES
from infra.cdk.bundling import extra_requirements
from infra.cdk.stacks.service import REPO_ROOT
from tests.infra.conftest import Synth
from tests.infra.templates import _function, _resources


def test_the_fonts_layer_comes_from_pypi_packages_declared_once() -> None:
    requirements = extra_requirements(REPO_ROOT / "pyproject.toml", EXTRA_LAYERS["typefaces"])
    assert {r.split("==")[0] for r in requirements} == {"manimgx-fonts-cjk", "manimgx-fonts"}


def test_the_fonts_layer_lives_in_the_designs_stack_and_only_the_export_carries_it(dev: Synth) -> None:
    name = resource_name(dev.stage, "typefaces")
    for svc in SERVICES:
        layers = _resources(dev.template(resource_name(dev.stage, svc.name)), "AWS::Lambda::LayerVersion")
        assert (name in {layer["Properties"]["LayerName"] for layer in layers.values()}) == (svc is DESIGNS)
    for op in DESIGNS.operations:
        template, _, function = _function(dev, DESIGNS, op)
        fonts_layer = next(k for k, v in _resources(template, "AWS::Lambda::LayerVersion").items()
                           if v["Properties"]["LayerName"] == name)
        attached = function["Properties"]["Layers"]
        assert ({"Ref": fonts_layer} in attached) == (op.name == "ExportPoster"), op.name
        assert len(attached) == (2 if op.name == "ExportPoster" else 1), op.name
