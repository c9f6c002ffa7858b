"""``payouts import FILE --account NAME``: eBay's Transaction report into the books.

One write transaction: the report's rows are kept under the reader's row key (a re-import or an
overlapping date range adds nothing; a row downloaded again after it was paid out gets its
payout columns filled in). Unknown types are kept and listed. Then, over every row of the account
(so a report imported before its sales download is booked once the orders exist):

- Order rows are matched to our order by eBay order number; their gross should equal the deposit;
- fees are booked per order (``order_fees``, one row per fee column);
- Payout rows become ``ebay_payouts`` (what reached the bank: − the row's net);
- shipping labels with an order become that order's carrier cost (a shipment, carrier ``ebay``);
- Refund rows become refunds against the order's deposit (``refunds.settle_refunds``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.ids import id_sql, next_id
from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.transactions import KNOWN_TYPES, TransactionReport, read_transactions
from aimsi_ebay.ops.reconcile import money_summary, ship_summary
from aimsi_ebay.ops.reconcile.refunds import RefundCounts, settle_refunds
from aimsi_ebay.ops.sales.importer import account_id as find_account_id
from aimsi_ebay.rules.money import ZERO, money_str

LABEL_CARRIER = "ebay"  # shipments made from labels bought on eBay
_ROW_COLUMNS = (
    "row_key", "row_number", "type", "known_type", "creation_date", "order_number", "item_id",
    "transaction_id", "reference_id", "description", "quantity", "item_subtotal",
    "shipping_and_handling", "seller_collected_tax", "ebay_collected_tax", "fees",
    "gross_amount", "net_amount", "currency", "payout_id", "payout_date", "payout_status",
    "payout_method",
)  # fmt: skip
_MONEY = {
    "item_subtotal", "shipping_and_handling", "seller_collected_tax", "ebay_collected_tax",
    "fees", "gross_amount", "net_amount",
}  # fmt: skip


@dataclass
class PayoutImportReport:
    """What one import did; ``rejected`` and ``violations`` are one line each."""

    file_name: str
    account: str
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    counts_by_type: dict[str, int] = field(default_factory=dict)
    unknown_types: list[str] = field(default_factory=list)
    orders_matched: int = 0
    orders_unmatched: int = 0
    gross_not_deposit: int = 0
    fees_booked: Decimal = ZERO
    payouts_new: int = 0
    labels_booked: int = 0
    refunds: RefundCounts = field(default_factory=RefundCounts)
    rejected: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def summary(self) -> str:
        unknown = f"; unknown types kept: {', '.join(self.unknown_types)}" if self.unknown_types else ""
        return (
            f"{self.file_name}: {self.rows_read} row(s), {self.rows_new} new, {self.rows_updated}"
            f" updated; {self.orders_matched} order row(s) matched, {self.orders_unmatched} not"
            f" matched, {self.gross_not_deposit} with gross ≠ deposit; fees"
            f" {money_str(self.fees_booked)}; {self.payouts_new} new payout(s);"
            f" {self.labels_booked} label(s) booked; {self.refunds.summary()};"
            f" {len(self.rejected)} rejected{unknown}"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file_name, "account": self.account, "rows_read": self.rows_read,
            "rows_new": self.rows_new, "rows_updated": self.rows_updated,
            "counts_by_type": self.counts_by_type, "unknown_types": self.unknown_types,
            "orders_matched": self.orders_matched, "orders_unmatched": self.orders_unmatched,
            "gross_not_deposit": self.gross_not_deposit, "fees_booked": money_str(self.fees_booked),
            "payouts_new": self.payouts_new, "labels_booked": self.labels_booked,
            "refunds": self.refunds.as_json(), "rejected": self.rejected,
            "violations": self.violations,
        }  # fmt: skip


def import_payouts(
    db: Database, source: str | Path | bytes, *, account: str, file_name: str | None = None
) -> PayoutImportReport:
    """Import a Transaction report (a path, or its bytes with ``file_name``) for ``account``."""
    if isinstance(source, bytes):
        data, name = source, file_name or "transaction_report.csv"
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError("no such file", file=str(path))
        data, name = path.read_bytes(), file_name or path.name
    parsed = read_transactions(name, data)
    report = PayoutImportReport(name, account, rows_read=len(parsed.rows))
    report.counts_by_type = parsed.counts_by_type
    report.unknown_types = parsed.unknown_types
    report.rejected = [r.message for r in parsed.rejections]
    report.violations = [v.reason for v in parsed.violations]
    with db.write() as con:
        account_id = find_account_id(con, account)
        import_id = next_id(con, "seq_payout_import_id")
        _load_rows(con, parsed, account_id, import_id)
        con.execute(  # the payouts whose rows this file adds or moves (their old and new ids)
            """CREATE OR REPLACE TEMP TABLE touched_payout_ids AS
            SELECT account_id, payout_id FROM staged_transactions WHERE payout_id IS NOT NULL
            UNION SELECT t.account_id, t.payout_id FROM ebay_transactions t
            JOIN staged_transactions s ON s.account_id = t.account_id AND s.row_key = t.row_key
            WHERE t.payout_id IS NOT NULL"""
        )
        report.rows_new, report.rows_updated, report.payouts_new = _upsert(con, account_id)
        money_summary.refresh_payouts(con, "SELECT * FROM touched_payout_ids")
        money_summary.refresh_fee_months(con, "SELECT account_id, CAST(date_trunc('month',"
                                         " creation_date) AS DATE) AS month FROM staged_transactions")
        con.execute("DROP TABLE touched_payout_ids")
        con.execute(
            "INSERT INTO payout_imports (import_id, account_id, file_name, sha256, seller,"
            " start_date, end_date, rows_read, rows_new, rows_updated, rejected_count, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [import_id, account_id, name, hashlib.sha256(data).hexdigest(), parsed.seller,
             parsed.start_date, parsed.end_date, len(parsed.rows), report.rows_new,
             report.rows_updated, len(parsed.rejections), audit.current_user()],
        )
        money_summary.refresh_imports(con, f"SELECT {int(import_id)}")
        report.fees_booked = con.execute("SELECT coalesce(sum(amount), 0) FROM staged_fees"
                                         ).fetchone()[0]
        book_account(con, account_id, report)
        audit.record(con, "payouts import", "payout_imports", import_id,
                     after=report.as_json())  # fmt: skip
    return report


def book_account(con: duckdb.DuckDBPyConnection, account_id: int, report: PayoutImportReport) -> None:
    """Match, book fees, labels and refunds for every row of the account not yet booked; the
    counts in ``report`` are about the rows in temp table ``staged_transactions`` (this file).
    The orders whose Order rows match now keep their new figures (``money_summary``)."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE matching_orders AS
        SELECT DISTINCT o.order_id FROM ebay_transactions t
        JOIN orders o ON o.account_id = t.account_id AND o.ebay_order_number = t.order_number
        WHERE t.account_id = ? AND t.order_id IS NULL AND t.order_number IS NOT NULL
          AND lower(t.type) = 'order'""",
        [account_id],
    )
    con.execute(
        """UPDATE ebay_transactions SET order_id = o.order_id
        FROM orders o
        WHERE ebay_transactions.account_id = ? AND ebay_transactions.order_id IS NULL
          AND ebay_transactions.order_number IS NOT NULL
          AND o.account_id = ebay_transactions.account_id
          AND o.ebay_order_number = ebay_transactions.order_number""",
        [account_id],
    )
    money_summary.refresh_orders(con, "SELECT order_id FROM matching_orders")
    con.execute("DROP TABLE matching_orders")
    con.execute(
        "UPDATE order_fees SET order_id = t.order_id FROM ebay_transactions t"
        " WHERE order_fees.order_id IS NULL AND t.account_id = order_fees.account_id"
        " AND t.row_key = order_fees.row_key AND t.order_id IS NOT NULL AND t.account_id = ?",
        [account_id],
    )
    matched, unmatched, mismatched = con.execute(
        """WITH order_rows AS (  -- an order's Order rows: one, or a summary row and item rows
            SELECT order_number, any_value(order_id) AS order_id, sum(gross_amount) AS gross
            FROM ebay_transactions WHERE account_id = ? AND lower(type) = 'order'
              AND order_number IN (SELECT order_number FROM staged_transactions)
            GROUP BY order_number),
        order_deposits AS (
            SELECT order_id, sum(amount) AS deposit FROM deposits
            WHERE order_id IN (SELECT order_id FROM order_rows) GROUP BY order_id)
        SELECT count(r.order_id), count(*) - count(r.order_id),
               count(*) FILTER (WHERE r.order_id IS NOT NULL
                                AND r.gross IS DISTINCT FROM coalesce(d.deposit, 0))
        FROM order_rows r LEFT JOIN order_deposits d ON d.order_id = r.order_id""",
        [account_id],
    ).fetchone()
    report.orders_matched, report.orders_unmatched, report.gross_not_deposit = (
        matched, unmatched, mismatched)  # fmt: skip
    report.labels_booked = _book_labels(con, account_id)
    report.refunds = settle_refunds(con, account_id)
    report.refunds.unmatched = con.execute(
        "SELECT count(*) FROM ebay_transactions WHERE account_id = ? AND lower(type) = 'refund'"
        " AND order_id IS NULL AND row_key IN (SELECT row_key FROM staged_transactions)",
        [account_id],
    ).fetchone()[0]


def _load_rows(
    con: duckdb.DuckDBPyConnection, parsed: TransactionReport, account_id: int, import_id: int
) -> None:
    """The report's rows into temp tables ``staged_transactions`` and ``staged_fees``."""
    known = {name.lower() for name in KNOWN_TYPES}
    records = []
    fee_records = []
    for row in parsed.rows:
        values = {
            "row_key": row.key, "row_number": row.row, "type": row.type,
            "known_type": row.type.lower() in known, "creation_date": row.creation_date,
            "order_number": row.order_number or None, "item_id": row.item_id or None,
            "transaction_id": row.transaction_id or None,
            "reference_id": row.reference_id or None, "description": row.description or None,
            "quantity": row.quantity, "item_subtotal": row.item_subtotal,
            "shipping_and_handling": row.shipping_and_handling,
            "seller_collected_tax": row.seller_collected_tax,
            "ebay_collected_tax": row.ebay_collected_tax, "fees": row.total_fees,
            "gross_amount": row.gross_amount, "net_amount": row.net_amount,
            "currency": row.transaction_currency or row.payout_currency or None,
            "payout_id": row.payout_id or None, "payout_date": row.payout_date,
            "payout_status": row.payout_status or None, "payout_method": row.payout_method or None,
        }  # fmt: skip
        records.append({k: (str(v) if k in _MONEY and v is not None else v)
                        for k, v in values.items()})  # fmt: skip
        fee_records += [
            {"row_key": row.key, "fee_name": name, "amount": str(amount)}
            for name, amount in row.fees.items() if amount != 0
        ]  # fmt: skip
    frame = pd.DataFrame.from_records(records, columns=list(_ROW_COLUMNS))
    frame["quantity"] = frame["quantity"].astype("Int64")
    fees = pd.DataFrame.from_records(fee_records, columns=["row_key", "fee_name", "amount"])
    con.register("transaction_frame", frame)
    con.register("fee_frame", fees)
    casts = ", ".join(
        f"CAST({c} AS DECIMAL(12,2)) AS {c}" if c in _MONEY
        else f"CAST({c} AS DATE) AS {c}" if c.endswith("_date")
        else f"CAST({c} AS INTEGER) AS {c}" if c in ("row_number", "quantity")
        else c
        for c in _ROW_COLUMNS
    )  # fmt: skip
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE staged_transactions AS SELECT {account_id} AS account_id,"
        f" {import_id} AS import_id, {casts} FROM transaction_frame"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged_fees AS SELECT CAST(row_key AS VARCHAR) AS row_key,"
        " CAST(fee_name AS VARCHAR) AS fee_name, CAST(amount AS DECIMAL(12,2)) AS amount"
        " FROM fee_frame"
    )
    con.unregister("transaction_frame")
    con.unregister("fee_frame")


