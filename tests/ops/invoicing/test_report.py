"""A batch's report: its invoices made on demand from Arrow columns read like a list."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from aimsi_ebay.ops.invoicing import report as report_module
from aimsi_ebay.ops.invoicing.posting import invoice_ready
from aimsi_ebay.ops.invoicing.report import InvoiceReport, PostedInvoice, PostedInvoices
from tests.ops.invoicing.factory import add_order, add_package, seed_store

D = Decimal


def _invoices(count: int) -> PostedInvoices:
    table = duckdb.connect().execute(
        """SELECT 'INV' || n AS invoice_number, CAST(1000 + n AS VARCHAR) AS order_number,
               CAST(n * 1.10 AS DECIMAL(12,2)) AS total, CAST(n AS DECIMAL(12,2)) AS applied,
               CAST(n * 0.10 AS DECIMAL(12,2)) AS due, n % 2 = 0 AS partial,
               CASE WHEN n % 3 = 0 THEN '1Z' || n END AS tracking_numbers
        FROM range(1, ? + 1) t(n) ORDER BY n""", [count]).to_arrow_table()
    return PostedInvoices(table)


def _expected(n: int) -> PostedInvoice:
    return PostedInvoice(f"INV{n}", str(1000 + n), D(n) * D("1.10"), D(n).quantize(D("0.01")),
                         D(n) * D("0.10"), n % 2 == 0, f"1Z{n}" if n % 3 == 0 else None)


def test_posted_invoices_index_slice_and_iterate_like_a_list(monkeypatch):
    monkeypatch.setattr(report_module, "_CHUNK", 4)  # iteration crosses chunk boundaries
    invoices = _invoices(10)
    expected = [_expected(n) for n in range(1, 11)]
    assert len(invoices) == 10 and bool(invoices)
    assert invoices[0] == expected[0] and invoices[-1] == expected[-1] and invoices[9] == expected[9]
    assert invoices[2:5] == expected[2:5] and invoices[:100] == expected
    assert invoices[::3] == expected[::3] and invoices[8:2] == [] and invoices[-2:] == expected[-2:]
    assert list(invoices) == expected and invoices == expected
    assert [i.invoice_number for i in invoices] == [f"INV{n}" for n in range(1, 11)]
    with pytest.raises(IndexError):
        invoices[10]
    with pytest.raises(IndexError):
        invoices[-11]


def test_amounts_are_two_place_decimals():
    first = _invoices(1)[0]
    assert (str(first.total), str(first.applied), str(first.due)) == ("1.10", "1.00", "0.10")
    assert first.as_json()["total"] == "1.10" and first.tracking_numbers is None


def test_an_empty_report_has_no_invoices():
    report = InvoiceReport()
    assert len(report.invoices) == 0 and not report.invoices and list(report.invoices) == []
    assert report.as_json()["invoices"] == [] and report.summary().startswith("0 invoice(s)")


def test_a_batch_reports_every_invoice_it_posted_in_posting_order(fresh_db, monkeypatch):
    monkeypatch.setattr(report_module, "_CHUNK", 2)
    seed_store(fresh_db)
    for n in range(1, 6):
        order = add_order(fresh_db, str(n), [("PIC-1", n, "4.50")], shipping="1.00",
                          deposits=["5.00"] if n % 2 else [], status="shipped")
        add_package(fresh_db, order, f"1ZB{n}")
    report = invoice_ready(fresh_db)
    with fresh_db.read() as con:
        rows = con.execute(
            "SELECT any_value(i.invoice_number), o.order_number, any_value(i.total),"
            " CAST(coalesce(sum(p.amount), 0) AS DECIMAL(12,2)), any_value(i.tracking_numbers)"
            " FROM invoices i JOIN orders o USING (order_id)"
            " LEFT JOIN invoice_payments p USING (invoice_id)"
            " GROUP BY i.invoice_id, o.order_number ORDER BY i.invoice_id").fetchall()
    assert [(i.invoice_number, i.order_number, i.total, i.applied, i.tracking_numbers)
            for i in report.invoices] == rows
    # ids (drawn with the scope) and numbers (drawn by the heads) both follow the orders' order
    assert [(row[0], row[1]) for row in rows] == [(f"INV50000{n}", str(n)) for n in range(1, 6)]
    assert [i.due for i in report.invoices] == [total - paid for _, _, total, paid, _ in rows]
    assert report.total == sum(row[2] for row in rows) and report.lines == 5
    assert report.as_json()["count"] == 5 and len(report.as_json()["invoices"]) == 5


def test_a_large_batch_on_several_threads_reports_in_posting_order(fresh_db, monkeypatch):
    """The report reads the heads as stored (no ORDER BY): 30,000 orders written in a shuffled
    order and planned on four threads still come back in invoice id (and number) order, with
    each invoice's own amounts."""
    if fresh_db.postgres is not None:
        pytest.skip("about DuckDB's own threads")
    seed_store(fresh_db)
    with fresh_db.write() as con:
        con.execute(
            "INSERT INTO orders (order_id, order_number, account_id, source, sale_key,"
            " ebay_order_number, customer_id, status, order_date, paid_date, merchandise,"
            " shipping, seller_tax, ebay_tax_memo, total)"
            " SELECT n, CAST(100000 + n AS VARCHAR), 1, 'ebay', 'K' || n, '11-' || n, 1,"
            " 'shipped', DATE '2026-11-01', DATE '2026-11-01', 4.50 * (1 + n % 3), 1.00, 0, 0,"
            " 4.50 * (1 + n % 3) + 1.00 FROM range(1, 30001) t(n) ORDER BY hash(n)")
        con.execute(
            "INSERT INTO order_lines (order_id, line_no, sku, title, quantity, unit_price, amount)"
            " SELECT order_id, 1, 'PIC-1', 'Picks', 1 + order_id % 3, 4.50, merchandise"
            " FROM orders ORDER BY hash(order_id + 1)")
        con.execute(  # some pay in full, some in part, some not at all
            "INSERT INTO deposits (customer_id, order_id, amount, method, reference, received_date)"
            " SELECT 1, order_id, CASE WHEN order_id % 4 = 1 THEN total ELSE 2.00 END, 'eBay',"
            " 'PAY-' || order_id, DATE '2026-11-01' FROM orders WHERE order_id % 4 <> 0"
            " ORDER BY hash(order_id + 2)")
        con.execute("UPDATE skus SET qty_on_hand = 1000000")
    original = type(fresh_db)._open

    def four_threads(self, *, read_only):
        con = original(self, read_only=read_only)
        con.execute("SET threads = 4")
        return con

    monkeypatch.setattr(type(fresh_db), "_open", four_threads)
    report = invoice_ready(fresh_db)
    with fresh_db.read() as con:
        rows = con.execute(
            "SELECT i.invoice_number, o.order_number, i.total,"
            " CAST(coalesce(sum(p.amount), 0) AS DECIMAL(12,2))"
            " FROM invoices i JOIN orders o USING (order_id)"
            " LEFT JOIN invoice_payments p USING (invoice_id)"
            " GROUP BY i.invoice_id, i.invoice_number, o.order_number, i.total"
            " ORDER BY i.invoice_id").fetchall()
    assert len(rows) == len(report.invoices) == 30000
    assert [(i.invoice_number, i.order_number, i.total, i.applied) for i in report.invoices] == rows
    assert [row[1] for row in rows] == [str(100000 + n) for n in range(1, 30001)]
    assert [row[0] for row in rows] == [f"INV{500000 + n}" for n in range(1, 30001)]
