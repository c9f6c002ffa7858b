"""A pandas-friendly read API for analysts: orders, lines and sales summaries as DataFrames.

Money columns hold ``Decimal`` objects (object dtype), never float64: ``frame["total"].sum()``
is an exact Decimal. Each function opens one read-only snapshot and closes it before returning.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from aimsi_ebay.db import Database


def orders_frame(db: Database, *, since: date | None = None, account: str | None = None) -> pd.DataFrame:
    """One row per order with its customer, account, money, deposits and invoice state."""
    return _query(
        db,
        """
        SELECT o.order_number, a.name AS account, o.ebay_order_number, o.order_date, o.status,
               o.needs_review, o.awaiting_payment, c.name AS customer, c.email,
               o.merchandise, o.shipping, o.seller_tax, o.ebay_tax_memo, o.total,
               coalesce(d.deposits, 0)::DECIMAL(12,2) AS deposits,
               i.invoice_numbers AS invoice_number
        FROM orders o
        JOIN customers c ON c.customer_id = o.customer_id
        LEFT JOIN seller_accounts a ON a.account_id = o.account_id
        LEFT JOIN (SELECT order_id, sum(amount) AS deposits FROM deposits GROUP BY order_id) d
               ON d.order_id = o.order_id
        LEFT JOIN (SELECT order_id, string_agg(invoice_number, ', ' ORDER BY invoice_id)
                       AS invoice_numbers FROM invoices WHERE status = 'posted' GROUP BY order_id) i
               ON i.order_id = o.order_id  -- a partly invoiced order has several invoices
        WHERE (CAST(? AS DATE) IS NULL OR o.order_date >= ?)
          AND (CAST(? AS VARCHAR) IS NULL OR a.name = ?)
        ORDER BY o.order_date, o.order_number
        """,
        [since, since, account, account],
    )


def order_lines_frame(db: Database, *, since: date | None = None) -> pd.DataFrame:
    """One row per order line, with the SKU's item, vendor and department."""
    return _query(
        db,
        """
        SELECT o.order_number, o.order_date, a.name AS account, l.line_no, l.sku, l.title,
               i.vendor, i.department, i.category, l.quantity, l.unit_price, l.amount
        FROM order_lines l
        JOIN orders o ON o.order_id = l.order_id
        LEFT JOIN seller_accounts a ON a.account_id = o.account_id
        LEFT JOIN skus s ON s.sku = l.sku
        LEFT JOIN items i ON i.item_id = s.item_id
        WHERE o.status <> 'cancelled' AND (CAST(? AS DATE) IS NULL OR o.order_date >= ?)
        ORDER BY o.order_date, o.order_number, l.line_no
        """,
        [since, since],
    )


def sales_by_sku(db: Database, *, since: date | None = None) -> pd.DataFrame:
    """Units, revenue and orders per SKU (unknown SKUs grouped under eBay's title), best first."""
    return _query(
        db,
        """
        SELECT coalesce(l.sku, '(unknown: ' || l.title || ')') AS sku, any_value(i.description) AS item,
               any_value(i.vendor) AS vendor, sum(l.quantity) AS units, sum(l.amount) AS revenue,
               count(DISTINCT l.order_id) AS orders,
               CAST(round(sum(l.amount) / sum(l.quantity), 2) AS DECIMAL(12,2)) AS average_price
        FROM order_lines l
        JOIN orders o ON o.order_id = l.order_id
        LEFT JOIN skus s ON s.sku = l.sku
        LEFT JOIN items i ON i.item_id = s.item_id
        WHERE o.status <> 'cancelled' AND (CAST(? AS DATE) IS NULL OR o.order_date >= ?)
        GROUP BY 1
        ORDER BY revenue DESC, sku
        """,
        [since, since],
    )


def sales_by_month(db: Database) -> pd.DataFrame:
    """Orders and money per month and seller account."""
    return _query(
        db,
        """
        SELECT strftime(o.order_date, '%Y-%m') AS month, a.name AS account, count(*) AS orders,
               sum(o.merchandise) AS merchandise, sum(o.shipping) AS shipping,
               sum(o.seller_tax) AS seller_tax, sum(o.total) AS total
        FROM orders o LEFT JOIN seller_accounts a ON a.account_id = o.account_id
        WHERE o.status <> 'cancelled'
        GROUP BY 1, 2 ORDER BY 1, 2
        """,
        [],
    )


def _query(db: Database, sql: str, parameters: list) -> pd.DataFrame:
    """Run one query; money stays Decimal (``fetchall``), never ``.df()``'s float64."""
    with db.read() as con:
        cursor = con.execute(sql, parameters)
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    # Decimal values make object columns; pandas keeps them exact through sum/groupby.
    return pd.DataFrame.from_records(rows, columns=columns)
