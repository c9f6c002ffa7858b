"""The rules of a sales download as SQL over its rows: ``pipeline.sql``, run in the reader's
in-memory DuckDB connection (no database). The stages, each a table or view named for what it
holds, are listed in the SQL file; this module runs them in two sections (the rows, then the
sales) and, between them, parses every distinct amount and date text once.

Money is parsed by ``sql.money.money_sql`` (the same rule as ``rules.money.to_money``,
property-tested); dates by :func:`text.parse_date`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from aimsi_ebay.formats.ebay.sales.layouts import EVERY_FIELD, PERSON_FIELDS
from aimsi_ebay.formats.ebay.sales.model import Duplicate, Rejection
from aimsi_ebay.formats.ebay.sales.text import parse_date, reason
from aimsi_ebay.sql.money import money_sql

SALE_FIELDS = (
    "row", "sales_record_number", "ebay_order_number", "buyer_user_id", "buyer_name",
    "buyer_email", "buyer_phone", "buyer_address1", "buyer_address2", "buyer_city", "buyer_state",
    "buyer_zip", "buyer_country", "ship_name", "ship_phone", "ship_address1", "ship_address2",
    "ship_city", "ship_state", "ship_zip", "ship_country", "shipping", "seller_tax", "ebay_tax",
    "ebay_charges", "total_price", "ebay_included", "payment_method", "payment_reference",
    "payment_memo", "sale_date", "paid_date", "shipping_service", "adjustment", "adjustment_kind",
    "closed_reason", "rows",
)  # fmt: skip
LINE_FIELDS = (
    "row", "line_no", "ebay_item_id", "ebay_transaction_id", "title", "sku", "quantity",
    "unit_price", "amount", "variation",
)  # fmt: skip
_AMOUNT_FIELDS = (
    "shipping", "insurance", "handling_fee", "cod_fee", "seller_tax", "ebay_tax", "ebay_charges",
    "total", "price",
)  # fmt: skip
# eBay's own footer lines, by their first two cells: "358","record(s) downloaded",… and
# "Seller ID : …" (padded to the header's width or not).
_FOOTER = r"^\s*(\d+\s*,?\s*record\(s\)\s+downloaded|seller\s+id\s*:)"
_MASKED = "--"  # eBay's masking of a buyer's name, address and phone on old orders
# Rows per Arrow record batch of the sales and lines: several batches, so that DuckDB scans them
# in parallel when they are staged (one batch is scanned by one thread).
_ARROW_BATCH = 16_384


@dataclass
class Grouped:
    """The pipeline's result: the sales and lines (Arrow), and the account of the rows."""

    sales: pa.Table
    lines: pa.Table
    rejections: list[Rejection]
    duplicates: list[Duplicate] = field(default_factory=list)
    sale_rows: int = 0
    footer_rows: int = 0
    rejected_rows: int = 0


@cache
def _sections() -> dict[str, list[str]]:
    """The SQL file's sections, each a list of statements."""
    text = resources.files(__package__).joinpath("pipeline.sql").read_text(encoding="utf-8")
    text = text.replace("{every_field}", ", ".join(f"k.{name}" for name in EVERY_FIELD))
    found: dict[str, list[str]] = {}
    for part in text.split("-- section: ")[1:]:
        name, _, body = part.partition("\n")
        found[name.strip()] = [s.strip() for s in body.split(";\n") if _has_sql(s)]
    return found


def _has_sql(statement: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in statement.split("\n"))


def group_sales(
    con: duckdb.DuckDBPyConnection, fields: list[str], labels: dict[str, str]
) -> Grouped:
    """The sales and lines of the rows in ``raw`` (``row_no``, ``lead``, ``fields``: stripped)."""
    columns = []
    for name in EVERY_FIELD:
        if name not in fields:
            columns.append(f"'' AS {name}")
        elif name in PERSON_FIELDS:
            columns.append(f"CASE WHEN {name} = '{_MASKED}' THEN '' ELSE {name} END AS {name}")
        else:
            columns.append(name)
    con.execute(
        "CREATE VIEW file_rows AS SELECT row_no AS seq, row_no,"  # row_no rises with the file
        f" regexp_matches(lead, '{_FOOTER}', 'i') AS footer, {', '.join(columns)} FROM raw"
    )
    for statement in _sections()["rows"]:
        con.execute(statement)
    _parse_texts(con)
    for statement in _sections()["sales"]:
        con.execute(statement)
    rejections = [
        Rejection(row, labels.get(name, name), reason(code, text))
        for row, name, code, text in con.execute(
            "SELECT row_no, 'order_number', 'text', 'neither an order number nor a sales"
            " record number' FROM unique_rows WHERE gkey IS NULL UNION ALL"
            " SELECT err.rn, err.field, err.code, err.text FROM checked_sales"
            " WHERE err IS NOT NULL"
        ).fetchall()
    ]
    duplicates = [
        Duplicate(row, same_as)
        for row, same_as in con.execute(
            "SELECT row_no, same_as FROM duplicate_rows ORDER BY row_no"
        ).fetchall()
    ]
    footer_rows, rejected_rows = con.execute(
        "SELECT (SELECT count(*) FROM file_rows WHERE footer),"
        " (SELECT count(*) FROM unique_rows WHERE gkey IS NULL)"
        " + (SELECT coalesce(sum(rows), 0) FROM checked_sales WHERE err IS NOT NULL)"
    ).fetchone()
    sales = con.execute(
        f"SELECT gkey, {', '.join(SALE_FIELDS)}, merchandise, review FROM sales ORDER BY row"
    ).to_arrow_table(_ARROW_BATCH)
    lines = con.execute(
        f"SELECT gkey, {', '.join(LINE_FIELDS)} FROM sale_lines ORDER BY gkey, line_no"
    ).to_arrow_table(_ARROW_BATCH)
    return Grouped(
        sales,
        lines,
        rejections,
        duplicates,
        sale_rows=int(pc.sum(sales["rows"]).as_py() or 0),
        footer_rows=int(footer_rows),
        rejected_rows=int(rejected_rows),
    )


def _parse_texts(con: duckdb.DuckDBPyConnection) -> None:
    """``date_texts`` (t, d) and ``money`` (t, amount): each distinct text of the sales' rows
    parsed once."""
    texts = [
        t
        for (t,) in con.execute(
            "SELECT DISTINCT t FROM (SELECT unnest([sale_date, paid_date]) AS t FROM unique_rows)"
            " WHERE t <> ''"
        ).fetchall()
    ]
    con.register(
        "date_texts_arrow",
        pa.table(
            {
                "t": pa.array(texts, pa.string()),
                "d": pa.array([parse_date(t) for t in texts], pa.date32()),
            }
        ),
    )
    con.execute("CREATE TABLE date_texts AS SELECT * FROM date_texts_arrow")
    con.unregister("date_texts_arrow")
    amounts = ", ".join(_AMOUNT_FIELDS)
    con.execute(
        "CREATE TABLE money AS "
        + money_sql(
            f"(SELECT DISTINCT t FROM (SELECT unnest([{amounts}]) AS t FROM unique_rows)"
            " WHERE t <> '')"
        )
    )
