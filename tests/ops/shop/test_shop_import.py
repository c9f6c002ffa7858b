"""Shop exports through the sales import: golden results of whole files, the rules they share with
eBay (key, customers by e-mail across channels, ship-tos, SKUs), and what is refused."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.sales.importer import import_sales, stage_sales
from aimsi_ebay.ops.shop.accounts import create_shop_account, save_map

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SHOP_GOLDEN = HERE.parents[1] / "formats" / "shop" / "golden"
REGENERATE = os.environ.get("AIMSI_REGENERATE_GOLDEN") == "1"


@pytest.fixture
def shop_db(demo_db):
    create_shop_account(demo_db, "webshop", currency="USD", location="Springfield, IL")
    return demo_db


def outcome(db, batch_id: int) -> dict:
    """What an import made, keyed by the shop's order names (ids left out: they vary)."""
    with db.read() as con:
        orders = con.execute(
            """SELECT o.sale_key, o.source, o.status, o.awaiting_payment, o.needs_review,
                o.review_reason, o.ebay_order_number, CAST(o.merchandise AS VARCHAR),
                CAST(o.shipping AS VARCHAR), CAST(o.seller_tax AS VARCHAR),
                CAST(o.adjustment AS VARCHAR), o.adjustment_kind, CAST(o.total AS VARCHAR),
                o.closed_reason, CAST(o.order_date AS VARCHAR), CAST(o.paid_date AS VARCHAR),
                c.name, c.email, c.source, s.name, s.postal_code,
                (SELECT list(struct_pack(sku := l.sku, title := l.title, qty := l.quantity,
                        amount := CAST(l.amount AS VARCHAR)) ORDER BY l.line_no)
                 FROM order_lines l WHERE l.order_id = o.order_id),
                (SELECT list(struct_pack(amount := CAST(d.amount AS VARCHAR), method := d.method,
                        reference := d.reference, memo := d.memo)) FROM deposits d
                 WHERE d.order_id = o.order_id)
            FROM orders o JOIN customers c USING (customer_id)
            LEFT JOIN ship_to_addresses s ON s.ship_to_id = o.ship_to_id
            WHERE o.import_batch_id = ? ORDER BY o.sale_key""",
            [batch_id],
        ).fetchall()
    keys = ("key", "source", "status", "awaiting_payment", "needs_review", "review",
            "ebay_order_number", "merchandise", "shipping", "seller_tax", "adjustment",
            "adjustment_kind", "total", "closed_reason", "order_date", "paid_date", "customer",
            "email", "customer_source", "ship_to", "ship_to_postal", "lines", "deposits")  # fmt: skip
    return {row[0]: dict(zip(keys, row, strict=True)) for row in orders}


def check_golden(case: str, found: dict) -> None:
    path = GOLDEN / f"{case}.expected.json"
    text = json.dumps(found, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))


def test_shopify_export_golden(shop_db):
    report = import_sales(
        shop_db, SHOP_GOLDEN / "shopify_orders.csv", account="webshop", unmatched="create"
    )
    assert (report.format, report.sales, report.orders_created, report.rejected) == (
        "shopify",
        5,
        5,
        [],
    )
    # #1003 was cancelled in the shop: not created
    found = outcome(shop_db, report.batch_id)
    assert "#1003" not in found
    # paid #1001 (discount SPRING10) 144.27 + #1002 41.13 − refund 15.00 + #1006 1380.19 − 880.19
    assert report.deposits_total == Decimal("670.40")
    for order in found.values():  # the total is lines + shipping + tax − discount
        assert Decimal(order["total"]) == Decimal(order["merchandise"]) + Decimal(
            order["shipping"]
        ) + Decimal(order["seller_tax"]) + Decimal(order["adjustment"])
    assert found["#1001"]["adjustment_kind"] == "discount SPRING10"
    assert found["#1004"]["awaiting_payment"] and not found["#1004"]["deposits"]
    assert found["#1005"]["status"] == "cancelled"  # refunded
    check_golden("shopify_orders", found)


def test_a_buyer_who_bought_on_ebay_is_one_customer(shop_db):
    with shop_db.read() as con:
        before = con.execute("SELECT count(*) FROM customers").fetchone()[0]
    report = import_sales(
        shop_db, GOLDEN / "shopify_cross_channel.csv", account="webshop", unmatched="create"
    )
    found = outcome(shop_db, report.batch_id)
    assert found["#3001"]["customer"] == "Gregory Jones"  # demo customer 1, by e-mail
    assert found["#3001"]["ship_to_postal"] == "95816"  # the ' a spreadsheet added is gone
    assert found["#3002"]["customer"] == found["#3003"]["customer"] == "New Buyer"
    assert found["#3002"]["lines"][0]["sku"] == "AGT-BRDG-NT"  # SKU found, case folded
    assert found["#3003"]["needs_review"] and found["#3003"]["lines"][0]["sku"] is None
    assert found["#3003"]["lines"][0]["title"] == "A thing we do not stock"
    with shop_db.read() as con:
        assert con.execute("SELECT count(*) FROM customers").fetchone()[0] == before + 1
    check_golden("shopify_cross_channel", found)


