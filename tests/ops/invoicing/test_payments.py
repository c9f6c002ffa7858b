"""Payments, deposits by hand, refunds and voids keep the books balanced."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.ops.invoicing.payments import (
    apply_deposit,
    invoice_balance,
    pay_invoice,
    refund_deposit,
    void_invoice,
)
from aimsi_ebay.ops.invoicing.posting import invoice_orders
from aimsi_ebay.ops.invoicing.ready import ready_orders
from tests.conftest import ROOT
from tests.ops.invoicing.factory import add_order, add_package, seed_store

D = Decimal


@pytest.fixture
def store(fresh_db):
    seed_store(fresh_db)
    return fresh_db


def _all(db, sql, params=()):
    with db.read() as con:
        return con.execute(sql, list(params)).fetchall()


def test_a_payment_settles_the_balance_and_an_overpayment_is_refused(store):
    add_order(store, "1", [("AMP-1", 1, "120.00")], shipping="10.00", deposits=["100.00"])
    invoice_orders(store, ["1"])
    with pytest.raises(InputError, match=r"more than the 30\.00 due"):
        pay_invoice(store, "INV500001", "30.01", "cash")
    with pytest.raises(InputError, match="not a payment method"):
        pay_invoice(store, "INV500001", "10.00", "bitcoin")
    with pytest.raises(InputError, match="not a positive amount"):
        pay_invoice(store, "INV500001", "0", "cash")
    balance = pay_invoice(store, "500001", "30.00", "cheque", "CHK 2231")
    assert balance.due == D("0.00")
    assert _all(store, "SELECT method, reference FROM invoice_payments ORDER BY payment_id")[-1] == (
        "cheque", "CHK 2231")
    with pytest.raises(NotFoundError):
        pay_invoice(store, "INV999", "1.00", "cash")


def test_a_same_customer_deposit_not_tied_to_the_order_is_applied_by_hand(store):
    add_order(store, "1", [("AMP-1", 1, "120.00")], shipping="0.00")
    with store.write() as con:
        con.execute("INSERT INTO deposits (customer_id, amount, method, received_date)"
                    " VALUES (1, 200.00, 'cash', DATE '2026-10-01'),"
                    " (2, 50.00, 'cash', DATE '2026-10-01')")
    invoice_orders(store, ["1"])
    assert invoice_balance(store, "INV500001").due == D("120.00")  # not applied automatically
    with pytest.raises(InputError, match="another customer"):
        apply_deposit(store, "INV500001", 2)
    balance = apply_deposit(store, "INV500001", 1)
    assert balance.due == D("0.00")
    assert _all(store, "SELECT open FROM deposit_balances WHERE deposit_id = 1") == [(D("80.00"),)]


def test_refund_reduces_the_open_deposit_never_below_zero(store):
    add_order(store, "1", [("AMP-1", 1, "120.00")], shipping="0.00", deposits=["150.00"])
    invoice_orders(store, ["1"])
    with pytest.raises(InputError, match=r"more than the 30\.00 left"):
        refund_deposit(store, 1, "31.00")
    assert refund_deposit(store, 1, "30.00", "REFUND-1") == D("0.00")


def test_void_reverses_applications_and_stock_keeps_the_number_and_logs_why(store):
    order = add_order(store, "1", [("GTR-1", 1, "499.00")], shipping="0.00", deposits=["400.00"],
                      status="shipped")
    add_package(store, order, "1ZV")
    invoice_orders(store, ["1"])
    pay_invoice(store, "INV500001", "99.00", "card", "AUTH 77")
    void_invoice(store, "INV500001", "wrong order")
    assert _all(store, "SELECT invoice_number, status, void_reason FROM invoices") == [
        ("INV500001", "void", "wrong order")]
    assert _all(store, "SELECT count(*) FROM invoice_payments") == [(0,)]
    # the deposit is open again; the card payment became a deposit for the order
    assert _all(store, "SELECT method, open, order_id FROM deposit_balances ORDER BY deposit_id"
                ) == [("eBay", D("400.00"), order), ("card", D("99.00"), order)]
    assert _all(store, "SELECT qty_on_hand, qty_committed FROM skus WHERE sku = 'GTR-1'"
                ) == [(50, 1)]
    assert _all(store, "SELECT status FROM orders") == [("shipped",)]
    who, before, after = _all(store, "SELECT who, before, after FROM audit_log"
                                     " WHERE action = 'void'")[0]
    assert json.loads(after)["reason"] == "wrong order" and len(json.loads(before)["payments"]) == 2
    assert who
    with pytest.raises(InputError, match="already void"):
        void_invoice(store, "INV500001", "again")
    with pytest.raises(InputError, match="void: it takes no payments"):
        pay_invoice(store, "INV500001", "1.00", "cash")
    # back on the list; invoiced again with a new number, both deposits applied, package billed again
    [row] = ready_orders(store)
    assert row.due == D("0.00") and row.tracking_numbers == "1ZV"
    again = invoice_orders(store, ["1"]).invoices[0]
    assert again.invoice_number == "INV500002" and again.due == D("0.00")


def test_void_needs_a_reason(store):
    add_order(store, "1", [("PIC-1", 1, "4.50")])
    invoice_orders(store, ["1"])
    with pytest.raises(InputError, match="needs a reason"):
        void_invoice(store, "INV500001", "  ")


_INVOICE_ONE = """
import sys
from aimsi_ebay.db import Database
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.invoicing.posting import invoice_orders
sys.stdin.readline()  # start together
try:
    print(len(invoice_orders(Database(sys.argv[1]), ["1"]).invoices))
except InputError as error:
    print("refused:", error)
"""


def test_two_processes_invoicing_the_same_order_make_exactly_one_invoice(store):
    add_order(store, "1", [("GTR-1", 1, "499.00")], deposits=["509.00"])
    processes = [
        subprocess.Popen([sys.executable, "-c", _INVOICE_ONE, store.environment_value], cwd=ROOT,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for _ in range(2)
    ]
    for process in processes:  # both have imported everything and wait on stdin: release them
        process.stdin.write("go\n")
    for process in processes:
        process.stdin.flush()
    outputs = [p.communicate(timeout=120) for p in processes]
    answers = sorted(out.strip() for out, _ in outputs)
    assert answers[0] == "1" and answers[1].startswith("refused:") and "already invoiced" in answers[1], outputs
    assert _all(store, "SELECT count(*) FROM invoices") == [(1,)]
    assert _all(store, "SELECT sum(amount) FROM invoice_payments") == [(D("509.00"),)]
