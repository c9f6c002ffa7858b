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

from aimsi_ebay.ops.reconcile.statement import Plan, Section
from aimsi_ebay.ops.reconcile.views import Filters, Table, ViewResult

_TOTALS = ("payouts", "paid_out", "rows_net", "sales", "fees", "refunds", "labels", "unbalanced")

_PAYOUT_SELECT = """SELECT coalesce(p.payout_id, r.payout_id) AS payout_id, a.name AS account,
                p.payout_date, coalesce({orders}, 0) AS orders,
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
                ON r.account_id = p.account_id AND r.payout_id = p.payout_id"""
# Within a date range: a pass over the rows in it, grouped by payout.
_PAYOUT_ROWS_BY_ROW = """WITH kinds AS NOT MATERIALIZED (SELECT t.*, lower(t.type) AS kind
                FROM ebay_transactions t
                WHERE lower(t.type) <> 'payout' AND t.payout_id IS NOT NULL AND {where}),
            order_count AS (  -- distinct order numbers: a pass over the Order rows alone
                SELECT account_id, payout_id, count(DISTINCT order_number) AS orders
                FROM kinds WHERE kind = 'order' GROUP BY account_id, payout_id),
            paid_rows AS (  -- what each payout paid, by kind
                SELECT account_id, payout_id, sum(gross_amount) FILTER (WHERE kind = 'order') AS sales, sum(fees) AS fees,
                    sum(net_amount) FILTER (WHERE kind = 'refund') AS refunds,
                    sum(net_amount) FILTER (WHERE kind = 'shipping label') AS labels,
                    sum(net_amount) FILTER (WHERE kind NOT IN ('order', 'refund', 'shipping label'))
                        AS other,
                    sum(net_amount) AS rows_net, count(*) AS row_count
                FROM kinds GROUP BY account_id, payout_id),
            paid_out AS (SELECT p.* FROM ebay_payouts p WHERE {payout_where})
            """ + _PAYOUT_SELECT.format(orders="c.orders") + """
            LEFT JOIN order_count c ON c.account_id = r.account_id AND c.payout_id = r.payout_id
            LEFT JOIN seller_accounts a ON a.account_id = coalesce(p.account_id, r.account_id)"""
# Every order's Order rows and deposits, from what each order keeps (its deposits' total, its
# Order rows' count, gross and first date): one scan of orders, the same set as _order_money.
_ORDER_MONEY_KEPT = """SELECT o.order_id, o.ebay_order_rows > 0 AS matched,
                o.ebay_order_rows AS rows_in_filter, o.ebay_gross AS gross,
                o.ebay_first_date AS date, o.deposit_total > 0 AS paid,
                CASE WHEN o.deposit_total > 0 THEN o.deposit_total END AS deposit
            FROM orders o
            WHERE (o.ebay_order_rows > 0 AND o.ebay_gross IS DISTINCT FROM o.deposit_total)
               OR (o.deposit_total > 0 AND o.ebay_order_rows = 0)"""
# Every row: what the payouts import keeps per payout (``payout_totals``, the same sums).
_PAYOUT_ROWS_KEPT = """WITH paid_rows AS (SELECT r.* FROM payout_totals r WHERE {account}),
            paid_out AS (SELECT p.* FROM ebay_payouts p WHERE {payout_where})
            """ + _PAYOUT_SELECT.format(orders="r.orders") + """
            LEFT JOIN seller_accounts a ON a.account_id = coalesce(p.account_id, r.account_id)"""


