"""SmartCrop: caller focal point, faces (through a detector), saliency, centre; sizes, aspect, limits."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from design_agent import images

from bench import media_testset
from functions.media.imaging import cropping
from functions.media.imaging.cropping import CropBox, Face
from tests.unit.media.support import LIMITS, array, decode, flat, png


class _Faces:
    """A stand-in detector (OpenCV 5's wheel ships no face model): returns fixed boxes, records calls."""

    def __init__(self, *faces: Face) -> None:
        self.faces = list(faces)
        self.calls = 0

    def detect(self, rgb: npt.NDArray[np.uint8]) -> list[Face]:
        self.calls += 1
        return self.faces


def _object_sample(index: int = 0) -> media_testset.Sample:
    return media_testset.sample(index, "plain", size=(400, 300))


def _kept(mask: npt.NDArray[np.bool_], box: CropBox) -> float:
    inside = mask[box.y : box.y + box.height, box.x : box.x + box.width]
    return float(np.count_nonzero(inside)) / float(np.count_nonzero(mask))


def test_caller_focal_point_wins_over_faces_and_saliency() -> None:
    faces = _Faces(Face(300, 100, 40, 40))
    out, box, focal, source = cropping.smart_crop(
        png(_object_sample().image), aspect="1:2", focal_point=(0.1, 0.5), faces=faces, **LIMITS
    )
    assert source == "caller"
    assert faces.calls == 0
    assert (focal.x, focal.y) == (0.1, 0.5)
    assert box == CropBox(0, 0, 150, 300)  # centred on x=40 as far as the image allows
    assert (out.width, out.height) == (150, 300)


def test_faces_are_kept_inside_the_crop() -> None:
    face = Face(330, 40, 50, 60)
    _out, box, focal, source = cropping.smart_crop(
        png(_object_sample().image), width=100, height=200, faces=_Faces(face), **LIMITS
    )
    assert source == "face"
    assert box.contains(face.x, face.y)
    assert box.contains(face.x + face.width, face.y + face.height)
    assert focal.x == pytest.approx((330 + 25) / 400, abs=0.01)


def test_a_group_too_wide_for_the_crop_centres_the_largest_face() -> None:
    small, big = Face(10, 100, 20, 20), Face(330, 100, 60, 60)
    _out, box, _focal, source = cropping.smart_crop(
        png(_object_sample().image), aspect="1:3", faces=_Faces(small, big), **LIMITS
    )
    assert source == "face"
    assert box.width == 100
    assert box.contains(big.x, big.y)
    assert box.contains(big.x + big.width, big.y + big.height)


def test_no_face_falls_back_to_saliency() -> None:
    faces = _Faces()
    _out, _box, _focal, source = cropping.smart_crop(
        png(_object_sample().image), aspect="1:1", faces=faces, **LIMITS
    )
    assert (faces.calls, source) == (1, "saliency")


@pytest.mark.parametrize("aspect", ["1:2", "3:1"])
def test_saliency_keeps_the_object(aspect: str) -> None:
    kept = []
    for background in media_testset.BACKGROUNDS:
        for index in range(4):
            sample = media_testset.sample(index, background, size=(320, 240))
            # move the object off-centre so that a centre crop would cut it
            image = np.roll(sample.image, 60, axis=1) if aspect == "1:2" else np.roll(sample.image, 40, axis=0)
            mask = np.roll(sample.mask, 60, axis=1) if aspect == "1:2" else np.roll(sample.mask, 40, axis=0)
            _out, box, focal, source = cropping.smart_crop(png(image), aspect=aspect, **LIMITS)
            assert source == "saliency"
            assert box.contains(focal.x * 320, focal.y * 240)
            kept.append(_kept(mask, box))
    # the narrow crops are narrower than some objects, so "all of it" is not always possible
    assert float(np.mean(kept)) > 0.9, kept


def test_a_featureless_picture_is_cropped_in_the_centre() -> None:
    out, box, focal, source = cropping.smart_crop(png(flat((400, 200), (90, 90, 90))), aspect="1:1", **LIMITS)
    assert source == "centre"
    assert box == CropBox(100, 0, 200, 200)
    assert (focal.x, focal.y) == (0.5, 0.5)
    assert (out.width, out.height) == (200, 200)


def test_width_and_height_scale_the_largest_box_down() -> None:
    out, box, _focal, _source = cropping.smart_crop(png(_object_sample().image), width=160, height=90, **LIMITS)
    assert (box.width, box.height) == (400, 225)
    assert (out.width, out.height) == (160, 90)


def test_never_upscaled_unless_allowed() -> None:
    data = png(_object_sample().image)
    out, box, _focal, _source = cropping.smart_crop(data, width=800, height=450, **LIMITS)
    assert (box.width, box.height) == (400, 225)
    assert (out.width, out.height) == (400, 225)  # the crop at its own size: the aspect asked, smaller
    out, _box, _focal, _source = cropping.smart_crop(data, width=800, height=450, allow_upscale=True, **LIMITS)
    assert (out.width, out.height) == (800, 450)


@pytest.mark.parametrize(
    ("options", "box_size", "out_size"),
    [
        ({"aspect": "16:9"}, (400, 225), (400, 225)),
        ({"aspect": 0.5}, (150, 300), (150, 300)),
        ({"aspect": "1.0"}, (300, 300), (300, 300)),
        ({"aspect": "2:1", "width": 100}, (400, 200), (100, 50)),
        ({"aspect": "1:1", "height": 64}, (300, 300), (64, 64)),
        ({"width": 200}, (400, 300), (200, 150)),  # the source's aspect: a plain downscale
    ],
)
def test_aspect_handling(
    options: dict[str, object], box_size: tuple[int, int], out_size: tuple[int, int]
) -> None:
    out, box, _focal, _source = cropping.smart_crop(png(_object_sample().image), **options, **LIMITS)  # type: ignore[arg-type]
    assert (box.width, box.height) == box_size
    assert (out.width, out.height) == out_size


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "width and/or height, or an aspect"),
        ({"aspect": "16:9", "width": 10, "height": 10}, "at most one of width and height"),
        ({"aspect": "wide"}, "aspect must be like"),
        ({"aspect": "1:0"}, "aspect must be like"),
        ({"aspect": "100:1"}, "between 1:20 and 20:1"),
        ({"width": 0}, "width must be between"),
        ({"width": 10, "focal_point": (1.5, 0.5)}, "focal_point"),
        ({"width": 10, "quality": 0}, "quality"),
    ],
)
def test_bad_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(images.InvalidImageOptions, match=message) as info:
        cropping.smart_crop(png(_object_sample().image), **options, **LIMITS)  # type: ignore[arg-type]
    assert info.value.status == 422


