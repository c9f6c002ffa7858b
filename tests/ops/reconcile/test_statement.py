"""The views as one statement: all four together give what each gives alone (the CTEs they
share compute the same figures), the screen's cap keeps the first rows in order and reports the
count before it, and two plans may not define a shared CTE differently."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimsi_ebay.ops.reconcile.payouts import import_payouts
from aimsi_ebay.ops.reconcile.statement import Plan, run_plans
from aimsi_ebay.ops.reconcile.views import VIEW_NAMES, Filters, run_view, run_views
from tests.ops.reconcile.books import make_books

CONSTRUCTED = (Path(__file__).resolve().parents[2] / "formats" / "ebay" / "golden"
               / "transaction_report_constructed.csv")  # fmt: skip


@pytest.fixture
def books(fresh_db):
    make_books(fresh_db, [
        {"ebay": "21-14000-00001", "deposit": "62.47", "shipping": "8.50", "invoiced": True,
         "shipped": "7.10", "status": "invoiced"},
        {"ebay": "22-14000-00002", "deposit": "100.00", "status": "open"},
        {"ebay": "23-14000-00003", "deposit": "40.00", "status": "open", "sku": "CAN", "qty": 2},
        {"ebay": "25-1", "deposit": "30.00", "status": "shipped", "shipped": "31.00",
         "shipping": "5.00"},
        {"ebay": "26-1", "deposit": "20.00", "status": "shipped"},
    ])  # fmt: skip
    import_payouts(fresh_db, CONSTRUCTED, account="main")
    with fresh_db.write() as con:  # a carrier charge whose order is not on file
        con.execute("INSERT INTO shipments (order_id, carrier, service, tracking_number,"
                    " carrier_charge, ship_date) VALUES (999, 'fedex', 'FX', 'T999', 4.00,"
                    " DATE '2026-03-05')")
    return fresh_db


@pytest.mark.parametrize("filters", [Filters(), Filters(account="main", carrier="ups")])
def test_all_views_together_equal_each_alone(books, filters):
    together = {r.view: r.as_json() for r in run_views(books, filters, limit=None)}
    for view in VIEW_NAMES:
        assert together[view] == run_view(books, view, filters, limit=None).as_json(), view
    shipping = together["shipping"]["totals"]
    if filters.carrier:  # orders 100001 and 100004 shipped by UPS; nothing orphaned is UPS
        assert (shipping["orders"], shipping["orphan_charges"]) == (2, 0)
    else:  # the shipment to order 999 and the bulk label bought on eBay
        assert (shipping["orders"], shipping["orphan_charges"], shipping["no_charge"]) == (3, 2, 1)


def test_the_cap_keeps_the_first_rows_and_counts_the_rest(books):
    full = run_view(books, "shipping", limit=None)
    capped = run_view(books, "shipping", limit=1)
    orders, every = capped.tables["orders"], full.tables["orders"]
    assert orders.columns == every.columns and "#" not in orders.columns
    assert orders.rows == every.rows[:1] and orders.total_rows == len(every.rows) == 3
    assert [r["order_number"] for r in every.dicts()][:2] == ["100004", "100001"]  # losses first
    assert capped.tables["by_month"].total_rows is None  # summaries are never capped
    assert full.tables["orders"].total_rows is None
    assert capped.totals == full.totals and capped.problems == full.problems


def test_two_plans_may_not_define_a_shared_cte_differently(books):
    def plan(sql: str) -> Plan:
        return Plan({"shared": sql}, [], {}, lambda tables, scalars: None)

    with books.read() as con, pytest.raises(RuntimeError, match="shared"):
        run_plans(con, {"a": plan("SELECT 1 AS x"), "b": plan("SELECT 2 AS x")}, {}, None)
