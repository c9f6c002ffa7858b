"""The input guard of a sales download: the whole-file check (``check_sales_text``) and the sales
reader, which puts an eBay download's rows through the same guard as it splits them (set-based on
its DuckDB fast path), refuse exactly the same files with exactly the same line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats import input_limits
from aimsi_ebay.formats.ebay.sales import duckdb_splitter
from aimsi_ebay.formats.ebay.sales import reader as ebay_sales
from aimsi_ebay.formats.ebay.sales.reader import leading_header, read_sales_bytes
from aimsi_ebay.formats.input_limits import LimitExceeded, SalesGuard, check_sales_text

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures"


def sample_rows(samples) -> list[list[str]]:
    text = (samples / "sales" / "ebay_orders_report.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def report(samples, edits: dict[tuple[int, str], str] | None = None,
           extra: list[list[str]] | None = None) -> bytes:
    """The committed Orders report sample (its header on row 2, so data row ``i`` is the file's
    row ``i + 3``) with cells changed ((data row index, column): text)."""
    rows = sample_rows(samples)
    header_at = next(i for i, row in enumerate(rows) if "Quantity" in row)
    header = rows[header_at]
    for (index, column), text in (edits or {}).items():
        rows[header_at + 1 + index][header.index(column)] = text
    out = io.StringIO(newline="")
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows + (extra or []))
    return out.getvalue().encode("utf-8")


def verdict(function) -> str | None:
    """The refusal's one line, or None when accepted."""
    try:
        function()
    except InputError as error:
        return error.message
    return None


def read_ways(data: bytes, monkeypatch) -> tuple[str | None, str | None, bool]:
    """(the reader's verdict on its fast path, on its Python splitter, whether the fast path
    read the rows)."""
    used = []
    real = ebay_sales.split_fast

    def spy(*args):
        try:
            found = real(*args)
        except LimitExceeded:  # refused by the fast path itself
            used.append(True)
            raise
        used.append(found is not None)
        return found

    with monkeypatch.context() as patch:
        patch.setattr(ebay_sales, "split_fast", spy)
        patch.setattr(ebay_sales, "split_python", _no_python_split)
        fast = verdict(lambda: read_sales_bytes(data, "orders.csv"))
    with monkeypatch.context() as patch:
        patch.setattr(ebay_sales, "split_fast", lambda *args: None)
        slow = verdict(lambda: read_sales_bytes(data, "orders.csv"))
    return fast, slow, all(used) and bool(used)


def _no_python_split(*args):
    raise AssertionError("the fast path declined this file")


def assert_same_verdict(data: bytes, monkeypatch, expected: str | None) -> None:
    whole = verdict(lambda: check_sales_text(data, "orders.csv"))
    fast, slow, used = read_ways(data, monkeypatch)
    assert whole == expected
    assert (fast, slow, used) == (expected, expected, True)