def test_unknown_format_is_refused() -> None:
    with pytest.raises(images.UnsupportedImageFormat):
        cropping.smart_crop(png(_object_sample().image), width=10, format="bmp", **LIMITS)


def test_format_follows_the_source_and_transparency_is_kept() -> None:
    sample = _object_sample()
    rgba = np.dstack([sample.image, np.where(sample.mask, 255, 0).astype(np.uint8)])
    out, _box, _focal, source = cropping.smart_crop(png(rgba), aspect="1:1", **LIMITS)
    assert out.format == "png"
    assert decode(out.data).mode == "RGBA"
    assert source == "saliency"
    jpeg_out, _box, _focal, _source = cropping.smart_crop(
        media_testset.encode_jpeg(sample.image), aspect="1:1", **LIMITS
    )
    assert jpeg_out.format == "jpeg"
    webp_out, _box, _focal, _source = cropping.smart_crop(png(rgba), aspect="1:1", format="webp", **LIMITS)
    assert webp_out.format == "webp"


def test_crop_pixels_come_from_the_box() -> None:
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, (120, 200, 3), dtype=np.uint8)
    out, box, _focal, source = cropping.smart_crop(png(pixels), aspect="1:1", focal_point=(1.0, 0.0), **LIMITS)
    assert (source, box) == ("caller", CropBox(80, 0, 120, 120))
    assert np.array_equal(array(out.data), pixels[:, 80:])


def test_limits() -> None:
    data = png(flat((100, 100), (9, 9, 9)))
    with pytest.raises(images.TooManyPixels):
        cropping.smart_crop(data, width=10, max_pixels=9_999, max_input_bytes=10**6)
    with pytest.raises(images.ImageTooLarge):
        cropping.smart_crop(data, width=10, max_pixels=10**6, max_input_bytes=10)
    with pytest.raises(images.NotAnImage):
        cropping.smart_crop(b"GIF", width=10, **LIMITS)


def test_the_yunet_detector_needs_its_model_file() -> None:
    with pytest.raises(FileNotFoundError, match="face detection model"):
        cropping.YuNetFaceDetector("/nonexistent/face_detection_yunet.onnx")


def test_spectral_residual_finds_a_small_spot_on_noise() -> None:
    rng = np.random.default_rng(5)
    pixels = np.clip(rng.normal(128, 6, (240, 320, 3)), 0, 255).astype(np.uint8)
    pixels[30:60, 240:270] = (250, 20, 20)
    saliency = cropping.spectral_residual(pixels)
    assert cropping.peakiness(saliency) >= cropping.SALIENCY_MIN_PEAK
    ys, xs = np.unravel_index(int(np.argmax(saliency)), saliency.shape)
    assert abs(xs / saliency.shape[1] - 255 / 320) < 0.1
    assert abs(ys / saliency.shape[0] - 45 / 240) < 0.1
    assert cropping.peakiness(cropping.spectral_residual(flat((320, 240), (50, 60, 70)))) < 1.5


def test_the_bundled_haar_detector_finds_the_astronauts_face_and_the_crop_keeps_it() -> None:
    from pathlib import Path

    from functions.media.imaging.cropping import default_face_detector, smart_crop

    photo = (Path(__file__).resolve().parents[2] / "fixtures" / "astronaut.jpg").read_bytes()
    detector = default_face_detector()
    assert detector is not None, "the media layer's OpenCV must ship the frontal-face cascade"
    result = smart_crop(photo, aspect="1:4", faces=detector, max_pixels=10**7, max_input_bytes=10**7)
    assert result.source == "face"
    assert result.box.contains(177, 66)
    assert result.box.contains(177 + 95, 66 + 95)
