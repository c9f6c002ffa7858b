"""The export's selection: the flagged records the criteria pick, each with its verdict.

The selection reads the records with the criteria as filters: a view for the dashboard's grid,
a copy of the columns it sends for an export (which reads them several times); the listing rules
(``problems_sql``) run over it in one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import duckdb

from aimsi_ebay.db import Database
from aimsi_ebay.ops.accounts import account_rows, get_account
from aimsi_ebay.ops.export.criteria import ExportCriteria
from aimsi_ebay.sql.listing_checks import RECORD_COLUMNS, problems_sql, record_key_sql
from aimsi_ebay.sql.literal import literal

# What an export reads of a picked record: the listing rules' columns, its eBay item and template.
EXPORT_COLUMNS = (*RECORD_COLUMNS, "ebay_item_id", "template_id")
# The inventory rows of the picked records (an export's copy): what the stock rules and the
# templates' colour, size and UPC read, from one join with every SKU instead of one each.
STOCK = "export_stock"


@dataclass(frozen=True)
class SelectionRow:
    """One flagged record as the export grid shows it."""

    sku: str
    title: str
    vendor: str | None
    department: str | None
    item_category: str | None
    ebay_category: str | None
    start_price: Decimal | None
    listing_format: str
    action: str  # Add or Revise
    ebay_item_id: str | None
    default_account: str | None
    last_exported_at: datetime | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    account_mismatch: bool

    @property
    def valid(self) -> bool:
        return not self.errors



def select_into(con: duckdb.DuckDBPyConnection, criteria: ExportCriteria,
            skus: Sequence[str] | None, *, details: bool = False,
            own_account: int | None = None, copy: bool = False, rowids: bool = False) -> None:
    """Temporary relations for the flagged records that ``criteria`` (and ``skus``) pick.

    ``export_records`` is a view of those records (with vendor, department, item category and
    default account name when ``details``): it reads the table with the criteria as filters, so
    the wide description and the pictures are read for the picked rows only. With ``copy`` it
    is a temporary table of the ``EXPORT_COLUMNS`` instead: an export reads the picked rows
    four times (the rules, the templates' planning, the file, the snapshot), and reading the
    stored, compressed text again each time cost more than copying it once. The copy also says
    which rows the record's own rules need not run on (``checked``) and which HTML descriptions
    can be placed as they are (``placeable``), from the facts stored on the record where they
    are fresh (``record_checks``); elsewhere they are NULL and decided as before. A view is valid
    until Update eBay is cleared, so ``_record_rows`` reads it last and drops it. A copy comes
    with ``STOCK``, the picked records' rows of the inventory, and with ``rowids`` (a DuckDB
    file: an attached PostgreSQL table has none) each record's ``record_rowid``, for the
    export's UPDATE to find its rows without comparing SKUs.
    ``export_verdicts`` holds the errors and warnings of each record with problems.
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE export_criteria AS {criteria.values_sql(own_account)}")
    where = criteria.where(own_account_only=own_account is not None)
    if skus is not None:
        import pandas as pd  # only an export of chosen rows needs it, not the dashboard's first read

        con.register("export_chosen", pd.DataFrame({"sku": pd.Series(list(skus), dtype=object)}))
        where += " AND r.sku IN (SELECT sku FROM export_chosen)"
    items = details or criteria.uses_items()
    account = details or criteria.default_account is not None
    if copy:  # with the stored facts, where they are fresh (ops/export/record_checks.py)
        fresh = f"coalesce(r.checks_key = {record_key_sql('r')}, FALSE)"
        columns = (", ".join(f"r.{name}" for name in EXPORT_COLUMNS)
                   + f", {fresh} AND coalesce(r.checks_clean, FALSE) AS checked,"
                   f" CASE WHEN {fresh} THEN r.description_placeable END AS placeable"
                   + (", r.rowid AS record_rowid" if rowids else ""))
    else:
        columns = (f"r.*{', i.vendor, i.department, i.category AS item_category' if items else ''}"
                   f"{', da.name AS default_account' if account else ''}")
    con.execute(
        f"""CREATE OR REPLACE TEMP {"TABLE" if copy else "VIEW"} export_records AS
        SELECT {columns}
        FROM ebay_records r CROSS JOIN export_criteria c
        {"LEFT JOIN skus s ON s.sku = r.sku LEFT JOIN items i ON i.item_id = s.item_id" if items else ""}
        {"LEFT JOIN seller_accounts da ON da.account_id = r.account_id" if account else ""}
        WHERE {where}"""
    )
    if copy:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {STOCK} AS
            SELECT s.sku, s.qty_on_hand, s.qty_committed, s.colour, s.size, s.upc
            FROM skus s SEMI JOIN export_records r ON r.sku = s.sku""")
    # The listing rules, once, over the whole selection; one line per record with problems.
    checks = (problems_sql("export_records", trusted="checked", stock=STOCK) if copy
              else problems_sql("export_records"))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE export_verdicts AS
        SELECT sku,
            list(field || ': ' || message ORDER BY field, message) FILTER (WHERE severity = 'error') AS errors,
            list(field || ': ' || message ORDER BY field, message) FILTER (WHERE severity = 'warning') AS warnings
        FROM ({checks}) GROUP BY sku"""
    )


@dataclass(frozen=True)
class Opening:
    """What the export dashboard shows first: the accounts, the one chosen, its selection."""

    account_names: list[str]
    account: str | None
    rows: list[SelectionRow]


def opening(db: Database, criteria: ExportCriteria, account: str | None = None) -> Opening:
    """The accounts, the account to show (``account`` if active, else the busiest, else the
    first) and its selection, in ONE read: each read opens the file again, and the dashboard's
    first paint waits for these."""
    with db.read() as con:
        names = [a.name for a in account_rows(con)]
        if account not in names:
            account = _busiest_account_on(con) or (names[0] if names else None)
        return Opening(names, account, _select_records_on(con, criteria, account))


def select_records(db: Database, criteria: ExportCriteria, account: str | None = None) -> list[SelectionRow]:
    """The flagged records matching ``criteria``, each with its validation and account mark."""
    with db.read() as con:
        return _select_records_on(con, criteria, account)


def _select_records_on(
    con: duckdb.DuckDBPyConnection, criteria: ExportCriteria, account: str | None
) -> list[SelectionRow]:
    account_id = get_account(con, account).account_id if account else None
    select_into(con, criteria, None, details=True)
    rows = con.execute(
        f"""SELECT e.sku, e.title, e.vendor, e.department, e.item_category, e.category1_id,
            e.start_price, e.listing_format,
            CASE WHEN nullif(trim(e.ebay_item_id), '') IS NULL THEN 'Add' ELSE 'Revise' END,
            e.ebay_item_id, e.default_account, e.last_exported_at,
            coalesce(v.errors, []), coalesce(v.warnings, []),
            coalesce(e.account_id <> {literal(account_id, "BIGINT")}, FALSE)
        FROM export_records e LEFT JOIN export_verdicts v USING (sku) ORDER BY e.sku"""
    ).fetchall()
    return [SelectionRow(*row[:12], tuple(row[12]), tuple(row[13]), row[14]) for row in rows]


def busiest_account(db: Database) -> str | None:
    """The active account that most records flagged Update eBay have as their default."""
    with db.read() as con:
        return _busiest_account_on(con)


def _busiest_account_on(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "SELECT a.name FROM ebay_records r JOIN seller_accounts a ON a.account_id = r.account_id"
        " WHERE r.update_ebay AND a.active GROUP BY a.name ORDER BY count(*) DESC, a.name LIMIT 1"
    ).fetchone()
    return row[0] if row else None