def plan(con: duckdb.DuckDBPyConnection, filters: Filters) -> Plan:
    """Payouts against what their rows paid; the orders on either side from ONE per-order set
    (``order_money``: Order rows' gross against deposits) that both the missing orders and
    gross ≠ deposit read; order numbers joined only to the rows shown.

    Without a date range both come from the figures the writers keep (``money_summary``: per
    payout ``payout_totals``, per order its deposits and Order rows): a scan of a few thousand
    payouts and of orders. A date range cuts a payout's or an order's rows by their dates, and
    an account filter takes an order's Order rows by the rows' account, so these read the rows
    themselves."""
    where = filters.sql("coalesce(t.payout_date, t.creation_date)", "t.account_id")
    payout_where = filters.sql("p.payout_date", "p.account_id")
    dated = bool(filters.date_from or filters.date_to)
    ctes = {
        "payout_rows": (_PAYOUT_ROWS_BY_ROW if dated else _PAYOUT_ROWS_KEPT).format(
            where=where, payout_where=payout_where,
            account=filters.sql("TRUE", "r.account_id")),
        "order_money": (_order_money(filters, where) if dated or filters.account
                        else _ORDER_MONEY_KEPT),
    }
    sections = [
        Section("payouts", "eBay payouts", "SELECT * FROM payout_rows",
                "state = 'balanced', payout_date DESC NULLS FIRST, payout_id",
                count="SELECT count(*) FROM payout_rows"),
        _fees_by_month(filters),
        Section("missing_from_ebay", "Orders paid in our books but missing from eBay's report",
                "SELECT * FROM missing_from_ebay", "paid_date, order_number",
                count="SELECT count(*) FROM missing_from_ebay"),
        Section("missing_from_books", "Order rows in eBay's report that match no order of ours",
                f"""SELECT t.order_number, a.name AS account, min(t.creation_date) AS date,
                    CAST(sum(t.gross_amount) AS DECIMAL(12,2)) AS gross,
                    CAST(sum(t.net_amount) AS DECIMAL(12,2)) AS net,
                    any_value(t.payout_id) AS payout_id
                FROM ebay_transactions t LEFT JOIN seller_accounts a ON a.account_id = t.account_id
                WHERE lower(t.type) = 'order' AND t.order_id IS NULL
                  AND t.order_number IS NOT NULL AND {where}
                GROUP BY t.order_number, a.name""", "date, order_number"),
        Section("gross_vs_deposit", "Orders whose gross in eBay's report is not their deposit",
                "SELECT * FROM gross_vs_deposit", "date, order_number",
                count="SELECT count(*) FROM gross_vs_deposit", dress=f"""SELECT c.order_number,
                    e.ebay_order_number, c.date, c.gross, c.deposit, c.difference, c."#"
                FROM capped c LEFT JOIN (SELECT t.order_id, min(t.order_number) AS ebay_order_number
                    FROM (SELECT DISTINCT order_id FROM capped) shown
                    JOIN ebay_transactions t ON t.order_id = shown.order_id
                    WHERE lower(t.type) = 'order' AND {where} GROUP BY t.order_id) e
                    ON e.order_id = c.order_id"""),
    ]  # fmt: skip
    ctes["missing_from_ebay"] = _missing_from_ebay(filters)
    ctes["gross_vs_deposit"] = """SELECT m.order_id, o.order_number, m.date,
                    CAST(m.gross AS DECIMAL(12,2)) AS gross,
                    CAST(coalesce(m.deposit, 0) AS DECIMAL(12,2)) AS deposit,
                    CAST(m.gross - coalesce(m.deposit, 0) AS DECIMAL(12,2)) AS difference
                FROM order_money m JOIN orders o ON o.order_id = m.order_id
                WHERE m.rows_in_filter > 0 AND m.gross IS DISTINCT FROM coalesce(m.deposit, 0)"""
    figures = ("count(*)", "coalesce(sum(amount), 0)", "coalesce(sum(rows_net), 0)",
               "coalesce(sum(sales), 0)", "coalesce(sum(fees), 0)", "coalesce(sum(refunds), 0)",
               "coalesce(sum(labels), 0)", "count(*) FILTER (WHERE state <> 'balanced')")
    totals = "SELECT {" + ", ".join(f"'{k}': {v}" for k, v in zip(
        _TOTALS, figures, strict=True)) + "} FROM payout_rows"  # fmt: skip
    return Plan(ctes, sections, {"totals": totals}, _finish)


