"""Every media operation bounds its output before it works: the ones whose result is as large as the source hold
the source to the output limit, and an enlarged crop over it is refused, each before anything is decoded."""

from __future__ import annotations

import pytest
from design_agent import images

from functions.media.logic.steps import Limits, run
from functions.media.models.api import RemoveBackgroundStep, SmartCropStep, WatermarkStep
from tests.unit.test_images import png_header_only

LIMITS = Limits(max_pixels=50_000_000, max_input_bytes=25 * 1024 * 1024, matting_method="grabcut")
BIG = png_header_only(6000, 5000)  # 30 MP: under the input limit, nothing decodable behind the header


def no_mark(_: str) -> bytes:
    raise AssertionError("no mark is loaded")


@pytest.mark.parametrize("step", [
    RemoveBackgroundStep(op="remove_background"),
    SmartCropStep(op="smart_crop", aspect="1:1"),
    WatermarkStep(op="watermark", text="DRAFT", tiled=True),
])
def test_a_same_size_result_holds_the_source_to_the_output_limit(step: object) -> None:
    with pytest.raises(images.TooManyPixels) as refused:
        run(step, BIG, LIMITS, no_mark)
    assert refused.value.extra["max_pixels"] == images.DEFAULT_MAX_OUTPUT_PIXELS


def test_an_enlarged_crop_over_the_output_limit_is_refused_before_decoding() -> None:
    step = SmartCropStep(op="smart_crop", width=8192, height=8192, allow_upscale=True)
    with pytest.raises(images.OutputTooLarge):
        run(step, png_header_only(64, 64), LIMITS, no_mark)
