"""The input guard on a shop export knows the shop's own quantity and amount columns (Shopify's
"Lineitem quantity", a column map's "Qty", its amounts and tax values): an over-large number or a
quote left open refuses the file with one line naming file, row and field — on DuckDB's split and
on Python's alike. The reader alone (unguarded) still turns an over-large number into a rejection
(``test_sql_reader.py``), as the Python reader does."""

from __future__ import annotations

import csv
import io

import pytest

from aimsi_ebay.formats.input_limits import LimitExceeded
from aimsi_ebay.formats.shop import sql_reader
from aimsi_ebay.formats.shop.column_map import ColumnMap
from aimsi_ebay.formats.shop.shopify import SHOPIFY_MAP
from aimsi_ebay.formats.shop.sql_reader import read_shop_sales

HEADER = ["Name", "Email", "Financial Status", "Paid at", "Currency", "Subtotal", "Shipping",
          "Taxes", "Total", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
          "Lineitem sku", "Billing Name", "Tax 1 Name", "Tax 1 Value"]  # fmt: skip
DAY = "2026-05-01 10:00:00 -0400"


def shopify(*changes: tuple[int, str, str], spanning: bool = False) -> bytes:
    """Three one-line orders; ``changes``: (order 0-2, column, cell). ``spanning``: a cell holds
    a line break (so DuckDB declines the split and Python's reads the file)."""
    rows = []
    for n in range(3):
        cells = {"Name": f"#{1001 + n}", "Email": f"b{n}@example.com", "Financial Status": "paid",
                 "Paid at": DAY, "Currency": "USD", "Subtotal": "10.00", "Shipping": "0.00",
                 "Taxes": "0.00", "Total": "10.00", "Created at": DAY, "Lineitem quantity": "1",
                 "Lineitem name": "Strings", "Lineitem price": "10.00", "Lineitem sku": "S-1",
                 "Billing Name": "Ann", "Tax 1 Name": "", "Tax 1 Value": ""}  # fmt: skip
        rows.append(cells)
    for order, column, cell in changes:
        rows[order][column] = cell
    if spanning:
        rows[2]["Billing Name"] = "Ann\nc/o Bo"
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *[[row[c] for c in HEADER] for row in rows]])
    return out.getvalue().encode("utf-8")


def refusal(data: bytes, column_map: ColumnMap = SHOPIFY_MAP) -> tuple | None:
    try:
        read_shop_sales("orders.csv", data, column_map, currency="USD", guard=True)
    except LimitExceeded as error:
        return error.file, error.row, error.field, str(error)
    return None


@pytest.fixture(params=["duckdb", "python"])
def split(request, monkeypatch):
    """Both splits: DuckDB's, and Python's (DuckDB's declined)."""
    if request.param == "python":
        monkeypatch.setattr(sql_reader, "split_fast", lambda *args: None)
    return request.param


def test_shopify_lineitem_quantity_too_large_refuses_the_file(split):
    found = refusal(shopify((1, "Lineitem quantity", "5000000")))
    assert found is not None and found[:3] == ("orders.csv", 3, "Lineitem quantity")
    assert "'5000000' is too large (at most 1,000,000)" in found[3]


@pytest.mark.parametrize("column", ["Lineitem price", "Total", "Shipping", "Tax 1 Value"])
def test_shopify_amounts_too_large_refuse_the_file(split, column):
    found = refusal(shopify((2, column, "123456789.00")))
    assert found is not None and found[:3] == ("orders.csv", 4, column)


def test_the_first_row_over_a_limit_is_named(split):
    found = refusal(shopify((2, "Lineitem quantity", "9000000"), (1, "Total", "$200,000,000.00")))
    assert found is not None and found[1:3] == (3, "Total")


def test_a_quote_left_open_refuses_the_file():
    data = shopify()
    lines = data.split(b"\r\n")
    lines[1] = lines[1].replace(b",Strings,", b',"Strings,', 1)  # never closed
    found = refusal(b"\r\n".join(lines))
    assert found is not None and found[1:3] == (2, "Lineitem name")
    assert "a quote opened here is never closed" in found[3]


def test_numbers_within_their_limits_pass(split):
    data = shopify((0, "Lineitem quantity", "999999"), (1, "Total", "99,999,999.99"))
    assert refusal(data) is None
    result = read_shop_sales("orders.csv", data, SHOPIFY_MAP, currency="USD", guard=True)
    assert (result.sales_count, result.rejections) == (3, [])  # read as ever: the guard let it be


MAPPED = ColumnMap(
    "eu",
    {"Order": "name", "Mail": "email", "Item": "line.title", "Qty": "line.quantity",
     "Price": "line.unit_price", "Grand Total": "total", "Paid": "paid_at"},
    date_format="%d.%m.%Y", decimal_comma=True,
)  # fmt: skip


def mapped(qty: str = "1", price: str = "12,50", total: str = "12,50") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([
        ["Order", "Mail", "Item", "Qty", "Price", "Grand Total", "Paid"],
        ["7", "a@example.de", "Gitarre", "1", "12,50", "12,50", "01.05.2026"],
        ["8", "b@example.de", "Saiten", qty, price, total, "01.05.2026"],
    ])  # fmt: skip
    return out.getvalue().encode("utf-8")


def test_a_column_maps_quantity_column_is_guarded(split):
    found = refusal(mapped(qty="2000000"), MAPPED)
    assert found is not None and found[:3] == ("orders.csv", 3, "Qty")


def test_a_decimal_comma_maps_amounts_are_read_its_way(split):
    assert refusal(mapped(price="1.234.567,89", total="1.234.567,89"), MAPPED) is None
    found = refusal(mapped(total="123.456.789,00"), MAPPED)
    assert found is not None and found[1:3] == (3, "Grand Total")
