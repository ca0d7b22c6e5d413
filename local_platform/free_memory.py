"""Hand the C allocator's free memory back to the system.

The platform process serves with a hundred threads, and glibc's malloc gives threads arenas of their own; memory a
transient freed (the data snapshot's pickler memo, a large response) stays in those arenas, counted in the process's
resident size, until malloc happens to reuse it. ``malloc_trim`` returns the free pages of every arena to the system
(glibc ≥ 2.8). Elsewhere (macOS, musl) there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any


@functools.cache
def _malloc_trim() -> Any:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    return getattr(ctypes.CDLL(name), "malloc_trim", None)


def release_free_memory() -> bool:
    """Give the allocator's free pages back; whether this C library can (glibc)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
