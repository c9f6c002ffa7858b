"""The analysts' read API: DataFrames whose money is exact Decimal."""

from datetime import date
from decimal import Decimal

from aimsi_ebay.ops import analysis


def test_orders_frame_money_is_decimal_and_balances(demo_db):
    frame = analysis.orders_frame(demo_db)
    assert len(frame) == 160
    assert all(isinstance(value, Decimal) for value in frame["total"])
    assert (frame["merchandise"] + frame["shipping"] + frame["seller_tax"] == frame["total"]).all()
    assert isinstance(frame["total"].sum(), Decimal)
    paid = frame[~frame["awaiting_payment"]]
    assert (paid["deposits"] == paid["total"]).all()


def test_filters_by_date_and_account(demo_db):
    recent = analysis.orders_frame(demo_db, since=date(2026, 11, 1))
    assert len(recent) and (recent["order_date"] >= date(2026, 11, 1)).all()
    outlet = analysis.orders_frame(demo_db, account="demo-outlet")
    assert len(outlet) and set(outlet["account"]) == {"demo-outlet"}


def test_summaries_add_up_to_the_lines(demo_db):
    lines = analysis.order_lines_frame(demo_db)
    by_sku = analysis.sales_by_sku(demo_db)
    assert by_sku["revenue"].sum() == lines["amount"].sum()
    assert by_sku["units"].sum() == lines["quantity"].sum()
    assert list(by_sku["revenue"]) == sorted(by_sku["revenue"], reverse=True)
    by_month = analysis.sales_by_month(demo_db)
    assert by_month["total"].sum() == analysis.orders_frame(demo_db)["total"].sum()
