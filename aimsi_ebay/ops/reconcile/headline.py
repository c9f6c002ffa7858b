"""The Reconciliation dashboard's first view: a few sums that need no per-order join, so they
come back in about one scan of the tables however large the store (the four views, which check
every order, follow). Each figure is the same number as the matching total of a view:

- deposits received, applied, refunded and open — the deposits view's totals (sums over the
  deposits in the filter: received date, account through the order);
- eBay paid out and the number of payouts imported — the payouts view's ``paid_out`` and its
  ``ebay_payouts`` rows (payout date, account).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aimsi_ebay.db import Database
from aimsi_ebay.ops.reconcile.views import Filters


@dataclass(frozen=True)
class Headline:
    deposits: int
    received: Decimal
    applied: Decimal
    refunded: Decimal
    payouts: int
    paid_out: Decimal

    @property
    def open(self) -> Decimal:
        return self.received - self.applied - self.refunded


def headline(db: Database, filters: Filters | None = None) -> Headline:
    filters = filters or Filters()
    where = filters.sql("d.received_date", None)
    if filters.account:
        where += (" AND d.order_id IN (SELECT o.order_id FROM orders o WHERE o.account_id IN"
                  " (SELECT account_id FROM seller_accounts WHERE name = $account))")
    payout_where = filters.sql("p.payout_date", "p.account_id")
    # deposit_id is the deposits' primary key: an inner join keeps each application or refund
    # of a chosen deposit once (a semi-join by another name, and cheaper here)
    sql = f"""SELECT (SELECT count(*) FROM deposits d WHERE {where}),
            (SELECT coalesce(sum(d.amount), 0) FROM deposits d WHERE {where}),
            (SELECT coalesce(sum(a.amount), 0) FROM invoice_payments a
             JOIN deposits d ON d.deposit_id = a.deposit_id WHERE {where}),
            (SELECT coalesce(sum(r.amount), 0) FROM deposit_refunds r
             JOIN deposits d ON d.deposit_id = r.deposit_id WHERE {where}),
            (SELECT count(*) FROM ebay_payouts p WHERE {payout_where}),
            (SELECT coalesce(sum(p.amount), 0) FROM ebay_payouts p WHERE {payout_where})"""
    params = {k: v for k, v in filters.params().items() if f"${k}" in sql}
    with db.read() as con:
        row = con.execute(sql, params).fetchone()
    return Headline(*row)
