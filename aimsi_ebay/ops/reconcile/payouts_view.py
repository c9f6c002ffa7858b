"""eBay payouts: per payout, the orders, fees, refunds, labels and other rows it paid, their net,
and the payout amount against Σ its rows' nets (a Payout row's net is negative in the report: the
amount that reached the bank is its negation, stored positive in ``ebay_payouts``).

Also: orders paid in our books (a deposit, eBay source, paid within the days the account's
imported reports cover) that no Order row matched — and the reverse, Order rows that match no
order of ours; and matched orders whose gross is not their deposit. The date filter is the
payout date (rows not yet paid out: their creation date).
Problems (``--check``): every unbalanced payout, every order missing on either side, every
gross ≠ deposit.
"""

from __future__ import annotations

import duckdb

from aimsi_ebay.ops.reconcile.views import Filters, ViewResult, table


def payouts(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None) -> ViewResult:
    where, params = filters.where("coalesce(t.payout_date, t.creation_date)", "t.account_id")
    payout_where, payout_params = filters.where("p.payout_date", "p.account_id")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE recon_payouts AS
        WITH paid_rows AS (  -- what each payout paid, by kind
            SELECT t.account_id, t.payout_id,
                count(DISTINCT t.order_number) FILTER (WHERE lower(t.type) = 'order') AS orders,
                sum(t.gross_amount) FILTER (WHERE lower(t.type) = 'order') AS sales,
                sum(t.fees) AS fees,
                sum(t.net_amount) FILTER (WHERE lower(t.type) = 'refund') AS refunds,
                sum(t.net_amount) FILTER (WHERE lower(t.type) = 'shipping label') AS labels,
                sum(t.net_amount) FILTER (WHERE lower(t.type) NOT IN
                    ('order', 'refund', 'shipping label')) AS other,
                sum(t.net_amount) AS rows_net, count(*) AS row_count
            FROM ebay_transactions t
            WHERE lower(t.type) <> 'payout' AND t.payout_id IS NOT NULL AND {where}
            GROUP BY t.account_id, t.payout_id),
        paid_out AS (SELECT p.* FROM ebay_payouts p WHERE {payout_where})
        SELECT coalesce(p.payout_id, r.payout_id) AS payout_id, a.name AS account,
            p.payout_date, coalesce(r.orders, 0) AS orders,
            CAST(coalesce(r.sales, 0) AS DECIMAL(12,2)) AS sales,
            CAST(coalesce(r.fees, 0) AS DECIMAL(12,2)) AS fees,
            CAST(coalesce(r.refunds, 0) AS DECIMAL(12,2)) AS refunds,
            CAST(coalesce(r.labels, 0) AS DECIMAL(12,2)) AS labels,
            CAST(coalesce(r.other, 0) AS DECIMAL(12,2)) AS other,
            CAST(coalesce(r.rows_net, 0) AS DECIMAL(12,2)) AS rows_net, p.amount,
            CAST(p.amount - coalesce(r.rows_net, 0) AS DECIMAL(12,2)) AS difference,
            coalesce(r.row_count, 0) AS row_count,
            CASE WHEN p.payout_id IS NULL THEN 'payout row not imported'
                 WHEN r.payout_id IS NULL THEN 'its rows not imported'
                 WHEN p.amount = r.rows_net THEN 'balanced' ELSE 'unbalanced' END AS state
        FROM paid_out p FULL OUTER JOIN paid_rows r
            ON r.account_id = p.account_id AND r.payout_id = p.payout_id
        LEFT JOIN seller_accounts a ON a.account_id = coalesce(p.account_id, r.account_id)""",
        params + payout_params,
    )
    tables = {
        "payouts": table(
            con, "payouts", "eBay payouts", "SELECT * FROM recon_payouts"
            " ORDER BY state = 'balanced', payout_date DESC NULLS FIRST, payout_id", limit=limit,
            count_sql="SELECT count(*) FROM recon_payouts",
        ),
        "fees_by_month": _fees_by_month(con, filters),
        "missing_from_ebay": _missing_from_ebay(con, filters, limit),
        "missing_from_books": table(
            con, "missing_from_books", "Order rows in eBay's report that match no order of ours",
            f"""SELECT t.order_number, a.name AS account, min(t.creation_date) AS date,
                CAST(sum(t.gross_amount) AS DECIMAL(12,2)) AS gross,
                CAST(sum(t.net_amount) AS DECIMAL(12,2)) AS net, any_value(t.payout_id) AS payout_id
            FROM ebay_transactions t LEFT JOIN seller_accounts a ON a.account_id = t.account_id
            WHERE lower(t.type) = 'order' AND t.order_id IS NULL AND t.order_number IS NOT NULL
              AND {where}
            GROUP BY t.order_number, a.name ORDER BY date, t.order_number""", params, limit=limit,
        ),
        "gross_vs_deposit": table(
            con, "gross_vs_deposit", "Orders whose gross in eBay's report is not their deposit",
            f"""WITH gross AS (SELECT t.order_id, min(t.order_number) AS ebay_order_number,
                    min(t.creation_date) AS date, sum(t.gross_amount) AS gross
                FROM ebay_transactions t
                WHERE lower(t.type) = 'order' AND t.order_id IS NOT NULL AND {where}
                GROUP BY t.order_id),
            deposit AS (SELECT order_id, sum(amount) AS deposit FROM deposits GROUP BY order_id)
            SELECT o.order_number, g.ebay_order_number, g.date,
                CAST(g.gross AS DECIMAL(12,2)) AS gross,
                CAST(coalesce(d.deposit, 0) AS DECIMAL(12,2)) AS deposit,
                CAST(g.gross - coalesce(d.deposit, 0) AS DECIMAL(12,2)) AS difference
            FROM gross g JOIN orders o ON o.order_id = g.order_id
            LEFT JOIN deposit d ON d.order_id = g.order_id
            WHERE g.gross IS DISTINCT FROM coalesce(d.deposit, 0)
            ORDER BY g.date, o.order_number""", params, limit=limit,
        ),
    }  # fmt: skip
    row = con.execute(
        """SELECT count(*), coalesce(sum(amount), 0), coalesce(sum(rows_net), 0),
            coalesce(sum(sales), 0), coalesce(sum(fees), 0), coalesce(sum(refunds), 0),
            coalesce(sum(labels), 0), count(*) FILTER (WHERE state <> 'balanced')
        FROM recon_payouts"""
    ).fetchone()
    totals = dict(zip(("payouts", "paid_out", "rows_net", "sales", "fees", "refunds", "labels",
                       "unbalanced"), row, strict=True))  # fmt: skip
    for name in ("missing_from_ebay", "missing_from_books", "gross_vs_deposit"):
        found = tables[name]
        totals[name] = found.total_rows if found.total_rows is not None else len(found.rows)
    problems = []
    if totals["unbalanced"]:
        problems.append(f"{totals['unbalanced']} payout(s) do not equal the sum of their rows")
    if totals["missing_from_ebay"]:
        problems.append(f"{totals['missing_from_ebay']} paid order(s) missing from eBay's report")
    if totals["missing_from_books"]:
        problems.append(f"{totals['missing_from_books']} eBay order(s) missing from our books")
    if totals["gross_vs_deposit"]:
        problems.append(f"{totals['gross_vs_deposit']} order(s) whose eBay gross ≠ deposit")
    return ViewResult("payouts", tables, totals, problems)


def _fees_by_month(con: duckdb.DuckDBPyConnection, filters: Filters):
    """eBay's fees as a share of sales, by month of the transaction."""
    where, params = filters.where("t.creation_date", "t.account_id")
    return table(
        con, "fees_by_month", "eBay fees as a share of sales by month",
        f"""SELECT CAST(date_trunc('month', t.creation_date) AS DATE) AS month,
            CAST(coalesce(sum(t.gross_amount) FILTER (WHERE lower(t.type) = 'order'), 0)
                AS DECIMAL(12,2)) AS sales,
            CAST(-sum(t.fees) AS DECIMAL(12,2)) AS fees,
            CAST(round(100 * -sum(t.fees) / nullif(sum(t.gross_amount)
                FILTER (WHERE lower(t.type) = 'order'), 0), 2) AS DECIMAL(12,2)) AS fee_share_pct
        FROM ebay_transactions t
        WHERE t.creation_date IS NOT NULL AND lower(t.type) IN ('order', 'refund') AND {where}
        GROUP BY 1 ORDER BY 1""", params,
    )  # fmt: skip


