"""The set-based shop reader gives exactly what the Python reader and ``to_sales_file`` give: the
same staged sales and lines, rejections, cancelled orders and row account — on the golden files
and on generated files full of the odd cells real exports hold."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.shop.as_sales import to_sales_file
from aimsi_ebay.formats.shop.column_map import ColumnMap, read_mapped
from aimsi_ebay.formats.shop.maps import WOOCOMMERCE
from aimsi_ebay.formats.shop.shopify import SHOPIFY_MAP
from aimsi_ebay.formats.shop.sql_reader import read_shop_sales

HERE = Path(__file__).resolve().parent
GOLDEN = [*sorted((HERE / "golden").glob("*.csv")),
          *sorted((HERE.parents[1] / "ops" / "shop" / "golden").glob("*.csv"))]  # fmt: skip


def assert_same(name: str, data: bytes, column_map: ColumnMap, currency: str | None) -> None:
    expected = to_sales_file(read_mapped(name, data, column_map), data, currency=currency)
    found = read_shop_sales(name, data, column_map, currency=currency)
    assert found.rejections == expected.rejections
    assert found.sales_table.to_pylist() == expected.sales_table.to_pylist()
    assert found.lines_table.to_pylist() == expected.lines_table.to_pylist()
    assert found.sales_table.schema == expected.sales_table.schema
    assert found.lines_table.schema == expected.lines_table.schema
    assert found.cancelled_orders == expected.cancelled_orders
    assert found.row_account == expected.row_account
    assert (found.sha256, found.sales_count, found.format) == (
        expected.sha256,
        expected.sales_count,
        expected.format,
    )


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
@pytest.mark.parametrize("currency", ["USD", "EUR", None])
def test_golden_files_read_the_same(path, currency):
    column_map = WOOCOMMERCE if path.name.startswith("woocommerce") else SHOPIFY_MAP
    assert_same(path.name, path.read_bytes(), column_map, currency)


# Cells real exports hold, per kind of column: (mostly) good ones, and odd ones drawn now and then.
GOOD_MONEY = ["12.50", "0.00", "1,234.50", "10", "99.99", "5.00", ""]
ODD_MONEY = ["(3.00)", "-2.00", "-0.00", "12,3x", "1.234,50", " 7.99 ", "$5.00", "0.005", "3.5"]
GOOD_DATES = ["2026-05-01 10:00:00 -0400", "2026-05-31 23:59:59 +0200", ""]
ODD_DATES = ["05/07/2026", " 2026-05-02 08:00:00 -0500 ", "2026-02-30 10:00:00 -0400",
             "2026-05-03  10:00:00 -0400", "2026-05-04 10:00:00 +2400", "2026-05-04 10:00"]  # fmt: skip
STATUSES = ["paid", "pending", "authorized", "partially_paid", "refunded", "partially_refunded",
            "voided"]  # fmt: skip
ODD_STATUSES = ["Partially Paid", "expired", "", " PAID ", "paid\u00a0"]
TEXTS = ["Ana Lima", "x,y", 'say "hi"', "ü", "", "'02906", "+1 401-555-0143"]
ODD_TEXTS = ["  padded  ", "' 02906", "\u00a0"]
HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency", "Subtotal",
    "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Created at",
    "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku", "Billing Name",
    "Billing Address1", "Billing Zip", "Billing Phone", "Shipping Name", "Shipping Address1",
    "Shipping Zip", "Cancelled at", "Payment Reference", "Refunded Amount",
    "Outstanding Balance", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Duties",
]  # fmt: skip
KIND = {  # column: (good cells, odd cells)
    "Name": (["#1001", "#1002", "#1003"], [" #1001 ", ""]),
    "Financial Status": (STATUSES, ODD_STATUSES),
    "Paid at": (GOOD_DATES, ODD_DATES), "Created at": (GOOD_DATES, ODD_DATES),
    "Cancelled at": (["", "", "", "2026-05-05 10:00:00 -0400"], ["soon"]),
    "Lineitem quantity": (["1", "2", "0"], ["1.5", "", "٣", " 3 ", "12345678901"]),
    "Lineitem price": (["7.99", "10.00", "0.00"], [*ODD_MONEY, ""]),
    "Total": (["24.00", "56.00", "12.50", "0.00"], [*ODD_MONEY, ""]),
    "Currency": (["USD", "", "eur"], ["ß"]),
    "Fulfillment Status": (["", "fulfilled"], ["Fulfilled"]),
    "Discount Code": (["", "SPRING10"], [" SAVE "]),
}  # fmt: skip
MONEY_COLUMNS = {"Subtotal", "Shipping", "Taxes", "Discount Amount", "Refunded Amount",
                 "Outstanding Balance", "Lineitem discount", "Tax 1 Value", "Duties"}  # fmt: skip


def _cell(draw, column: str) -> str:
    good, odd = KIND.get(column) or (
        (GOOD_MONEY, ODD_MONEY) if column in MONEY_COLUMNS else (TEXTS, ODD_TEXTS)
    )
    return draw(st.sampled_from(odd if draw(st.integers(0, 24)) == 0 else good))


@st.composite
def shop_files(draw) -> bytes:
    """A Shopify-like export: a few orders of a few rows, later rows mostly blank at order level,
    with blank lines, short rows, rows spanning lines and CRLF now and then."""
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        rows.append([_cell(draw, column) for column in HEADER])
    firsts: dict[str, list[str]] = {}
    for row in rows:  # later rows of an order: order-level cells mostly blank or repeated
        first = firsts.setdefault(row[0], row)
        if first is not row and draw(st.integers(0, 5)):
            for i, column in enumerate(HEADER):
                if not column.startswith("Lineitem") and column != "Name":
                    row[i] = first[i] if draw(st.integers(0, 3)) == 0 else ""
    if draw(st.integers(0, 4)) == 0:
        rows[draw(st.integers(0, len(rows) - 1))][4] = "line one\nline two"  # spans lines
    if draw(st.integers(0, 4)) == 0:
        rows.insert(draw(st.integers(0, len(rows))), [""] * len(HEADER))  # a blank row
    if draw(st.integers(0, 4)) == 0:
        rows[draw(st.integers(0, len(rows) - 1))] = rows[0][: draw(st.integers(1, 20))]  # short
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows([HEADER, *rows])
    text = out.getvalue()
    if draw(st.integers(0, 4)) == 0:
        text = text.replace("\n", "\n\n", 1)  # an empty line below the header
    return text.encode("utf-8")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shop_files(), st.sampled_from(["USD", "EUR", None]))
def test_generated_shopify_files_read_the_same(data, currency):
    assert_same("gen.csv", data, SHOPIFY_MAP, currency)


EURO = ColumnMap(
    "eu",
    {"Order": "name", "Mail": "email", "First": "billing.name", "Last": "billing.name",
     "Item": "line.title", "Qty": "line.quantity", "Price": "line.unit_price",
     "Grand Total": "total", "Refund": "refunded_amount", "Paid": "paid_at",
     "Placed": "created_at"},
    decimal_comma=True,
    date_format="%d.%m.%Y",
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(
    st.sampled_from(["7", "8", ""]), st.sampled_from(["a@example.de", ""]),
    st.sampled_from(["Anna", " ", ""]), st.sampled_from(["Berg", ""]),
    st.sampled_from(["Gitarre", ""]), st.sampled_from(["1", "2", "x"]),
    st.sampled_from(["1.234,50", "12,50", "12.50", "-0,00", "", "1.2,3"]),
    st.sampled_from(["1.234,50", "25,00", "12.50", ""]), st.sampled_from(["", "5,00", "99,00", "25,00"]),
    st.sampled_from(["", "01.05.2026", "31.02.2026", "2026-05-01"]),
    st.sampled_from(["01.05.2026", "", "1.5.2026"])), min_size=1, max_size=6))  # fmt: skip
def test_generated_decimal_comma_files_read_the_same(rows):
    out = io.StringIO()
    csv.writer(out).writerows([list(EURO.fields), *rows])
    assert_same("eu.csv", out.getvalue().encode("utf-8"), EURO, "EUR")


def test_a_windows_1252_export_reads_the_same():
    text = (
        "Name,Email,Financial Status,Total,Lineitem quantity,Lineitem name,Lineitem price,"
        "Created at\n#1,m\xfcller@example.de,paid,10.00,1,Stra\xdfe,10.00,"
        "2026-05-01 10:00:00 +0200\n"
    )
    assert_same("cp.csv", text.encode("cp1252"), SHOPIFY_MAP, "EUR")


def _row(name, status, total, **cells):
    values = {"Name": name, "Email": f"{name[1:]}@example.com", "Financial Status": status,
              "Total": total, "Created at": "2026-05-01 10:00:00 -0400",
              "Lineitem quantity": "2", "Lineitem name": "Strings", "Lineitem price": "5.00",
              "Billing Name": "Ana Lima", "Billing Address1": "1 Main St"} | cells  # fmt: skip
    return [values.get(column, "") for column in HEADER]


SETTLED = [  # each order's status branch, settled by SQL itself (none is suspect)
    _row("#1", "pending", "10.00", **{"Refunded Amount": "2.00"}),
    _row("#2", "authorized", "10.00", **{"Paid at": "2026-05-02 10:00:00 -0400"}),
    _row("#3", "partially_paid", "10.00", **{"Outstanding Balance": "4.00"}),
    _row("#4", "partially_paid", "10.00", **{"Refunded Amount": "10.00"}),
    _row("#5", "refunded", "10.00", **{"Refunded Amount": "10.00"}),
    _row("#6", "partially_refunded", "10.00", **{"Refunded Amount": "10.00"}),
    _row("#7", "paid", "10.00", **{"Refunded Amount": "12.00", "Currency": "eur"}),
    _row("#8", "paid", "14.00", **{"Shipping": "3.00", "Subtotal": "10.00"}),  # a surcharge
    _row("#9", "paid", "8.00", **{"Discount Amount": "2.00", "Subtotal": "8.00"}),
    _row("#10", "paid", "7.00", **{"Discount Code": "SAVE", "Fulfillment Status": "fulfilled"}),
    _row("#11", "paid", "10.00", **{"Billing Name": "", "Billing Address1": "",
         "Shipping Name": "Bo Berg", "Shipping Zip": "'02906", "Billing Phone": "'+1 555"}),
    _row("#12", "Partially_Refunded", "10.00", **{"Payment Reference": "c1.1",
         "Taxes": "1.00", "Duties": "0.50", "Tax 1 Name": "VAT", "Tax 1 Value": "1.00"}),
    _row("#13", "paid", "10.00", **{"Cancelled at": "2026-05-03 10:00:00 -0400"}),
    _row("#14", "voided", "10.00"),
]  # fmt: skip


@pytest.mark.parametrize("currency", ["USD", None])
def test_every_status_branch_is_settled_by_sql_as_by_python(monkeypatch, currency):
    from aimsi_ebay.formats.shop import sql_reader

    def no_python(*args):
        raise AssertionError(f"order {args[2]} went to the Python reader")

    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *SETTLED])
    data = out.getvalue().encode("utf-8")
    expected = to_sales_file(read_mapped("s.csv", data, SHOPIFY_MAP), data, currency=currency)
    assert expected.rejections == [] and expected.cancelled_orders == ["#13", "#14"]
    monkeypatch.setattr(sql_reader, "read_order", no_python)
    assert_same("s.csv", data, SHOPIFY_MAP, currency)


def test_a_map_without_a_status_column_settles_refunds_as_python_does(monkeypatch):
    from aimsi_ebay.formats.shop import sql_reader

    monkeypatch.setattr(sql_reader, "read_order", None)  # none of these goes to Python
    rows = [  # refunded in full, in part, not at all (paid, and pending: no paid date)
        ["7", "a@example.de", "Anna", "Berg", "Gitarre", "1", "25,00", "25,00", "25,00",
         "01.05.2026", "01.05.2026"],
        ["8", "b@example.de", "Bo", "", "Saiten", "2", "5,00", "10,00", "4,00", "01.05.2026", ""],
        ["9", "c@example.de", "", "Cee", "Kabel", "1", "9,00", "9,00", "", "", "02.05.2026"],
        ["10", "d@example.de", "Di", "", "Gurt", "1", "1.234,50", "1.234,50", "", "02.05.2026", ""],
    ]  # fmt: skip
    out = io.StringIO()
    csv.writer(out).writerows([list(EURO.fields), *rows])
    assert_same("eu.csv", out.getvalue().encode("utf-8"), EURO, "EUR")


def test_amounts_too_large_for_the_database_are_rejections_not_tracebacks():
    rows = [
        _row("#1", "paid", "10.00", **{"Lineitem quantity": "1000001"}),
        _row("#2", "paid", "9999999999.99", **{"Lineitem price": "9999999999.99"}),
        _row("#3", "paid", "10.00"),
    ]
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    data = out.getvalue().encode("utf-8")
    found = read_shop_sales("big.csv", data, SHOPIFY_MAP, currency="USD")
    assert [(r.row, r.field, r.reason) for r in found.rejections] == [
        (2, "Lineitem quantity", "'1000001' is too large (at most 1,000,000)"),
        (
            3,
            None,
            "the order's amounts are too large for an amount (at most 9,999,999,999.99 each)",
        ),
    ]
    assert found.sales_table["gkey"].to_pylist() == ["#3"]
    assert_same("big.csv", data, SHOPIFY_MAP, "USD")


SPACES = ["\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", " ", "\u00a0", "\u3000", "\u2009"]


@pytest.mark.parametrize("space", SPACES, ids=lambda s: f"U+{ord(s):04X}")
@pytest.mark.parametrize("where", ["first cell", "before a comma", "after a comma", "last cell",
                                   "in a quoted cell", "inside a cell"])  # fmt: skip
def test_white_space_at_a_cells_edge_is_stripped_in_a_file_split_in_one_pass(where, space):
    """A file with one record per line and no blank line is split without a table of its lines
    (``splitting._plain_lines``): its cheap tests must still see white space at any cell's edge,
    of every kind ``str.strip`` strips, and leave a file without any unstripped."""
    rows = [_row("#1", "paid", "10.00"), _row("#2", "paid", "10.00", **{"Taxes": "1.00"})]
    row = rows[1]
    if where == "first cell":
        row[0] = space + row[0]
    elif where == "before a comma":
        row[1] += space
    elif where == "after a comma":
        row[HEADER.index("Billing Name")] = space + "Ana Lima"
    elif where == "last cell":
        row[-1] = "0.50" + space
    elif where == "in a quoted cell":
        row[HEADER.index("Billing Address1")] = f"{space}1 Main St, Suite 2"
    else:
        row[HEADER.index("Billing Name")] = f"Ana{space}Lima"
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    data = out.getvalue().encode("utf-8")
    assert_same("ws.csv", data, SHOPIFY_MAP, "USD")
    found = read_shop_sales("ws.csv", data, SHOPIFY_MAP, currency="USD")
    assert found.sales_table["gkey"].to_pylist() == ["#1", "#2"]
