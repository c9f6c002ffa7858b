"""Import batches: per sales download, the file's Total Price sum explained to the cent.

Every sale of a download is staged once, so Σ Total Price of its staged sales is the file's sum
(rejected rows excepted: the sales import keeps their reasons, not their amounts — they are
counted beside it). It must equal:

    deposits recorded for the batch's orders + eBay-collected tax and charges
    + unpaid (ordered, awaiting payment) + still waiting (staged or held)
    + already imported (ordered from an earlier download)

A difference means a deposit was written, changed or lost outside the import. The date filter
is the day the batch was imported.
"""

from __future__ import annotations

import duckdb

from aimsi_ebay.ops.reconcile.statement import Plan, Section
from aimsi_ebay.ops.reconcile.views import Filters, Table, ViewResult

_TOTALS = ("batches", "file_total", "deposits", "ebay_collected", "unpaid", "waiting",
           "already_imported", "rejected_rows", "unbalanced")


def plan(con: duckdb.DuckDBPyConnection, filters: Filters) -> Plan:
    """One row per download (a few hundred): the staged sales grouped by batch, with the
    deposits of only the orders they became."""
    where = filters.sql("CAST(b.created_at AS DATE)", "b.account_id")
    batch_rows = f"""WITH sales AS (  -- each staged sale of a batch in scope, with what it became
            SELECT s.batch_id, s.status, s.order_id, s.paid_date, s.total_price,
                s.deposit_amount
            FROM staged_sales s JOIN import_batches b ON b.batch_id = s.batch_id WHERE {where}),
        order_deposits AS (
            SELECT d.order_id, sum(d.amount) AS deposit FROM deposits d
            WHERE d.order_id IN (SELECT order_id FROM sales WHERE status = 'ordered')
            GROUP BY d.order_id),
        per_batch AS (
            SELECT s.batch_id, count(*) AS sales, count(*) FILTER (WHERE total_price IS NULL)
                    AS without_total,
                sum(total_price) AS file_total,
                sum(d.deposit) FILTER (WHERE status = 'ordered') AS deposits,
                sum(total_price - deposit_amount)
                    FILTER (WHERE status = 'ordered' AND paid_date IS NOT NULL) AS ebay_collected,
                sum(total_price) FILTER (WHERE status = 'ordered' AND paid_date IS NULL) AS unpaid,
                sum(total_price) FILTER (WHERE status IN ('staged', 'held')) AS waiting,
                sum(total_price) FILTER (WHERE status = 'already_imported') AS already_imported
            FROM sales s LEFT JOIN order_deposits d ON d.order_id = s.order_id
            GROUP BY s.batch_id),
        rejected AS (SELECT batch_id, count(*) AS rejected FROM import_rejections GROUP BY 1)
        SELECT b.batch_id, b.file_name, a.name AS account, CAST(b.created_at AS DATE) AS imported,
            coalesce(p.sales, 0) AS sales, coalesce(r.rejected, 0) AS rejected_rows,
            CAST(coalesce(p.file_total, 0) AS DECIMAL(12,2)) AS file_total,
            CAST(coalesce(p.deposits, 0) AS DECIMAL(12,2)) AS deposits,
            CAST(coalesce(p.ebay_collected, 0) AS DECIMAL(12,2)) AS ebay_collected,
            CAST(coalesce(p.unpaid, 0) AS DECIMAL(12,2)) AS unpaid,
            CAST(coalesce(p.waiting, 0) AS DECIMAL(12,2)) AS waiting,
            CAST(coalesce(p.already_imported, 0) AS DECIMAL(12,2)) AS already_imported,
            CAST(coalesce(p.file_total, 0) - coalesce(p.deposits, 0)
                 - coalesce(p.ebay_collected, 0) - coalesce(p.unpaid, 0) - coalesce(p.waiting, 0)
                 - coalesce(p.already_imported, 0) AS DECIMAL(12,2)) AS difference,
            coalesce(p.without_total, 0) AS sales_without_total
        FROM import_batches b
        LEFT JOIN per_batch p ON p.batch_id = b.batch_id
        LEFT JOIN rejected r ON r.batch_id = b.batch_id
        LEFT JOIN seller_accounts a ON a.account_id = b.account_id
        WHERE {where}"""
    figures = ("count(*)", "coalesce(sum(file_total), 0)", "coalesce(sum(deposits), 0)",
               "coalesce(sum(ebay_collected), 0)", "coalesce(sum(unpaid), 0)",
               "coalesce(sum(waiting), 0)", "coalesce(sum(already_imported), 0)",
               "coalesce(sum(rejected_rows), 0)", "count(*) FILTER (WHERE difference <> 0)")
    totals = "SELECT {" + ", ".join(f"'{k}': {v}" for k, v in zip(
        _TOTALS, figures, strict=True)) + "} FROM batch_rows"  # fmt: skip
    sections = [Section("batches", "Sales downloads: Total Price explained",
                        "SELECT * FROM batch_rows", "difference = 0, batch_id DESC",
                        count="SELECT count(*) FROM batch_rows")]  # fmt: skip
    return Plan({"batch_rows": batch_rows}, sections, {"totals": totals}, _finish)


def _finish(tables: dict[str, Table], scalars: dict[str, object]) -> ViewResult:
    totals = dict(scalars["totals"])
    problems = []
    if totals["unbalanced"]:
        problems.append(
            f"{totals['unbalanced']} download(s) whose Total Price sum is not explained to the cent"
        )
    return ViewResult("batches", tables, totals, problems)
