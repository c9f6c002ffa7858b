"""The sales import guards a shop export with the shop's own columns: Shopify's "Lineitem
quantity" and a saved column map's quantity column no longer escape the input guard (an eBay
download's guard looks for "Quantity"). One line naming file, row and field; nothing created."""

from __future__ import annotations

import csv
import io

import pytest

from aimsi_ebay.formats.input_limits import LimitExceeded
from aimsi_ebay.ops.sales.importer import import_sales, stage_sales
from aimsi_ebay.ops.shop.accounts import create_shop_account, save_map

DAY = "2026-05-01 10:00:00 -0400"


@pytest.fixture
def shop_db(demo_db):
    create_shop_account(demo_db, "webshop", currency="USD", location="Springfield, IL")
    return demo_db


def orders_made(db) -> int:
    with db.read() as con:
        return con.execute("SELECT count(*) FROM orders WHERE source = 'shop'").fetchone()[0]


def write(path, rows) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_shopify_quantity_too_large_refuses_the_import(shop_db, tmp_path):
    header = ["Name", "Email", "Financial Status", "Paid at", "Total", "Created at",
              "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku"]  # fmt: skip
    rows = [[f"#9{n}", f"g{n}@example.com", "paid", DAY, "10.00", DAY, quantity, "Strings",
             "10.00", "S-1"] for n, quantity in enumerate(["1", "1", "7000000"])]  # fmt: skip
    path = tmp_path / "shopify.csv"
    write(path, [header, *rows])
    before = orders_made(shop_db)
    with pytest.raises(LimitExceeded) as refused:
        import_sales(shop_db, path, account="webshop", unmatched="create")
    assert (refused.value.file, refused.value.row, refused.value.field) == (
        "shopify.csv", 4, "Lineitem quantity")  # fmt: skip
    assert str(refused.value).count("\n") == 0 and "is too large" in str(refused.value)
    assert orders_made(shop_db) == before


def test_a_column_maps_quantity_too_large_refuses_the_upload(shop_db):
    save_map(shop_db, "webshop", {
        "name": "tiny", "fields": {"Ref": "name", "Mail": "email", "Item": "line.title",
                                   "Qty": "line.quantity", "Each": "line.unit_price",
                                   "Sum": "total", "Paid": "paid_at"},
        "date_format": "%Y-%m-%d",
    })  # fmt: skip
    out = io.StringIO()
    csv.writer(out).writerows([
        ["Ref", "Mail", "Item", "Qty", "Each", "Sum", "Paid"],
        ["A1", "a@example.com", "Strings", "3000000", "1.00", "3000000.00", "2026-05-01"],
    ])  # fmt: skip
    with pytest.raises(LimitExceeded) as refused:
        stage_sales(shop_db, out.getvalue().encode(), "tiny.csv", account="webshop")
    assert (refused.value.file, refused.value.row, refused.value.field) == ("tiny.csv", 2, "Qty")
