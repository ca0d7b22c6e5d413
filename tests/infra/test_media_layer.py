"""The media service's OpenCV/numpy layer: built in its own stack, attached to exactly the operations that
declare it (besides the shared layer), and to nothing else."""

from __future__ import annotations

from design_agent.spec import resource_name

from functions.media.service import SERVICE as MEDIA
from functions.registry import SERVICES
from tests.infra.conftest import Synth
from tests.infra.templates import _function, _resources


def test_the_media_layer_lives_in_the_media_stack_only(dev: Synth) -> None:
    for svc in SERVICES:
        layers = _resources(dev.template(resource_name(dev.stage, svc.name)), "AWS::Lambda::LayerVersion")
        media = {layer["Properties"]["LayerName"] for layer in layers.values()} & {resource_name(dev.stage, "media")}
        assert bool(media) == (svc is MEDIA), svc.name


def test_heavy_operations_get_both_layers_and_the_rest_only_the_shared_one(dev: Synth) -> None:
    for op in MEDIA.operations:
        template, _, function = _function(dev, MEDIA, op)
        layers = function["Properties"]["Layers"]
        media_layer = next(k for k, v in _resources(template, "AWS::Lambda::LayerVersion").items()
                           if v["Properties"]["LayerName"] == resource_name(dev.stage, "media"))
        assert ({"Ref": media_layer} in layers) == (op.layer == "media"), op.name
        assert len(layers) == (2 if op.layer else 1), op.name
        if op.layer:
            assert function["Properties"]["MemorySize"] >= 3008
