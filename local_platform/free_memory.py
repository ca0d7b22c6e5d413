"""Hand the C allocator's free memory back to the system.

The platform process serves with a hundred threads, and glibc's malloc gives threads arenas of their own; memory a
transient freed (the data snapshot's pickler memo, a large response) stays in those arenas, counted in the process's
resident size, until malloc happens to reuse it. ``malloc_trim`` returns the free pages of every arena to the system
(glibc ≥ 2.8). Elsewhere (macOS, musl) there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
import functools
from typing import Any


@functools.cache
def _malloc_trim() -> Any:
    try:
        process = ctypes.CDLL(None)  # the symbols the process has loaded, the C library's among them
    except OSError:
        return None
    return getattr(process, "malloc_trim", None)


def release_free_memory() -> bool:
    """Give the allocator's free pages back; whether this C library can (glibc)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
