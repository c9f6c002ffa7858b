"""Invoicing for analysts: invoices, lines, payments and open deposits as DataFrames.

Money columns hold ``Decimal`` objects (object dtype), never float64, as in ``ops.analysis``:
``frame["total"].sum()`` is exact. Each function reads one snapshot and closes it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from aimsi_ebay.db import Database


def invoices_frame(db: Database, *, since: date | None = None, include_void: bool = True) -> pd.DataFrame:
    """One row per invoice: order, customer, money, what was paid and what is due."""
    return _query(db, """
        SELECT i.invoice_number, i.invoice_date, i.status, o.order_number, o.ebay_order_number,
               a.name AS account, o.source, c.name AS customer, i.merchandise, i.shipping, i.tax,
               i.total, i.ebay_tax_memo, i.shipping_basis,
               coalesce(p.deposits, 0)::DECIMAL(12,2) AS paid_by_deposit,
               coalesce(p.other, 0)::DECIMAL(12,2) AS paid_other,
               CASE WHEN i.status = 'posted'
                    THEN (i.total - coalesce(p.deposits, 0) - coalesce(p.other, 0))
                    ELSE 0 END::DECIMAL(12,2) AS due,
               i.tracking_numbers, i.created_by, i.voided_by, i.void_reason
        FROM invoices i JOIN orders o ON o.order_id = i.order_id
        JOIN customers c ON c.customer_id = i.customer_id
        LEFT JOIN seller_accounts a ON a.account_id = o.account_id
        LEFT JOIN (SELECT invoice_id, sum(amount) FILTER (WHERE deposit_id IS NOT NULL) AS deposits,
                          sum(amount) FILTER (WHERE deposit_id IS NULL) AS other
                   FROM invoice_payments GROUP BY invoice_id) p ON p.invoice_id = i.invoice_id
        WHERE (CAST(? AS DATE) IS NULL OR i.invoice_date >= ?) AND (? OR i.status = 'posted')
        ORDER BY i.invoice_id""", [since, since, include_void])


def invoice_lines_frame(db: Database, *, since: date | None = None) -> pd.DataFrame:
    """One row per line of a posted invoice, with the SKU's vendor and department."""
    return _query(db, """
        SELECT i.invoice_number, i.invoice_date, o.order_number, l.line_no, l.order_line_no,
               l.sku, l.description, it.vendor, it.department, l.quantity, l.unit_price, l.amount
        FROM invoice_lines l JOIN invoices i ON i.invoice_id = l.invoice_id
        JOIN orders o ON o.order_id = i.order_id
        LEFT JOIN skus s ON s.sku = l.sku LEFT JOIN items it ON it.item_id = s.item_id
        WHERE i.status = 'posted' AND (CAST(? AS DATE) IS NULL OR i.invoice_date >= ?)
        ORDER BY i.invoice_id, l.line_no""", [since, since])


def invoice_payments_frame(db: Database) -> pd.DataFrame:
    """Every payment on an invoice: deposit applications (with the deposit) and other methods."""
    return _query(db, """
        SELECT i.invoice_number, p.payment_id, p.method, p.amount, p.paid_date, p.reference,
               p.deposit_id, d.received_date AS deposit_received, p.created_by
        FROM invoice_payments p JOIN invoices i ON i.invoice_id = p.invoice_id
        LEFT JOIN deposits d ON d.deposit_id = p.deposit_id
        ORDER BY p.payment_id""", [])


def open_deposits_frame(db: Database) -> pd.DataFrame:
    """Deposits with money left on them (amount - applied - refunded), oldest first, with age."""
    return _query(db, """
        SELECT b.deposit_id, c.name AS customer, o.order_number, o.status AS order_status,
               b.method, b.reference, b.received_date, b.amount, b.applied, b.refunded, b.open,
               date_diff('day', b.received_date, current_date) AS age_days
        FROM deposit_balances b JOIN customers c ON c.customer_id = b.customer_id
        LEFT JOIN orders o ON o.order_id = b.order_id
        WHERE b.open > 0 ORDER BY b.received_date, b.deposit_id""", [])


def _query(db: Database, sql: str, parameters: list) -> pd.DataFrame:
    """Run one query; money stays Decimal (``fetchall``), never ``.df()``'s float64."""
    with db.read() as con:
        cursor = con.execute(sql, parameters)
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    return pd.DataFrame.from_records(rows, columns=columns)