def _missing_from_ebay(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None):
    """Paid eBay orders of an account, paid inside the days its imported reports cover, with no
    Order row (a report covers whole days: ``payout_imports`` start and end dates, else the
    span of its rows)."""
    where, params = filters.where("o.paid_date", "o.account_id")
    return table(
        con, "missing_from_ebay", "Orders paid in our books but missing from eBay's report",
        f"""WITH covered AS (
                SELECT account_id, coalesce(start_date, first_row) AS first_day,
                    coalesce(end_date, last_row) AS last_day
                FROM payout_imports i JOIN (SELECT import_id, min(creation_date) AS first_row,
                        max(creation_date) AS last_row FROM ebay_transactions GROUP BY import_id) r
                    USING (import_id)),
            matched AS (SELECT DISTINCT order_id FROM ebay_transactions
                        WHERE order_id IS NOT NULL AND lower(type) = 'order'),
            paid AS (SELECT order_id, sum(amount) AS deposit FROM deposits GROUP BY order_id)
            SELECT o.order_number, o.ebay_order_number, a.name AS account, o.paid_date,
                CAST(p.deposit AS DECIMAL(12,2)) AS deposit, o.status
            FROM orders o JOIN paid p ON p.order_id = o.order_id
            LEFT JOIN seller_accounts a ON a.account_id = o.account_id
            LEFT JOIN matched m ON m.order_id = o.order_id
            WHERE o.source = 'ebay' AND {where} AND m.order_id IS NULL
              AND EXISTS (SELECT 1 FROM covered c WHERE c.account_id = o.account_id
                          AND o.paid_date BETWEEN c.first_day AND c.last_day)
            ORDER BY o.paid_date, o.order_number""", params, limit=limit,
    )  # fmt: skip
