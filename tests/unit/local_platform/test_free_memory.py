"""The platform process gives memory its transients freed back to the system (``local_platform/free_memory.py``,
called after every data snapshot): what the 30-minute soak measured as growth was glibc's per-thread arenas keeping
freed pages resident."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from local_platform.free_memory import release_free_memory

ROOT = Path(__file__).resolve().parents[3]
# four threads allocate ~90 MiB of mid-sized blocks (glibc's arenas, not Python's own small-object pool), keep one in
# 250 (live data pins pages here and there, as stored data does) and free the rest
TRANSIENT = textwrap.dedent("""
    import json, threading, psutil
    from local_platform.free_memory import release_free_memory
    kept = []
    def transient(seed):
        blocks = [bytes(600 + (seed * 7919 + n * 104729) % 3400) for n in range(12000)]
        kept.extend(blocks[::250])
    rss = lambda: psutil.Process().memory_info().rss
    before = rss()
    threads = [threading.Thread(target=transient, args=(seed,)) for seed in range(4)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    freed = rss()
    trimmed = release_free_memory()
    print(json.dumps({"kept_after_free": freed - before, "kept_after_trim": rss() - before, "trimmed": trimmed}))
""")


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_freed_memory_of_many_threads_goes_back_to_the_system() -> None:
    out = subprocess.run([sys.executable, "-c", TRANSIENT], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    figures = json.loads(out.stdout)
    assert figures["trimmed"] is True
    assert figures["kept_after_free"] > 20 * 1024 * 1024, figures  # the premise: glibc keeps what threads freed
    assert figures["kept_after_trim"] < figures["kept_after_free"] / 4, figures


def test_it_answers_whether_this_c_library_can() -> None:
    assert release_free_memory() is (platform.libc_ver()[0] == "glibc")