CASES = {
    "quantity beyond the limit": (
        {(2, "Quantity"): "99999999999"},
        'orders.csv row 5 "Quantity": \'99999999999\' is too large (at most 1,000,000)'),
    "quantity 1,000,001 with a comma": (
        {(0, "Quantity"): "1,000,001"},
        'orders.csv row 3 "Quantity": \'1,000,001\' is too large (at most 1,000,000)'),
    "quantity at the limit": ({(0, "Quantity"): "1000000"}, None),
    "total beyond the limit": (
        {(5, "Total Price"): " $100,000,000.00 "},
        'orders.csv row 8 "Total Price": \'$100,000,000.00\' is too large (at most 99,999,999.99)'),
    "total a cent beyond": (
        {(1, "Total Price"): "$99,999,999.991"},
        'orders.csv row 4 "Total Price": \'$99,999,999.991\' is too large (at most'
        ' 99,999,999.99)'),
    "total at the limit": ({(1, "Total Price"): "$99,999,999.99"}, None),
    "a long number far below": ({(1, "Sold For"): "$0000000000000001.00"}, None),
    "a number of 400 digits": (
        {(3, "Sold For"): "9" * 400},
        f'orders.csv row 6 "Sold For": \'{"9" * 30}\' is too large (at most 99,999,999.99)'),
    "the first of two rows beyond": (
        {(6, "Quantity"): "5000000", (2, "Seller Collected Tax"): "$123,456,789.00"},
        'orders.csv row 5 "Seller Collected Tax": \'$123,456,789.00\' is too large (at most'
        ' 99,999,999.99)'),
    "the first column of a row beyond": (
        {(2, "Total Price"): "$123,456,789.00", (2, "Quantity"): "5000000"},
        'orders.csv row 5 "Quantity": \'5000000\' is too large (at most 1,000,000)'),
    "long text that is no number": ({(2, "Total Price"): "call me about the price"}, None),
    "a cell of 70,000 characters": (
        {(4, "Item Title"): "x" * 70_000},
        "orders.csv row 7: field larger than field limit (65536) (at most 65,536 characters per"
        " cell)"),
    "a long cell after a number beyond": (
        {(4, "Item Title"): "x" * 70_000, (3, "Quantity"): "5000000"},
        'orders.csv row 6 "Quantity": \'5000000\' is too large (at most 1,000,000)'),
    "a long cell before a number beyond": (
        {(4, "Item Title"): "x" * 70_000, (5, "Quantity"): "5000000"},
        "orders.csv row 7: field larger than field limit (65536) (at most 65,536 characters per"
        " cell)"),
    "a long line of short cells": ({(4, "Item Title"): "x" * 60_000,
                                    (4, "Buyer Note"): "y" * 60_000}, None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_reader_refuses_as_the_whole_file_guard_does(samples, monkeypatch, case):
    edits, expected = CASES[case]
    assert_same_verdict(report(samples, edits), monkeypatch, expected)


def test_a_number_beyond_in_an_ebay_footer_row_is_refused_too(samples, monkeypatch):
    header = sample_rows(samples)[1]
    footer = ["1", "record(s) downloaded"] + [""] * (len(header) - 2)  # padded, as eBay's are
    footer[header.index("Quantity")] = "99999999999"
    assert_same_verdict(report(samples, extra=[footer]), monkeypatch,
                        'orders.csv row 21 "Quantity": \'99999999999\' is too large (at most'
                        ' 1,000,000)')


def test_more_rows_than_the_limit_are_refused_after_the_rows_within_it(samples, monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_ROWS", 10)
    monkeypatch.setattr(duckdb_splitter, "MAX_ROWS", 10)
    assert_same_verdict(report(samples), monkeypatch, "orders.csv: more than 10 rows")
    within = report(samples, {(7, "Quantity"): "5000000"})  # row 10: within the limit
    assert_same_verdict(within, monkeypatch,
                        'orders.csv row 10 "Quantity": \'5000000\' is too large (at most 1,000,000)')
    beyond = report(samples, {(12, "Quantity"): "5000000"})  # row 15: beyond it
    assert_same_verdict(beyond, monkeypatch, "orders.csv: more than 10 rows")


def test_the_python_splitter_refuses_an_open_quote_as_the_guard_does(samples, monkeypatch):
    text = (samples / "sales" / "ebay_sold_legacy.csv").read_text(encoding="utf-8")
    data = text.replace('"Ernie Ball Regular Slinky 10-46, 3-Pack"',
                        '"Ernie Ball Regular Slinky 10-46, 3-Pack', 1).encode()  # never closed
    expected = ('sales.csv row 3 "Item Title": a quote opened here is never closed, so the'
                " following line(s) and their orders would be read into this cell; close the"
                " quote")
    assert verdict(lambda: check_sales_text(data, "sales.csv")) == expected
    with monkeypatch.context() as patch:  # the fast path steps aside (a field spans lines)
        patch.setattr(ebay_sales, "split_python", _no_python_split)
        assert "declined" in verdict_or_assertion(lambda: read_sales_bytes(data, "sales.csv"))
    assert verdict(lambda: read_sales_bytes(data, "sales.csv")) == expected


def verdict_or_assertion(function) -> str | None:
    try:
        return verdict(function)
    except AssertionError as error:
        return str(error)


amounts = st.one_of(
    st.text(alphabet="0123456789,.$ -", max_size=16),
    st.decimals(min_value=0, max_value=10**12, places=2).map(lambda d: f"${d:,}"),
    st.integers(min_value=0, max_value=10**9).map(str),
)


@given(quantity=st.integers(min_value=0, max_value=10**8).map(str) | amounts, total=amounts,
       shipping=amounts)
@settings(max_examples=15, deadline=None)
def test_any_numbers_get_the_same_verdict_both_ways(quantity, total, shipping):
    data = report(SAMPLES, {(1, "Quantity"): quantity, (1, "Total Price"): total,
                            (2, "Shipping And Handling"): shipping})
    whole = verdict(lambda: check_sales_text(data, "orders.csv"))
    with pytest.MonkeyPatch.context() as patch:
        fast, slow, used = read_ways(data, patch)
    assert (fast, slow, used) == (whole, whole, True)  # accepted: rejected rows at most


@given(st.lists(amounts | st.text(max_size=12), min_size=1, max_size=60))
@settings(max_examples=50, deadline=None)
def test_duckdb_picks_every_cell_the_guard_would_refuse(cells):
    """The fast path checks only the cells DuckDB picks: a superset of the guard's refusals."""
    guard = SalesGuard("f.csv", ["Quantity", "Total Price"], 1, 1, {
        0: ("Quantity", input_limits.MAX_QUANTITY), 1: ("Total Price", input_limits.MAX_AMOUNT)})
    con = duckdb.connect()
    con.execute("CREATE TABLE t (n INTEGER, c0 VARCHAR, c1 VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?)",
                    [(n, cell, cells[-1 - n]) for n, cell in enumerate(cells)])
    picked = con.execute(
        f"SELECT n, c0, c1, {duckdb_splitter._number_cells(guard)} IS NOT NULL FROM t").fetchall()
    for _n, quantity, total, flagged in picked:
        cells = {0: quantity, 1: total}
        refused = verdict(lambda cells=cells: guard.check_numbers(cells, 2)) is not None
        assert flagged or not refused, (quantity, total)


def test_a_single_byte_file_is_not_guarded_row_by_row(samples):
    data = report(samples, {(1, "Quantity"): "99999999999", (1, "Buyer Name"): "Mei Dö"})
    data = data.decode().encode("cp1252")
    assert verdict(lambda: check_sales_text(data, "orders.csv")) is None
    result = read_sales_bytes(data, "orders.csv")  # a rejected row, as it was before the guard
    assert [(r.row, r.field) for r in result.rejections] == [(4, "Quantity")]


def test_leading_header_names_an_ebay_download_only(samples):
    assert leading_header(report(samples)) == "ebay_orders_report"
    assert leading_header(b"\r\n\r\n" + report(samples)) == "ebay_orders_report"
    assert leading_header(b"Name,Email,Lineitem quantity\r\n#1001,a@b.c,1\r\n") is None
    assert leading_header(b"note\r\n" + report(samples)) is None  # not the first row


def test_refusals_are_limit_exceeded():
    with pytest.raises(LimitExceeded, match="empty or holds only blank lines"):
        read_sales_bytes(b"\r\n\r\n", "orders.csv")


def test_a_long_ascii_file_is_read_whole_when_a_sales_header_comes_first():
    """The guard reads only the first lines of an ASCII file without a sales header (a shop
    export); with one, every row is checked, the last as the first."""
    rows = [["Item", "Quantity", "Total"]] + [["strings", "1", "9.99"]] * 5000
    rows.append(["strings", "7000000", "9.99"])
    data = "".join(",".join(row) + "\r\n" for row in rows).encode("ascii")
    assert len(data) > 64 * 1024
    assert verdict(lambda: check_sales_text(data, "big.csv")) == (
        "big.csv row 5002 \"Quantity\": '7000000' is too large (at most 1,000,000)")
    shop = data.replace(b"Quantity", b"Lineitem quantity", 1)
    assert verdict(lambda: check_sales_text(shop, "big.csv")) is None  # its reader guards it
    assert verdict(lambda: check_sales_text(b"\r\n" * (2 * 1024 * 1024) + shop, "big.csv")) == (
        "big.csv: 4,194,304 bytes of blank lines before the header")
