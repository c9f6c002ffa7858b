"""Import batches as the Import orders dashboard lists them: which files still have work waiting."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aimsi_ebay.db import Database


@dataclass(frozen=True)
class BatchInfo:
    batch_id: int
    file_name: str
    account: str | None
    created_at: datetime
    sales: int
    waiting: int  # staged or held: not ordered yet

    @property
    def label(self) -> str:
        return (
            f"#{self.batch_id} {self.file_name} · {self.account or '?'} · "
            f"{self.created_at:%Y-%m-%d %H:%M} · {self.waiting} of {self.sales} waiting"
        )


def recent_batches(
    db: Database, *, limit: int = 30, batch_id: int | None = None
) -> list[BatchInfo]:
    """The latest import batches (or just ``batch_id``): those with sales waiting first, then newest."""
    with db.read() as con:
        rows = con.execute(
            """
            SELECT b.batch_id, b.file_name, a.name, b.created_at, count(s.staged_sale_id),
                   count(s.staged_sale_id) FILTER (WHERE s.status IN ('staged', 'held'))
            FROM import_batches b
            LEFT JOIN seller_accounts a ON a.account_id = b.account_id
            LEFT JOIN staged_sales s ON s.batch_id = b.batch_id
            WHERE CAST(? AS BIGINT) IS NULL OR b.batch_id = ?
            GROUP BY ALL
            ORDER BY (count(s.staged_sale_id) FILTER (WHERE s.status IN ('staged', 'held')) > 0) DESC,
                     b.batch_id DESC
            LIMIT ?
            """,
            [batch_id, batch_id, limit],
        ).fetchall()
    return [BatchInfo(*row) for row in rows]


def batch_info(db: Database, batch_id: int) -> BatchInfo | None:
    found = recent_batches(db, limit=1, batch_id=batch_id)
    return found[0] if found else None


def move_to_imported(path: Path) -> Path:
    """An inbox file, once staged, moves to ``inbox/imported/`` (a number added if the name is
    taken there), so the inbox lists only what is still to import."""
    target_folder = path.parent / "imported"
    target_folder.mkdir(exist_ok=True)
    target = target_folder / path.name
    number = 1
    while target.exists():
        number += 1
        target = target_folder / f"{path.stem}.{number}{path.suffix}"
    return Path(shutil.move(str(path), str(target)))
