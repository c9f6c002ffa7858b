"""Past export batches: the list, and each batch's file exactly as it was sent."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from aimsi_ebay.db import Database
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.export.publishing import check_out_path, sha256_of

if TYPE_CHECKING:  # pandas loads when a batch is read back, not with the export dashboard
    import pandas as pd


@dataclass(frozen=True)
class BatchSummary:
    batch_id: int
    account: str
    file_name: str
    test_mode: bool
    rows_exported: int
    rows_skipped: int
    created_at: datetime
    created_by: str
    criteria: dict[str, str]


def list_batches(db: Database, *, limit: int = 100) -> list[BatchSummary]:
    """The most recent export batches, newest first."""
    with db.read() as con:
        rows = con.execute(
            "SELECT b.batch_id, a.name, b.file_name, b.test_mode, b.rows_exported, b.rows_skipped,"
            " b.created_at, b.created_by, b.criteria FROM export_batches b"
            " LEFT JOIN seller_accounts a ON a.account_id = b.account_id"
            " ORDER BY b.batch_id DESC LIMIT ?",
            [limit],
        ).fetchall()
    return [BatchSummary(*row[:8], json.loads(row[8] or "{}")) for row in rows]


def batch_rows(db: Database, batch_id: int) -> pd.DataFrame:
    """Every row of a past batch exactly as sent (text, one column per upload column), from its file."""
    _, content = batch_file(db, batch_id)
    parsed = upload.read_upload(content)
    import pandas as pd

    return pd.DataFrame(parsed.rows, columns=["Action", *upload.COLUMNS], dtype=object)


def batch_file(db: Database, batch_id: int) -> tuple[str, str]:
    """(file name, content) of a past batch, exactly as it was written (checked by sha256)."""
    name, path = _checked_file(db, batch_id)
    return name, path.read_text(encoding="utf-8")


def archived_file(db: Database, batch_id: int) -> Path:
    """The archived file of a past batch, checked by sha256 (the dashboard serves it as a file
    rather than reading it into the page)."""
    return _checked_file(db, batch_id)[1]


def _checked_file(db: Database, batch_id: int) -> tuple[str, Path]:
    with db.read() as con:
        row = con.execute(
            "SELECT file_name, file_path, file_sha256 FROM export_batches WHERE batch_id = ?",
            [batch_id],
        ).fetchone()
    if row is None or row[1] is None:
        raise NotFoundError("export batch", batch_id)
    name, path, expected = row[0], Path(row[1]), row[2]
    if not path.exists():
        raise InputError(f"export batch {batch_id}: its archived file {path} is missing")
    if sha256_of(path) != expected:
        raise InputError(f"export batch {batch_id}: {path} was changed after the export "
                         "(sha256 differs); it is not the file that was sent")
    return name, path


def write_batch_file(db: Database, batch_id: int, out: str | os.PathLike[str]) -> tuple[str, Path]:
    """Write a past batch's file to ``out`` again (never through a symbolic link); returns the
    batch's file name and the path written."""
    target = check_out_path(out)
    name, content = batch_file(db, batch_id)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8", newline="") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return name, target