def _order_money(filters: Filters, where: str) -> str:
    """Per order: its Order rows (all of them: matched; in the filter: gross) and deposits;
    only the orders either section may list (kept small, so cheap to hold)."""
    return f"""SELECT coalesce(g.order_id, d.order_id) AS order_id,
                g.order_id IS NOT NULL AS matched, g.rows_in_filter, g.gross, g.date,
                d.order_id IS NOT NULL AS paid, d.deposit
            FROM (SELECT t.order_id, count(*) FILTER (WHERE {where}) AS rows_in_filter,
                    sum(t.gross_amount) FILTER (WHERE {where}) AS gross,
                    min(t.creation_date) FILTER (WHERE {where}) AS date
                FROM ebay_transactions t WHERE lower(t.type) = 'order' AND t.order_id IS NOT NULL
                GROUP BY t.order_id) g
            FULL JOIN (SELECT order_id, sum(amount) AS deposit FROM deposits
                       WHERE order_id IS NOT NULL GROUP BY order_id) d ON d.order_id = g.order_id
            WHERE (g.rows_in_filter > 0 AND g.gross IS DISTINCT FROM coalesce(d.deposit, 0))
               OR (d.order_id IS NOT NULL AND g.order_id IS NULL)"""


def _finish(tables: dict[str, Table], scalars: dict[str, object]) -> ViewResult:
    totals = dict(scalars["totals"])
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


def _fees_by_month(filters: Filters) -> Section:
    """eBay's fees as a share of sales, by month of the transaction: without a date range from
    the sums the payouts import keeps per account and month (``fee_months``)."""
    where = filters.sql("t.creation_date", "t.account_id")
    if not (filters.date_from or filters.date_to):
        return Section(
            "fees_by_month", "eBay fees as a share of sales by month",
            f"""SELECT t.month, CAST(coalesce(sum(t.sales), 0) AS DECIMAL(12,2)) AS sales,
                CAST(-sum(t.fees) AS DECIMAL(12,2)) AS fees,
                CAST(round(100 * -sum(t.fees) / nullif(sum(t.sales), 0), 2) AS DECIMAL(12,2))
                    AS fee_share_pct
            FROM fee_months t WHERE {where.replace("t.creation_date", "t.month")}
            GROUP BY 1""", "month", capped=False,
        )  # fmt: skip
    return Section(
        "fees_by_month", "eBay fees as a share of sales by month",
        f"""SELECT CAST(date_trunc('month', t.creation_date) AS DATE) AS month,
            CAST(coalesce(sum(t.gross_amount) FILTER (WHERE lower(t.type) = 'order'), 0)
                AS DECIMAL(12,2)) AS sales,
            CAST(-sum(t.fees) AS DECIMAL(12,2)) AS fees,
            CAST(round(100 * -sum(t.fees) / nullif(sum(t.gross_amount)
                FILTER (WHERE lower(t.type) = 'order'), 0), 2) AS DECIMAL(12,2)) AS fee_share_pct
        FROM ebay_transactions t
        WHERE t.creation_date IS NOT NULL AND lower(t.type) IN ('order', 'refund') AND {where}
        GROUP BY 1""", "month", capped=False,
    )  # fmt: skip


def _missing_from_ebay(filters: Filters) -> str:
    """Paid eBay orders of an account, paid inside the days its imported reports cover, with no
    Order row (a report covers whole days: ``payout_imports`` start and end dates, else the
    span of the rows it added, which the import keeps)."""
    where = filters.sql("o.paid_date", "o.account_id")
    return f"""WITH covered AS (
                SELECT account_id, coalesce(start_date, first_row) AS first_day,
                    coalesce(end_date, last_row) AS last_day
                FROM payout_imports WHERE row_count > 0)
            SELECT o.order_number, o.ebay_order_number, a.name AS account, o.paid_date,
                CAST(m.deposit AS DECIMAL(12,2)) AS deposit, o.status
            FROM order_money m JOIN orders o ON o.order_id = m.order_id
            LEFT JOIN seller_accounts a ON a.account_id = o.account_id
            WHERE m.paid AND NOT m.matched AND o.source = 'ebay' AND {where}
              AND EXISTS (SELECT 1 FROM covered c WHERE c.account_id = o.account_id
                          AND o.paid_date BETWEEN c.first_day AND c.last_day)"""
