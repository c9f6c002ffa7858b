"""The eBay category tree: load, reload, look up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from aimsi_ebay import audit
from aimsi_ebay.db import Database
from aimsi_ebay.formats.categories import read_category_tree

# The invalid_reason prefix written by a category reload; cleared again when the category returns.
CATEGORY_REASON_PREFIX = "category:"


@dataclass(frozen=True)
class CategoryLoadReport:
    file: str
    version: str | None
    categories: int
    leaves: int
    records_flagged: int
    records_cleared: int


def load_categories(db: Database, path: str | Path) -> CategoryLoadReport:
    """Replace the tree with the file's; flag records whose category vanished or is no leaf."""
    tree = read_category_tree(path)
    frame = pd.DataFrame(
        {
            "category_id": [c.category_id for c in tree.categories],
            "name": [c.name for c in tree.categories],
            "parent_id": [c.parent_id for c in tree.categories],
            "level": [c.level for c in tree.categories],
            "is_leaf": [c.is_leaf for c in tree.categories],
            "full_path": [c.full_path for c in tree.categories],
        }
    )
    with db.write() as con:
        con.register("incoming_categories", frame)
        con.execute("DELETE FROM ebay_categories")
        con.execute(
            "INSERT INTO ebay_categories"
            " (category_id, name, parent_id, level, is_leaf, full_path, tree_version)"
            " SELECT category_id, name, parent_id, level, is_leaf, full_path, ? FROM incoming_categories",
            [tree.version],
        )
        flagged, cleared = _flag_records_for_tree(con)
        audit.record(
            con, "load", "ebay_categories", Path(path).name,
            after={"version": tree.version, "categories": len(frame), "flagged": flagged},
        )
    return CategoryLoadReport(
        Path(path).name, tree.version, len(frame), int(frame["is_leaf"].sum()), flagged, cleared
    )


def _flag_records_for_tree(con) -> tuple[int, int]:
    """Set or clear the category reason on records, set-based; returns (flagged, cleared)."""
    con.execute(
        """
        CREATE TEMP TABLE category_check AS
        SELECT r.sku,
               CASE
                 WHEN r.category1_id IS NOT NULL AND c1.category_id IS NULL
                   THEN 'category: category 1 ' || r.category1_id || ' is no longer in the eBay tree'
                 WHEN c1.category_id IS NOT NULL AND NOT c1.is_leaf
                   THEN 'category: category 1 ' || r.category1_id || ' is no longer a leaf category'
                 WHEN r.category2_id IS NOT NULL AND c2.category_id IS NULL
                   THEN 'category: category 2 ' || r.category2_id || ' is no longer in the eBay tree'
                 WHEN c2.category_id IS NOT NULL AND NOT c2.is_leaf
                   THEN 'category: category 2 ' || r.category2_id || ' is no longer a leaf category'
               END AS reason
        FROM ebay_records r
        LEFT JOIN ebay_categories c1 ON c1.category_id = r.category1_id
        LEFT JOIN ebay_categories c2 ON c2.category_id = r.category2_id
        """
    )
    flagged = con.execute(
        """
        UPDATE ebay_records SET invalid_reason = k.reason
        FROM category_check k
        WHERE k.sku = ebay_records.sku AND k.reason IS NOT NULL
          AND ebay_records.invalid_reason IS DISTINCT FROM k.reason
        """
    ).fetchone()[0]
    cleared = con.execute(
        """
        UPDATE ebay_records SET invalid_reason = NULL
        FROM category_check k
        WHERE k.sku = ebay_records.sku AND k.reason IS NULL
          AND starts_with(ebay_records.invalid_reason, ?)
        """,
        [CATEGORY_REASON_PREFIX],
    ).fetchone()[0]
    con.execute("DROP TABLE category_check")
    return int(flagged), int(cleared)
