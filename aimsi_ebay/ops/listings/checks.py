"""Run the listing rules: every record set-based, or one record as edited (not yet saved)."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from aimsi_ebay.db import Database
from aimsi_ebay.rules.listing_policy import ITEM_SPECIFICS, Problem
from aimsi_ebay.sql.listing_checks import problems_sql


def check_records(con: duckdb.DuckDBPyConnection, source: str = "ebay_records") -> list[Problem]:
    """Every problem of every record in ``source`` (set-based), sorted by sku and field."""
    rows = con.execute(
        f"SELECT * FROM ({problems_sql(source)}) ORDER BY sku, severity, field, message"
    ).fetchall()
    return [Problem(*row) for row in rows]


def check_record(
    con: duckdb.DuckDBPyConnection, record: dict[str, Any], image_urls: list[str]
) -> list[Problem]:
    """The problems of one record as edited (not yet saved), by the same SQL as everywhere."""
    columns = (
        "sku", "listing_format", "duration", "title", "subtitle", "category1_id", "category2_id",
        "condition_id", "start_price", "buy_it_now_price", "reserve_price", "quantity",
        "description", "description_is_html", "invalid_reason", *ITEM_SPECIFICS,
    )
    row = {column: _text_or_value(record.get(column)) for column in columns}
    con.register("candidate_frame", pd.DataFrame([row], columns=list(columns), dtype=object))
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE candidate_record AS"
            " SELECT *, CAST(? AS VARCHAR[]) AS image_urls FROM candidate_frame",
            [list(image_urls)],
        )
        return check_records(con, "candidate_record")
    finally:
        con.unregister("candidate_frame")
        con.execute("DROP TABLE IF EXISTS candidate_record")


def errors_of(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity == "error"]


def _text_or_value(value: Any) -> Any:
    # Decimals cross to DuckDB as text and are cast back to DECIMAL(12,2) in the SQL.
    if value is None or isinstance(value, (str, bool, int)):
        return value
    return str(value)


def check_draft(db: Database, record: dict[str, Any], image_urls: list[str]) -> list[Problem]:
    """The problems of a record as the operator is editing it (nothing is written)."""
    with db.read() as con:
        return check_record(con, record, image_urls)
