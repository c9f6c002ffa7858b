"""Posting invoices: lines, shipping per source, tax, deposits oldest first, stock, errors."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from aimsi_ebay.errors import ConflictError, InputError
from aimsi_ebay.ops.invoicing.posting import invoice_orders, invoice_ready
from aimsi_ebay.ops.invoicing.ready import ReadyFilter, ready_orders
from aimsi_ebay.ops.invoicing.settings import set_shipping_rule
from tests.ops.invoicing.factory import add_order, add_package, seed_store

D = Decimal


@pytest.fixture
def store(fresh_db):
    seed_store(fresh_db)
    return fresh_db


def _one(db, sql, params=()):
    with db.read() as con:
        return con.execute(sql, list(params)).fetchone()


def _stock(db, sku):
    return _one(db, "SELECT qty_on_hand, qty_committed FROM skus WHERE sku = ?", [sku])


def test_an_order_paid_by_its_deposit_is_invoiced_with_balance_zero(store):
    order = add_order(store, "1001", [("GTR-1", 1, "499.00"), ("PIC-1", 2, "4.50")],
                      shipping="15.00", seller_tax="8.25", ebay_tax="30.00",
                      deposits=["531.25"], status="shipped")
    add_package(store, order, "1ZTRACK1")
    report = invoice_orders(store, ["1001"])
    assert [i.invoice_number for i in report.invoices] == ["INV500001"]
    invoice = report.invoices[0]
    assert (invoice.total, invoice.applied, invoice.due) == (D("531.25"), D("531.25"), D("0.00"))
    assert invoice.tracking_numbers == "1ZTRACK1"
    head = _one(store, "SELECT merchandise, shipping, tax, ebay_tax_memo, total, shipping_basis"
                       " FROM invoices")
    # eBay tax is a memo, never in the total
    assert head == (D("508.00"), D("15.00"), D("8.25"), D("30.00"), D("531.25"), "order")
    assert _one(store, "SELECT status FROM orders WHERE order_id = ?", [order]) == ("invoiced",)
    assert _stock(store, "GTR-1") == (49, 0) and _stock(store, "PIC-1") == (48, 0)
    assert _one(store, "SELECT method, amount, reference FROM invoice_payments") == (
        "deposit", D("531.25"), "PAY-1001-1")
    assert ready_orders(store) == []


def test_deposits_apply_oldest_first_and_a_larger_one_stays_open(store):
    add_order(store, "1002", [("AMP-1", 1, "120.00")], shipping="0.00",
              deposits=["50.00", "100.00"])
    report = invoice_orders(store, ["1002"])
    assert report.invoices[0].due == D("0.00")
    with store.read() as con:
        balances = con.execute("SELECT reference, applied, open FROM deposit_balances"
                               " ORDER BY deposit_id").fetchall()
    assert balances == [("PAY-1002-1", D("50.00"), D("0.00")), ("PAY-1002-2", D("70.00"), D("30.00"))]


def test_a_smaller_deposit_leaves_a_balance_due(store):
    add_order(store, "1003", [("AMP-1", 1, "120.00")], shipping="10.00", deposits=["100.00"])
    [row] = ready_orders(store)
    assert (row.invoice_total, row.deposits_open, row.due) == (D("130.00"), D("100.00"), D("30.00"))
    assert invoice_orders(store, ["1003"]).invoices[0].due == D("30.00")


def test_partial_invoice_takes_the_chosen_lines_and_the_rest_later(store):
    order = add_order(store, "1004", [("GTR-1", 1, "499.00"), ("AMP-1", 2, "120.00")],
                      shipping="20.00", seller_tax="73.90", deposits=["832.90"], status="shipped")
    first = invoice_orders(store, ["1004"], picks={"1004": {1: 1, 2: 1}}).invoices[0]
    assert first.partial
    head = _one(store, "SELECT merchandise, shipping, tax, total FROM invoices")
    # tax prorated by merchandise: 73.90 * 619 / 739 = 61.90; all the order's shipping first
    assert head == (D("619.00"), D("20.00"), D("61.90"), D("700.90"))
    assert _one(store, "SELECT status FROM orders WHERE order_id = ?", [order]) == ("shipped",)
    [left] = ready_orders(store)
    assert left.invoice_total == D("132.00") and left.due == D("0.00")  # 120 + 0 + 12.00
    second = invoice_orders(store, ["1004"]).invoices[0]
    assert not second.partial and second.total == D("132.00")
    with store.read() as con:
        assert con.execute("SELECT sum(total), sum(tax), sum(merchandise) FROM invoices"
                           ).fetchone() == (D("832.90"), D("73.90"), D("739.00"))
        assert con.execute("SELECT status FROM orders").fetchone() == ("invoiced",)
    assert _stock(store, "AMP-1") == (48, 0)


def test_shipped_lines_only_when_packages_record_their_lines(store):
    order = add_order(store, "1005", [("GTR-1", 1, "499.00"), ("AMP-1", 1, "120.00")],
                      shipping="0.00", status="shipped")
    add_package(store, order, "1ZPART")
    with store.write() as con:  # the operator marked the package as carrying line 2 only
        con.execute("INSERT INTO shipment_lines (tracking_number, order_id, line_no)"
                    " VALUES ('1ZPART', ?, 2)", [order])
    invoice = invoice_orders(store, ["1005"]).invoices[0]
    assert invoice.partial and invoice.total == D("120.00")
    assert _one(store, "SELECT sku FROM invoice_lines") == ("AMP-1",)



def test_a_package_that_carried_every_line_beats_the_marked_lines_in_a_batch(store):
    """An order with a line marked on one package and another package that recorded no lines
    (it carried the whole order) invoices every line; beside it, an order shipped in part
    invoices its marked line only, and an order with no marks every line."""
    whole = add_order(store, "1015", [("GTR-1", 1, "499.00"), ("AMP-1", 1, "120.00")],
                      shipping="0.00", status="shipped")
    add_package(store, whole, "1ZMARK")
    add_package(store, whole, "1ZWHOLE")
    part = add_order(store, "1016", [("GTR-1", 1, "499.00"), ("AMP-1", 1, "120.00")],
                     shipping="0.00", status="shipped")
    add_package(store, part, "1ZHALF")
    add_order(store, "1017", [("PIC-1", 2, "4.50")], shipping="0.00", status="shipped")
    with store.write() as con:
        con.execute("INSERT INTO shipment_lines (tracking_number, order_id, line_no)"
                    " VALUES ('1ZMARK', ?, 2), ('1ZHALF', ?, 2)", [whole, part])
    report = invoice_orders(store, ["1015", "1016", "1017"])
    assert [(i.order_number, i.partial, i.total) for i in report.invoices] == [
        ("1015", False, D("619.00")), ("1016", True, D("120.00")), ("1017", False, D("9.00"))]

def test_carrier_rule_bills_the_charge_plus_handling_and_each_package_once(store):
    set_shipping_rule(store, "shop", "carrier", handling_fixed="2.00", handling_percent="10")
    order = add_order(store, "1006", [("PIC-1", 2, "4.50")], shipping="0.00", source="shop")
    add_package(store, order, "1ZA", charge="12.00")
    add_package(store, order, "1ZB", charge=None, negotiated="8.00")
    add_package(store, order, "1ZVOID", charge="99.00", void=True)
    invoice = invoice_orders(store, ["1006"], picks={"1006": {1: 1}}).invoices[0]
    # 12.00 + 8.00 (negotiated when no published charge) + 2.00 + 10% of 20.00
    assert _one(store, "SELECT shipping, shipping_basis FROM invoices") == (D("24.00"), "carrier")
    assert invoice.tracking_numbers == "1ZA, 1ZB"
    second = invoice_orders(store, ["1006"]).invoices[0]
    assert second.total == D("4.50") and second.tracking_numbers is None


def test_ebay_default_bills_what_the_buyer_paid_not_the_carrier_charge(store):
    order = add_order(store, "1007", [("PIC-1", 1, "4.50")], shipping="3.99")
    add_package(store, order, "1ZC", charge="11.00")
    invoice_orders(store, ["1007"])
    assert _one(store, "SELECT shipping FROM invoices") == (D("3.99"),)


@pytest.mark.parametrize(("numbers", "message"), [
    (["nope"], "no order nope"),
    (["2001"], "is cancelled"),
    (["2002"], "already invoiced"),
])
def test_bad_orders_are_refused_and_nothing_is_written(store, numbers, message):
    add_order(store, "2000", [("PIC-1", 1, "4.50")])
    add_order(store, "2001", [("PIC-1", 1, "4.50")], status="cancelled")
    add_order(store, "2002", [("PIC-1", 1, "4.50")])
    invoice_orders(store, ["2002"])
    with pytest.raises(InputError, match=message):
        invoice_orders(store, ["2000", *numbers])
    assert _one(store, "SELECT count(*) FROM invoices") == (1,)


def test_a_pick_above_what_is_left_is_refused(store):
    add_order(store, "2003", [("AMP-1", 2, "120.00")])
    with pytest.raises(InputError, match="line 1: 3 is not a quantity from 0 to the 2"):
        invoice_orders(store, ["2003"], picks={"2003": {1: 3}})
    with pytest.raises(InputError, match="has no line 7"):
        invoice_orders(store, ["2003"], picks={"2003": {7: 1}})


def test_ready_filters_and_invoice_ready(store):
    a = add_order(store, "3001", [("PIC-1", 1, "4.50")], shipping="0.00", deposits=["4.50"],
                  status="shipped")
    add_package(store, a, "1ZR")
    add_order(store, "3002", [("PIC-1", 1, "4.50")], shipping="0.00", source="shop",
              customer_id=2)
    add_order(store, "3003", [("PIC-1", 1, "4.50")], status="cancelled")
    with store.write() as con:
        con.execute("UPDATE orders SET awaiting_payment = true WHERE order_number = '3002'")
    assert [r.order_number for r in ready_orders(store)] == ["3001"]
    with store.write() as con:
        con.execute("UPDATE orders SET awaiting_payment = false WHERE order_number = '3002'")
    numbers = lambda **f: [r.order_number for r in ready_orders(store, ReadyFilter(**f))]  # noqa: E731
    assert numbers() == ["3001", "3002"]
    assert numbers(source="shop") == ["3002"]
    assert numbers(has_tracking=True) == ["3001"]
    assert numbers(deposit_covers=False) == ["3002"]
    assert numbers(customer="bob") == ["3002"]
    assert numbers(status="open") == ["3002"]
    assert numbers(account="nobody") == []
    report = invoice_ready(store, ReadyFilter(deposit_covers=True))
    assert [i.order_number for i in report.invoices] == ["3001"]
    assert numbers() == ["3002"]


def test_an_unknown_sku_line_is_invoiced_without_a_stock_move(store):
    add_order(store, "3004", [(None, 1, "9.99")], shipping="0.00")
    assert invoice_orders(store, ["3004"]).total == D("9.99")


def test_a_refused_or_filtered_out_order_draws_no_invoice_number(store):
    add_order(store, "4001", [("PIC-1", 1, "4.50")], shipping="0.00", deposits=["4.50"])
    add_order(store, "4002", [("PIC-1", 1, "4.50")], shipping="0.00")
    with pytest.raises(InputError, match="no order nope"):
        invoice_orders(store, ["4001", "nope"])
    assert invoice_ready(store, ReadyFilter(deposit_covers=False)).invoices[0].invoice_number == (
        "INV500001")
    assert [i.invoice_number for i in invoice_ready(store).invoices] == ["INV500002"]


def test_invoice_numbers_stay_unique_in_the_schema(store):
    add_order(store, "4003", [("PIC-1", 1, "4.50")], shipping="0.00")
    invoice_orders(store, ["4003"])
    # DuckDB raises its own error; on PostgreSQL the database layer reports "already done".
    with pytest.raises((duckdb.ConstraintException, ConflictError)), store.write() as con:
        con.execute("INSERT INTO invoices (invoice_number, order_id, customer_id, invoice_date,"
                    " merchandise, shipping, tax, total, created_by)"
                    " SELECT invoice_number, order_id, customer_id, invoice_date, merchandise,"
                    " shipping, tax, total, created_by FROM invoices")
