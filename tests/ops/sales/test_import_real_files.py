"""Importing real eBay downloads (../shared/real, skipped when absent) and the committed fixtures
that reproduce their quirks: every sale, its deposit, no '--' data, one customer per eBay user."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from aimsi_ebay.ops.sales.importer import import_sales

REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "real"
GOLDEN = Path(__file__).resolve().parents[2] / "formats" / "golden"
COUNTS = ("sales", "orders_created", "deposits", "deposits_total", "customers_created",
          "ship_tos_created", "awaiting_payment", "needs_review", "cancelled", "rejected")  # fmt: skip


def real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared/real")
    return path


def batch_facts(db, batch_id: int) -> dict:
    with db.read() as con:
        deposits = con.execute(
            "SELECT count(*), sum(d.amount), count(DISTINCT d.reference) FROM deposits d"
            " JOIN orders o ON o.order_id = d.order_id WHERE o.import_batch_id = ?",
            [batch_id],
        ).fetchone()
        masked = (
            con.execute(
                "SELECT count(*) FROM customers c WHERE '--' IN (c.name, c.email, c.phone, c.address1,"
                " c.address2, c.city, c.state, c.postal_code, c.country)"
            ).fetchone()[0]
            + con.execute(
                "SELECT count(*) FROM ship_to_addresses t WHERE '--' IN (t.name, t.phone, t.address1,"
                " t.address2, t.city, t.state, t.postal_code, t.country)"
            ).fetchone()[0]
        )
        users = con.execute(
            "SELECT count(*) FROM (SELECT s.user_id_norm FROM staged_sales s WHERE s.batch_id = ?"
            " GROUP BY 1 HAVING count(DISTINCT s.customer_id) > 1)",
            [batch_id],
        ).fetchone()[0]
        closed = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE o.status = 'cancelled'),"
            " count(d.deposit_id) FROM orders o LEFT JOIN deposits d ON d.order_id = o.order_id"
            " WHERE o.import_batch_id = ? AND o.closed_reason IS NOT NULL",
            [batch_id],
        ).fetchone()
        unbalanced = con.execute(
            "SELECT count(*) FROM orders WHERE import_batch_id = ?"
            " AND total <> merchandise + shipping + seller_tax + adjustment",
            [batch_id],
        ).fetchone()[0]
    return {"deposits": deposits, "masked": masked, "users_split": users, "closed": closed,
            "unbalanced": unbalanced}  # fmt: skip


def check_import(db, path: Path, orders: int, deposits: int, total: str) -> dict:
    dry = import_sales(db, path, account="demo-store", unmatched="create", dry_run=True)
    done = import_sales(db, path, account="demo-store", unmatched="create")
    assert {k: getattr(dry, k) for k in COUNTS} == {k: getattr(done, k) for k in COUNTS}
    assert done.rejected == [] and done.orders_created == orders
    assert (done.deposits, done.deposits_total) == (deposits, Decimal(total))
    facts = batch_facts(db, done.batch_id)
    assert facts["deposits"] == (deposits, Decimal(total), deposits)  # references unique
    assert facts["masked"] == 0 and facts["users_split"] == 0 and facts["unbalanced"] == 0
    return facts


def test_real_orders_report(demo_db):
    facts = check_import(
        demo_db, real("ebay_orders_report_2023_vvoltagea_redacted.csv"), 357, 342, "13565.11"
    )
    assert facts["closed"] == (10, 10, 0)  # 9 refunded + 1 cancelled: no deposit
    again = import_sales(
        demo_db, real("ebay_orders_report_2023_vvoltagea_redacted.csv"), account="demo-store"
    )
    assert again.orders_created == 0 and again.already_imported == 357


def test_real_legacy_sales_history(demo_db):
    check_import(demo_db, real("ebay_legacy_saleshistory_2016.csv"), 4, 4, "46.30")


def test_fixtures_reproduce_the_real_cases(demo_db):
    facts = check_import(demo_db, GOLDEN / "orders_report_real_quirks.csv", 6, 4, "179.13")
    assert facts["closed"] == (2, 2, 0)
    check_import(demo_db, GOLDEN / "sold_legacy_real_quirks.csv", 2, 2, "31.50")


def test_a_closed_sale_commits_no_stock(demo_db):
    with demo_db.write() as con:
        con.execute("UPDATE skus SET qty_committed = 0 WHERE sku = (SELECT min(sku) FROM skus)")
        sku = con.execute("SELECT min(sku) FROM skus").fetchone()[0]
    text = (GOLDEN / "orders_report_real_quirks.csv").read_text(encoding="utf-8")
    path = demo_db.path.parent / "closed.csv"
    path.write_text(text.replace("FIX-PEDAL", sku), encoding="utf-8")
    import_sales(demo_db, path, account="demo-store", unmatched="create")
    with demo_db.read() as con:
        committed = con.execute("SELECT qty_committed FROM skus WHERE sku = ?", [sku]).fetchone()
    assert committed == (2 + 1 + 5 + 1,)  # sales 501, 502, 503, 506; not 504 (6) nor 505 (1)
