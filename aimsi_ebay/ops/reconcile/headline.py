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
    # each deposit keeps what is applied and refunded of it (money_summary): one scan
    sql = f"""SELECT d.n, d.received, d.applied, d.refunded, p.n, p.paid_out
        FROM (SELECT count(*) AS n, coalesce(sum(d.amount), 0) AS received,
                coalesce(sum(d.applied), 0) AS applied, coalesce(sum(d.refunded), 0) AS refunded
            FROM deposits d WHERE {where}) d,
        (SELECT count(*) AS n, coalesce(sum(p.amount), 0) AS paid_out
            FROM ebay_payouts p WHERE {payout_where}) p"""
    params = {k: v for k, v in filters.params().items() if f"${k}" in sql}
    with db.read() as con:
        row = con.execute(sql, params).fetchone()
    return Headline(*row)
