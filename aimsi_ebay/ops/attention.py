"""What needs attention today: the counts on the Home dashboard, read from the real tables."""

from __future__ import annotations

from dataclasses import dataclass

from aimsi_ebay.db import Database
from aimsi_ebay.sql.listing_checks import problems_sql


@dataclass(frozen=True)
class AttentionCount:
    key: str
    label: str
    count: int
    dashboard: str  # notebook that lists exactly what is counted (with its filter, if any)


# One query per count; each is a scalar over the live tables.
_COUNTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "flagged_for_export",
        "eBay records flagged Update eBay",
        "eBay_export.ipynb",
        "SELECT count(*) FROM ebay_records WHERE update_ebay",
    ),
    (
        "invalid_records",
        "Flagged records failing the listing rules",
        "eBay_export.ipynb",
        "SELECT count(DISTINCT sku) FROM ("
        + problems_sql("(SELECT * FROM ebay_records WHERE update_ebay)")
        + ") WHERE severity = 'error'",
    ),
    (
        "sales_staged",
        "Sales staged but not ordered",
        "Import_orders.ipynb",
        "SELECT count(*) FROM staged_sales WHERE status IN ('staged', 'held')",
    ),
    (
        "orders_to_ship",
        "Orders to ship",
        "Shipping.ipynb",
        "SELECT count(*) FROM orders o WHERE o.status IN ('open', 'picked')"
        " AND NOT o.awaiting_payment",
    ),
    (
        "orders_awaiting_payment",
        "Orders awaiting payment",
        "Orders.ipynb?filter=awaiting_payment",  # the orders list, filtered to exactly these
        "SELECT count(*) FROM orders WHERE awaiting_payment AND status <> 'cancelled'",
    ),
    (
        "orders_to_invoice",
        "Orders to invoice",
        "Invoice_orders.ipynb",
        "SELECT count(*) FROM orders WHERE status IN ('open', 'picked', 'shipped')"
        " AND NOT awaiting_payment",
    ),
    (
        "deposits_not_applied",
        "Deposits not fully applied",
        "Invoice_orders.ipynb",
        "SELECT count(*) FROM deposit_balances WHERE open > 0",  # less applications and refunds
    ),
)


def attention_counts(db: Database) -> list[AttentionCount]:
    """Every count in one read transaction (a consistent snapshot)."""
    with db.read() as con:
        return [
            AttentionCount(key, label, int(con.execute(sql).fetchone()[0]), dashboard)
            for key, label, dashboard, sql in _COUNTS
        ]