def test_mapped_woocommerce_export_golden(shop_db):
    report = import_sales(
        shop_db,
        SHOP_GOLDEN / "woocommerce_mapped.csv",
        account="webshop",
        fmt="map:woocommerce",
        unmatched="create",
    )
    assert report.format == "map:woocommerce" and report.orders_created >= 1
    check_golden("woocommerce_mapped", outcome(shop_db, report.batch_id))


def test_auto_detects_a_saved_map_from_the_header(shop_db):
    report = import_sales(
        shop_db, SHOP_GOLDEN / "woocommerce_mapped.csv", account="webshop", unmatched="create"
    )
    assert report.format == "map:woocommerce"


def test_same_file_twice_and_overlapping_exports_create_nothing_new(shop_db, tmp_path):
    path = SHOP_GOLDEN / "shopify_orders.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head = tmp_path / "first.csv"
    head.write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")  # #1001, #1002
    first = import_sales(shop_db, head, account="webshop", unmatched="create")
    assert first.orders_created == 2
    second = import_sales(shop_db, path, account="webshop", unmatched="create")
    assert (second.orders_created, second.already_imported) == (3, 2)
    third = import_sales(shop_db, path, account="webshop", unmatched="create")
    assert (third.orders_created, third.already_imported, third.customers_created) == (0, 5, 0)
    with shop_db.read() as con:
        assert (
            con.execute(
                "SELECT count(*) FROM orders o JOIN seller_accounts a USING (account_id)"
                " WHERE a.name = 'webshop'"
            ).fetchone()[0]
            == 5
        )


def test_an_order_cancelled_after_import_is_cancelled_and_its_stock_given_back(shop_db, tmp_path):
    text = (GOLDEN / "shopify_cross_channel.csv").read_text(encoding="utf-8")
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    import_sales(shop_db, path, account="webshop", unmatched="create")
    with shop_db.read() as con:
        committed = con.execute(
            "SELECT qty_committed FROM skus WHERE sku = 'AGT-BRDG-NT'"
        ).fetchone()[0]
    later = tmp_path / "b.csv"
    later.write_text(
        text.replace("Shopify Payments,c3002.1", "Shopify Payments,c3002.1")
        .replace(",USD,469.99,12.00", ",USD,469.99,12.00")
        .replace(
            "UPS Ground,2026-06-02 09:00:00 -0700,1,Bridge,469.99,agt-brdg-nt,New Buyer,"
            "1 Main St,Reno,89501,NV,US,,,,,,,,,,",
            "UPS Ground,2026-06-02 09:00:00 -0700,1,Bridge,469.99,agt-brdg-nt,New Buyer,"
            "1 Main St,Reno,89501,NV,US,,,,,,,,,2026-06-04 10:00:00 -0700,",
        ),
        encoding="utf-8",
    )
    report = import_sales(shop_db, later, account="webshop", unmatched="create")
    assert report.cancelled == 1
    with shop_db.read() as con:
        status, review = con.execute(
            "SELECT status, review_reason FROM orders WHERE sale_key = '#3002'"
        ).fetchone()
        assert (
            con.execute("SELECT qty_committed FROM skus WHERE sku = 'AGT-BRDG-NT'").fetchone()[0]
            == committed - 1
        )
    assert status == "cancelled" and "refunded" in review  # it was paid: refund the deposit


def test_channels_are_not_mixed_up(shop_db, samples):
    with pytest.raises(InputError, match="is an eBay account"):
        stage_sales(
            shop_db,
            (SHOP_GOLDEN / "shopify_orders.csv").read_bytes(),
            "orders.csv",
            account="demo-store",
        )
    with pytest.raises(InputError, match="is a shop account"):
        import_sales(shop_db, samples / "sales" / "ebay_sold_legacy.csv", account="webshop")


def test_a_map_missing_a_required_field_is_refused(shop_db):
    definition = {"name": "mine", "fields": {"Order": "name", "Mail": "email",
                  "Qty": "line.quantity", "Price": "line.unit_price", "Item": "line.title"}}  # fmt: skip
    with pytest.raises(InputError, match="lacks required fields: total"):
        save_map(shop_db, "webshop", definition)
    definition["fields"]["Grand Total"] = "total"
    assert save_map(shop_db, "webshop", definition).name == "mine"
    with pytest.raises(InputError, match="column maps belong to shop accounts"):
        save_map(shop_db, "demo-store", definition)
