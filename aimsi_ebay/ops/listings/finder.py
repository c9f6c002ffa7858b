"""Finding SKUs: the editor's search (paged, every word matched) and the quick-edit grid's rows.

Both filter in SQL: the search reads only the page it shows (and counts the rest), the grid reads
only the SKUs it is given, never every record to filter them in pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from aimsi_ebay.db import Database
from aimsi_ebay.ops.listings.records import SKU_SELECT, SkuInfo

# Where a search word may match (each word must match at least one of them).
SEARCHED = ("s.sku", "i.description", "i.vendor", "s.colour", "s.size", "s.upc")
PAGE_ITEMS = 40
GRID_COLUMNS = ("sku", "version", "title", "start_price", "quantity", "available", "update_ebay")


@dataclass
class SkuSearch:
    """One page of a search: the SKUs shown (every variant of each matching item) and the totals."""

    text: str
    skus: list[SkuInfo] = field(default_factory=list)
    total_items: int = 0
    total_skus: int = 0
    offset: int = 0
    page_items: int = PAGE_ITEMS

    @property
    def items_shown(self) -> int:
        return len({hit.item_id for hit in self.skus})

    @property
    def has_next(self) -> bool:
        return self.offset + self.items_shown < self.total_items

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    def summary(self) -> str:
        if not self.total_items:
            return f"no SKU matches {self.text.strip()!r}"
        first = self.offset + 1
        last = self.offset + self.items_shown
        return (f"showing {len(self.skus):,} of {self.total_skus:,} SKU(s) — items {first:,}–"
                f"{last:,} of {self.total_items:,}")


def _conditions(words: list[str]) -> tuple[str, list[str]]:
    one = "(" + " OR ".join(f"contains(lower(coalesce({c}, '')), ?)" for c in SEARCHED) + ")"
    return " AND ".join(one for _ in words), [w for w in words for _ in SEARCHED]


def find_skus(db: Database, text: str, *, offset: int = 0,
              page_items: int = PAGE_ITEMS) -> SkuSearch:
    """Items with a SKU matching every word of ``text`` (in its SKU, the item's description or
    vendor, or its colour, size or UPC), a page at a time, with every variant of each item."""
    words = [word for word in text.strip().lower().split() if word]
    result = SkuSearch(text, offset=max(0, int(offset)), page_items=int(page_items))
    if not words:
        return result
    where, parameters = _conditions(words)
    with db.read() as con:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE search_matched AS
            SELECT DISTINCT s.item_id, i.description FROM skus s
            JOIN items i ON i.item_id = s.item_id WHERE {where}""", parameters)
        result.total_items, result.total_skus = con.execute(
            "SELECT count(DISTINCT m.item_id), count(s.sku) FROM search_matched m"
            " JOIN skus s ON s.item_id = m.item_id").fetchone()
        rows = con.execute(
            f"""WITH page AS (SELECT item_id FROM search_matched
                ORDER BY description, item_id LIMIT ? OFFSET ?)
            {SKU_SELECT}
            JOIN page p ON p.item_id = s.item_id
            ORDER BY i.description, i.item_id, s.sku""",
            [result.page_items, result.offset]).fetchall()
        con.execute("DROP TABLE search_matched")
    result.skus = [SkuInfo(*row) for row in rows]
    return result


def search_skus(db: Database, text: str, *, limit_items: int = PAGE_ITEMS) -> list[SkuInfo]:
    """The first page of ``find_skus`` (the SKUs only)."""
    return find_skus(db, text, page_items=limit_items).skus


def grid_rows(db: Database, skus: list[str] | None) -> pd.DataFrame:
    """The grid's records (price as text) for ``skus`` (all records when None), read in SQL."""
    chosen = "" if skus is None else "WHERE r.sku IN (SELECT sku FROM grid_skus)"
    with db.read() as con:
        if skus is not None:
            con.register("grid_skus", pd.DataFrame({"sku": pd.Series(list(skus), dtype=object)}))
        frame = con.execute(
            f"""SELECT r.sku, r.version, r.title, coalesce(CAST(r.start_price AS VARCHAR), '')
                    AS start_price, r.quantity,
                    coalesce(s.qty_on_hand - s.qty_committed, 0) AS available, r.update_ebay
            FROM ebay_records r LEFT JOIN skus s ON s.sku = r.sku {chosen} ORDER BY r.sku"""
        ).df()
    for column in ("version", "quantity", "available"):
        frame[column] = frame[column].astype(int)
    frame["update_ebay"] = frame["update_ebay"].astype(bool)
    return frame[list(GRID_COLUMNS)]
