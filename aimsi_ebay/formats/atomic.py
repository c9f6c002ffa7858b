"""Write a file so readers see the old version or the new one, never half of one.

The shipping desk's WorldShip or FedEx Ship Manager may read the lookup file at any moment; a
file rewritten in place could be read half-written. So: write a temporary file in the same folder
(same file system, so the rename is atomic), flush it to disk, then rename it over the target.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(target: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> Path:
    """Write ``data`` (bytes, or an iterable of byte blocks) to ``target`` atomically.

    The temporary file is removed again if anything fails; the target is then unchanged.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            for block in (data,) if isinstance(data, (bytes, bytearray, memoryview)) else data:
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
