"""What the readers that let DuckDB split a CSV share: when DuckDB splits the bytes as Python's
``csv`` would, and a file on disk for ``read_csv`` to read."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_LONE_CR = re.compile(rb"\r(?!\n)")  # a carriage return that does not end a line


def duckdb_splits_like_python(data: bytes) -> bool:
    """False for bytes DuckDB's reader splits differently from Python's ``csv`` (a NUL, DuckDB's
    unit separator, a carriage return that does not end a line): those take the Python path."""
    return not (b"\x00" in data or b"\x1f" in data or _LONE_CR.search(data))


def line_count(data: bytes) -> int:
    """Lines in ``data``, the last one counted even without its line feed."""
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


@contextmanager
def file_holding(data: bytes, path: Path | None) -> Iterator[Path]:
    """``path`` when it is the file the bytes came from, else a temporary copy removed after
    (an upload in the dashboard has no file of its own)."""
    if path is not None and Path(path).is_file():
        yield Path(path)
        return
    temporary = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)  # noqa: SIM115
    try:
        temporary.write(data)
        temporary.close()
        yield Path(temporary.name)
    finally:
        Path(temporary.name).unlink(missing_ok=True)