def _upsert(con: duckdb.DuckDBPyConnection, account_id: int) -> tuple[int, int, int]:
    """New rows in; known rows get the payout columns a later download fills.
    Returns (new rows, updated rows, new payouts)."""
    updated = con.execute(
        """UPDATE ebay_transactions SET payout_id = s.payout_id, payout_date = s.payout_date,
            payout_status = s.payout_status
        FROM staged_transactions s
        WHERE ebay_transactions.account_id = s.account_id AND ebay_transactions.row_key = s.row_key
          AND s.payout_id IS NOT NULL
          AND (ebay_transactions.payout_id IS DISTINCT FROM s.payout_id
               OR ebay_transactions.payout_status IS DISTINCT FROM s.payout_status)"""
    ).fetchone()[0]
    columns = ", ".join(c for c in _ROW_COLUMNS if c != "payout_method")
    new = con.execute(
        f"""INSERT INTO ebay_transactions (account_id, import_id, {columns})
        SELECT s.account_id, s.import_id, {", ".join("s." + c for c in columns.split(", "))}
        FROM staged_transactions s
        WHERE NOT EXISTS (SELECT 1 FROM ebay_transactions t
                          WHERE t.account_id = s.account_id AND t.row_key = s.row_key)"""
    ).fetchone()[0]
    con.execute(
        """INSERT INTO order_fees (account_id, row_key, fee_name, order_id, amount)
        SELECT ?, f.row_key, f.fee_name, NULL, f.amount FROM staged_fees f
        WHERE NOT EXISTS (SELECT 1 FROM order_fees o WHERE o.account_id = ?
                          AND o.row_key = f.row_key AND o.fee_name = f.fee_name)""",
        [account_id, account_id],
    )
    payouts = con.execute(
        """INSERT INTO ebay_payouts (account_id, payout_id, payout_date, amount, method, status)
        SELECT account_id, payout_id, any_value(creation_date), -any_value(net_amount),
               any_value(payout_method), any_value(payout_status)
        FROM staged_transactions s
        WHERE lower(type) = 'payout' AND payout_id IS NOT NULL AND net_amount IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ebay_payouts p
                          WHERE p.account_id = s.account_id AND p.payout_id = s.payout_id)
        GROUP BY account_id, payout_id"""
    ).fetchone()[0]
    return int(new), int(updated), int(payouts)


