"""The eBay category tree: load, reload, look up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.categories import Category, read_category_tree

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


def load_categories(db: Database, path: str | Path, *, replace: bool = False) -> CategoryLoadReport:
    """Replace the tree with the file's; flag records whose category vanished or is no leaf.

    A reload that would remove more than half of the tree in the database (a one-category file
    over eBay's 418) is refused unless ``replace``: a truncated download must not silently
    flag most records as invalid.
    """
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
        held, removed = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE category_id NOT IN"
            " (SELECT category_id FROM incoming_categories)) FROM ebay_categories"
        ).fetchone()
        if not replace and removed * 2 > held:
            raise InputError(
                f"would remove {removed} of the {held} categories in the database (the file has "
                f"{len(frame)}); pass --replace if that is meant", file=Path(path).name)
        con.execute("DELETE FROM ebay_categories")
        con.execute(
            "INSERT INTO ebay_categories"
            " (category_id, name, parent_id, level, is_leaf, full_path, tree_version)"
            " SELECT category_id, name, parent_id, level, is_leaf, full_path, ?"
            " FROM incoming_categories",
            [tree.version],
        )
        flagged, cleared = flag_records_for_tree(con)
        audit.record(
            con, "load", "ebay_categories", Path(path).name,
            after={"version": tree.version, "categories": len(frame), "flagged": flagged},
        )
    return CategoryLoadReport(
        Path(path).name, tree.version, len(frame), int(frame["is_leaf"].sum()), flagged, cleared
    )


def flag_records_for_tree(con) -> tuple[int, int]:
    """Set or clear the category reason on records, set-based; returns (flagged, cleared)."""
    con.execute(
        """
        CREATE TEMP TABLE category_check AS
        SELECT r.sku,
               CASE
                 WHEN r.category1_id IS NOT NULL AND c1.category_id IS NULL
                   THEN 'category: category 1 ' || r.category1_id
                        || ' is no longer in the eBay tree'
                 WHEN c1.category_id IS NOT NULL AND NOT c1.is_leaf
                   THEN 'category: category 1 ' || r.category1_id
                        || ' is no longer a leaf category'
                 WHEN r.category2_id IS NOT NULL AND c2.category_id IS NULL
                   THEN 'category: category 2 ' || r.category2_id
                        || ' is no longer in the eBay tree'
                 WHEN c2.category_id IS NOT NULL AND NOT c2.is_leaf
                   THEN 'category: category 2 ' || r.category2_id
                        || ' is no longer a leaf category'
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


# -- look-ups for pickers and validation messages --------------------------------------------

# A category as a picker shows it: the same record the tree reader produces.
CategoryNode = Category


_NODE_COLUMNS = "category_id, name, parent_id, level, is_leaf, full_path"


def category_children(con, parent_id: str | None = None) -> list[CategoryNode]:
    """The children of ``parent_id`` (the top level when None), by name: one drill-down step."""
    if parent_id is None:
        rows = con.execute(
            f"SELECT {_NODE_COLUMNS} FROM ebay_categories WHERE parent_id IS NULL ORDER BY name"
        ).fetchall()
    else:
        rows = con.execute(
            f"SELECT {_NODE_COLUMNS} FROM ebay_categories WHERE parent_id = ? ORDER BY name",
            [str(parent_id)],
        ).fetchall()
    return [CategoryNode(*row) for row in rows]


def search_categories(
    con, text: str, *, leaves_only: bool = False, limit: int = 50
) -> list[CategoryNode]:
    """Categories whose name contains every word of ``text`` (case-insensitive), or whose id is
    ``text``; best first (name starts with the text, then shallower, then by path)."""
    words = [word for word in text.strip().lower().split() if word]
    if not words:
        return []
    conditions = " AND ".join("contains(lower(name), ?)" for _ in words)
    leaf = " AND is_leaf" if leaves_only else ""
    rows = con.execute(
        f"SELECT {_NODE_COLUMNS} FROM ebay_categories"
        f" WHERE (({conditions}) OR category_id = ?){leaf}"
        " ORDER BY category_id = ? DESC, starts_with(lower(name), ?) DESC, level, full_path"
        " LIMIT ?",
        [*words, text.strip(), text.strip(), words[0], int(limit)],
    ).fetchall()
    return [CategoryNode(*row) for row in rows]


def category_path(con, category_id: str | None) -> list[CategoryNode]:
    """The chain from the top level down to ``category_id``; empty when it is not in the tree.

    Walked one parent at a time (a tree is at most a few levels deep), not by a recursive
    query: over an attached PostgreSQL table DuckDB 1.5.5 ends a recursive CTE after its first
    step, so the chain would be short on the shared backend."""
    chain: list[CategoryNode] = []
    seen: set[str] = set()
    current = str(category_id) if category_id else None
    while current and current not in seen and len(chain) <= 20:
        node = category_node(con, current)
        if node is None:
            break
        chain.append(node)
        seen.add(current)
        current = node.parent_id
    return chain[::-1]


def category_node(con, category_id: str | None) -> CategoryNode | None:
    """One category, or None when it is not in the tree."""
    if not category_id:
        return None
    row = con.execute(
        f"SELECT {_NODE_COLUMNS} FROM ebay_categories WHERE category_id = ?", [str(category_id)]
    ).fetchone()
    return CategoryNode(*row) if row else None


# -- the same look-ups for callers that hold no connection (dashboards) ------------------------


def children_of(db: Database, parent_id: str | None = None) -> list[CategoryNode]:
    with db.read() as con:
        return category_children(con, parent_id)


def search(db: Database, text: str, *, leaves_only: bool = False, limit: int = 40) -> list[CategoryNode]:
    with db.read() as con:
        return search_categories(con, text, leaves_only=leaves_only, limit=limit)


def path_of(db: Database, category_id: str | None) -> list[CategoryNode]:
    with db.read() as con:
        return category_path(con, category_id)


def node_of(db: Database, category_id: str | None) -> CategoryNode | None:
    with db.read() as con:
        return category_node(con, category_id)
