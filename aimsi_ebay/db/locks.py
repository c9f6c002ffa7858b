"""A lock file shared by readers and held alone by a writer, on Linux, macOS and Windows.

DuckDB lets one process hold a file read-write and then no other may even read it, so every
connection is taken under this lock. portalocker gives the same shared/exclusive semantics on
every platform (flock on POSIX, LockFileEx on Windows); waiting is bounded, with jitter.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import portalocker


@contextmanager
def file_lock(
    path: Path, *, exclusive: bool, timeout: float, busy: Callable[[], Exception]
) -> Iterator[None]:
    """Hold ``path`` shared (readers) or exclusive (a writer); raise ``busy()`` after ``timeout``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = portalocker.LOCK_EX if exclusive else portalocker.LOCK_SH
    with open(path, "a+b") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                portalocker.lock(handle, flags | portalocker.LOCK_NB)
                break
            except portalocker.LockException:
                if time.monotonic() > deadline:
                    raise busy() from None
                time.sleep(random.uniform(0.01, 0.08))
        try:
            yield
        finally:
            portalocker.unlock(handle)
