"""The demo store: believable, deterministic, and its books balance."""

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.demo.store import build_demo
from aimsi_ebay.errors import InputError


def _fingerprint(db):
    with db.read() as con:
        return con.execute(
            "SELECT (SELECT string_agg(sku || price || qty_on_hand, ',' ORDER BY sku) FROM skus),"
            " (SELECT string_agg(name || coalesce(email, ''), ',' ORDER BY customer_id) FROM customers),"
            " (SELECT string_agg(order_number || total || status, ',' ORDER BY order_id) FROM orders)"
        ).fetchone()


def test_the_same_seed_builds_the_same_store(tmp_path, demo_db):
    other = Database(tmp_path / "again.duckdb")
    build_demo(other)
    assert _fingerprint(other) == _fingerprint(demo_db)


def test_the_store_has_what_the_dashboards_need(demo_db):
    with demo_db.read() as con:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT count(*) FROM items") >= 300
        assert one("SELECT count(*) FROM skus") >= 1450
        assert one("SELECT count(*) FROM customers") == 2000
        assert one("SELECT count(DISTINCT item_id) FROM skus GROUP BY item_id HAVING count(*) > 1 LIMIT 1")
        assert sorted(r[0] for r in con.execute("SELECT name FROM seller_accounts").fetchall()) == [
            "demo-outlet", "demo-store", "demo-webstore"]  # demo-webstore: a web shop (issue 17)
        assert 200 <= one("SELECT count(*) FROM ebay_records") <= 600
        assert one("SELECT count(*) FROM ebay_records WHERE update_ebay") > 50
        assert one("SELECT count(*) FROM ebay_categories") == 418
        for status in ("open", "picked", "shipped", "invoiced"):
            assert one(f"SELECT count(*) FROM orders WHERE status = '{status}'") > 0, status
        assert one("SELECT count(*) FROM staged_sales WHERE status = 'staged'") > 0
        # the SKUs named in the sample eBay downloads exist, so the samples import cleanly
        for sku in ("GTR-STRAT-SB", "STR-EB2221", "TSH-LOGO-M", "AMP-BOSS-K50", "KEY-CTS300",
                    "SAX-YAS280", "STR-EXP16", "DRM-ZILA14", "TSH-LOGO-L"):
            assert one(f"SELECT count(*) FROM skus WHERE sku = '{sku}'") == 1, sku


def test_the_books_balance(demo_db):
    with demo_db.read() as con:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT count(*) FROM orders WHERE total <> merchandise + shipping + seller_tax") == 0
        assert one(
            "SELECT count(*) FROM orders o WHERE merchandise <>"
            " (SELECT sum(amount) FROM order_lines l WHERE l.order_id = o.order_id)") == 0
        assert one("SELECT count(*) FROM order_lines WHERE amount <> unit_price * quantity") == 0
        assert one(
            "SELECT count(*) FROM invoices i WHERE total <"
            " (SELECT coalesce(sum(amount), 0) FROM invoice_payments p WHERE p.invoice_id = i.invoice_id)") == 0
        assert one(
            "SELECT count(*) FROM deposits d WHERE amount <"
            " (SELECT coalesce(sum(amount), 0) FROM invoice_payments p WHERE p.deposit_id = d.deposit_id)") == 0
        assert one("SELECT count(*) FROM orders o JOIN deposits d USING (order_id) WHERE o.awaiting_payment") == 0
        assert one("SELECT count(*) FROM skus WHERE qty_committed < 0") == 0


def test_a_store_is_never_overwritten_without_reset(demo_db):
    with pytest.raises(InputError, match="already holds a store"):
        build_demo(demo_db)
    report = build_demo(demo_db, reset=True)
    assert report.counts["items"] >= 250
