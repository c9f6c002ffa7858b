"""The books balance (Hypothesis): after any sequence of invoice / partial invoice / pay / apply /
refund / void, every identity the issue names holds."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.db import Database
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.invoicing.payments import (
    apply_deposit,
    pay_invoice,
    refund_deposit,
    void_invoice,
)
from aimsi_ebay.ops.invoicing.posting import invoice_orders
from aimsi_ebay.ops.invoicing.settings import set_shipping_rule
from tests.ops.invoicing.factory import SKUS, add_order, add_package, seed_store

ORDERS = 4
amounts = st.integers(min_value=1, max_value=60000).map(lambda cents: Decimal(cents) / 100)
operations = st.one_of(
    st.tuples(st.just("invoice"), st.integers(1, ORDERS)),
    st.tuples(st.just("partial"), st.integers(1, ORDERS),
              st.lists(st.integers(0, 3), min_size=2, max_size=2)),
    st.tuples(st.just("pay"), st.integers(1, 8), amounts),
    st.tuples(st.just("apply"), st.integers(1, 8), st.integers(1, 12)),
    st.tuples(st.just("refund"), st.integers(1, 12), amounts),
    st.tuples(st.just("void"), st.integers(1, 8)),
)


@pytest.fixture(scope="module")
def template(databases):
    """A migrated store with four orders (two lines each, deposits, a package, a shop order)."""
    with databases.fresh() as db:
        yield _seeded(db)


def _seeded(db: Database) -> Database:
    seed_store(db)
    set_shipping_rule(db, "shop", "carrier", handling_fixed="1.50", handling_percent="5")
    for n in range(1, ORDERS + 1):
        order = add_order(
            db, str(n), [("GTR-1", 1 + n % 2, "499.00"), ("PIC-1", 3, "4.50")],
            shipping="12.00", seller_tax=f"{n * 7}.13", ebay_tax="3.33",
            deposits=[("300.00", "900.00"), ("2000.00",), (), ("10.00", "20.00")][n - 1],
            source="shop" if n == 3 else "ebay", customer_id=1 + n % 2,
        )
        add_package(db, order, f"1Z{n}")
    with db.write() as con:  # a customer deposit tied to no order
        con.execute("INSERT INTO deposits (customer_id, amount, method, received_date)"
                    " VALUES (1, 250.00, 'cash', DATE '2026-10-01')")
    return db


def _run(db, operation) -> None:
    kind, *args = operation
    if kind == "invoice":
        invoice_orders(db, [str(args[0])])
    elif kind == "partial":
        invoice_orders(db, [str(args[0])], picks={str(args[0]): dict(enumerate(args[1], 1))})
    elif kind == "pay":
        pay_invoice(db, f"INV{500000 + args[0]}", args[1], "cash", "R")
    elif kind == "apply":
        apply_deposit(db, f"INV{500000 + args[0]}", args[1])
    elif kind == "refund":
        refund_deposit(db, args[0], args[1])
    else:
        void_invoice(db, f"INV{500000 + args[0]}", "test")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operations, min_size=1, max_size=12))
def test_the_books_balance_after_any_sequence(template, databases, sequence):
    with databases.copy(template) as db:
        with db.read() as con:
            on_hand_before = dict(con.execute("SELECT sku, qty_on_hand FROM skus").fetchall())
            committed_before = dict(con.execute("SELECT sku, qty_committed FROM skus").fetchall())
        for operation in sequence:
            with contextlib.suppress(InputError):  # refused: nothing written (the identities check)
                _run(db, operation)
        with db.read() as con:
            q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
            # invoice total = lines + shipping + seller tax (the eBay memo is never in it)
            assert q("SELECT count(*) FROM invoices i WHERE total <> merchandise + shipping + tax"
                     " OR merchandise <> (SELECT coalesce(sum(amount), 0) FROM invoice_lines l"
                     "  WHERE l.invoice_id = i.invoice_id)") == [(0,)]
            # Σ applications of a deposit <= its amount; open = amount - applications - refunds >= 0
            assert q("SELECT count(*) FROM deposit_balances WHERE applied > amount OR open < 0"
                     " OR open <> amount - applied - refunded") == [(0,)]
            # Σ payments of an invoice <= its total; a void invoice holds none
            assert q("SELECT count(*) FROM invoices i WHERE (SELECT coalesce(sum(amount), 0)"
                     " FROM invoice_payments p WHERE p.invoice_id = i.invoice_id)"
                     " > CASE WHEN status = 'posted' THEN total ELSE 0 END") == [(0,)]
            # invoiced quantities <= ordered; the posted invoices of a fully invoiced order add up
            assert q("SELECT count(*) FROM order_lines ol WHERE ol.quantity < (SELECT"
                     " coalesce(sum(l.quantity), 0) FROM invoice_lines l JOIN invoices i USING"
                     " (invoice_id) WHERE i.status = 'posted' AND i.order_id = ol.order_id"
                     " AND l.order_line_no = ol.line_no)") == [(0,)]
            # an order invoiced in full (shipping as the buyer paid it): its invoices add up to it
            assert q("SELECT count(*) FROM orders o WHERE status = 'invoiced' AND source = 'ebay'"
                     " AND total <> (SELECT sum(total) FROM invoices i"
                     "  WHERE i.order_id = o.order_id AND i.status = 'posted')") == [(0,)]
            # stock moves net to the invoiced quantities
            invoiced = dict(q("SELECT l.sku, sum(l.quantity) FROM invoice_lines l JOIN invoices i"
                              " USING (invoice_id) WHERE i.status = 'posted' GROUP BY l.sku"))
            for sku, on_hand, committed in q("SELECT sku, qty_on_hand, qty_committed FROM skus"):
                assert on_hand_before[sku] - on_hand == invoiced.get(sku, 0), sku
                assert committed_before[sku] - committed == invoiced.get(sku, 0), sku
            assert set(on_hand_before) == set(SKUS)