def _book_labels(con: duckdb.DuckDBPyConnection, account_id: int) -> int:
    """Labels bought on eBay for an order: a shipment whose carrier charge is the label's cost,
    unless the label's tracking number is already on a shipment (on any order: since migration
    023 the writers, not an index, keep a tracking number on one order) or comes twice. The
    orders' shipping figures (``ship_summary``) follow in the same transaction."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE booked_labels AS
        SELECT order_id, service, tracking, cost, creation_date
        FROM (SELECT t.order_id, t.description AS service, t.creation_date, -t.net_amount AS cost,
                trim(regexp_replace(t.reference_id, '(?i)^tracking no\\.?', '')) AS tracking
              FROM ebay_transactions t
              WHERE t.account_id = ? AND lower(t.type) = 'shipping label'
                AND t.order_id IS NOT NULL AND t.net_amount < 0
                AND t.reference_id ILIKE 'tracking no%') l
        WHERE NOT EXISTS (SELECT 1 FROM shipments s WHERE s.tracking_number = l.tracking)
        QUALIFY row_number() OVER (PARTITION BY tracking ORDER BY order_id) = 1""",
        [account_id],
    )
    booked = int(
        con.execute(
            f"""INSERT INTO shipments (shipment_id, order_id, carrier, service, tracking_number,
                carrier_charge, ship_date)
            SELECT {id_sql("seq_shipment_id")}, order_id, '{LABEL_CARRIER}', service, tracking,
                   cost, creation_date
            FROM booked_labels ORDER BY order_id, tracking"""
        ).fetchone()[0]
    )
    if booked:
        ship_summary.refresh(con, "SELECT order_id FROM booked_labels")
    con.execute("DROP TABLE booked_labels")
    return booked
