"""The size limits of the image operations, in one place: ``design_agent.images`` enforces them and the API models
publish them (without importing Pillow)."""

from __future__ import annotations

from typing import Final

MAX_OUTPUT_EDGE: Final = 8192
MAX_OUTPUT_PIXELS: Final = 25_000_000
"""Output limit of every operation (a 6124x4082 photo; a 5000x5000 square): what a Lambda encodes well within
API Gateway's 29 s, even as WebP (the slowest writer). Larger outputs are 422 ``image-output-too-large`` before
anything is decoded."""
MAX_SEARCH_PIXELS: Final = 4_000_000
"""``compress`` with ``target_bytes`` encodes the image up to ``images.MAX_SEARCH_STEPS`` times, at the slowest effort:
only images up to this size (a 4-megapixel photo) are searched; resize larger ones first, or give a quality."""
