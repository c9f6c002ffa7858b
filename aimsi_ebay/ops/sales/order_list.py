"""The Orders list: the orders the imports created, found by number, eBay order number or
customer, filtered by status (Orders dashboard, reached from Home's order cards)."""

from __future__ import annotations

import pandas as pd

from aimsi_ebay.db import Database

# Status filters: name → SQL condition on orders o (constants only).
STATUS_FILTERS = {
    "all": "TRUE",
    "open": "o.status = 'open'",
    "awaiting payment": "o.awaiting_payment AND o.status <> 'cancelled'",
    "needs review": "o.needs_review",
    "cancelled / refunded": "o.status = 'cancelled'",
    "picked": "o.status = 'picked'",
    "shipped": "o.status = 'shipped'",
    "invoiced": "o.status = 'invoiced'",
}


def find_orders(
    db: Database, text: str = "", status: str = "all", *, limit: int = 500
) -> pd.DataFrame:
    """Orders whose number, eBay order number, sales record number or customer (name, e-mail)
    contains ``text`` (any case), newest first; money as text (never float)."""
    if status not in STATUS_FILTERS:
        raise ValueError(f"status must be one of {', '.join(STATUS_FILTERS)}")
    pattern = f"%{text.strip().lower()}%"
    with db.read() as con:
        frame = con.execute(
            f"""SELECT o.order_id AS id, o.order_number AS "order", o.ebay_order_number AS
                "eBay order", o.sales_record_number AS record, c.name AS customer,
                a.name AS account, CAST(o.order_date AS VARCHAR) AS date,
                o.status || CASE WHEN o.closed_reason IS NOT NULL
                    THEN ' (' || o.closed_reason || ')' ELSE '' END AS status,
                CASE WHEN o.awaiting_payment THEN 'awaiting' WHEN o.paid_date IS NULL THEN ''
                     ELSE CAST(o.paid_date AS VARCHAR) END AS paid,
                CAST(o.total AS VARCHAR) AS total,
                coalesce(CAST(d.amount AS VARCHAR), '') AS deposit,
                CASE WHEN o.adjustment <> 0 THEN o.adjustment_kind || ' '
                     || CAST(o.adjustment AS VARCHAR) ELSE '' END AS adjustment,
                coalesce(o.review_reason, '') AS review
            FROM orders o JOIN customers c ON c.customer_id = o.customer_id
            LEFT JOIN seller_accounts a ON a.account_id = o.account_id
            LEFT JOIN (SELECT order_id, sum(amount) AS amount FROM deposits GROUP BY order_id) d
                ON d.order_id = o.order_id
            WHERE {STATUS_FILTERS[status]} AND (? = '%%' OR lower(o.order_number) LIKE ?
                OR lower(coalesce(o.ebay_order_number, '')) LIKE ?
                OR lower(coalesce(o.sales_record_number, '')) LIKE ?
                OR lower(c.name) LIKE ? OR lower(coalesce(c.email, '')) LIKE ?)
            ORDER BY o.order_id DESC LIMIT ?""",
            [pattern, pattern, pattern, pattern, pattern, pattern, limit],
        ).df()
    return frame.astype({"id": "int64"}).fillna("")
