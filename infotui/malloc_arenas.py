"""One malloc arena for the whole process, where the C library is glibc.

glibc gives each thread that allocates its own arena (up to eight per core), and an
arena's free space serves only the threads attached to it. infotui loads its database
layer and reads the store in worker threads while the UI thread draws: with an arena
each, every thread keeps megabytes the others could have reused. Measured at 100,000
contacts with the live, contacts and search screens used: a peak of 111 MiB with an
arena per thread, 107 MiB with one (``MALLOC_ARENA_MAX=1``). The threads rarely
allocate at the same moment (they share the interpreter's lock), so one arena costs no
waiting to speak of. Python's own small objects do not go through malloc's arenas.
"""

from __future__ import annotations

import os
import sys

M_ARENA_MAX = -8  # malloc.h


def use_one_arena() -> bool:
    """Ask glibc for a single arena, before the process starts its threads; whether it
    took it (not glibc, or no ctypes: nothing changes)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return False
    except (ValueError, OSError):  # musl: no such name
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (ImportError, OSError, AttributeError):  # a Python without ctypes
        return False
    return bool(mallopt(M_ARENA_MAX, 1))
