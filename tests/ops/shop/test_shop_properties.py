"""Property (Hypothesis): for any generated shop export, once imported, the deposits are Σ paid
totals − refunds, and each order's total = lines + shipping + tax − discount."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.shop.orders import ShopAddress, ShopLine, ShopOrder
from aimsi_ebay.formats.shop.shopify_writer import write_shopify
from aimsi_ebay.ops.sales.importer import import_sales
from aimsi_ebay.ops.shop.accounts import create_shop_account

_COUNTER = itertools.count(1)
cents = st.integers(min_value=0, max_value=50_000).map(lambda c: Decimal(c) / 100)


@st.composite
def shop_orders(draw, number: int) -> ShopOrder:
    lines = tuple(
        ShopLine(0, draw(st.sampled_from(["AGT-000-SB", "X-1", "", "agt-brdg-nt"])),
                 f"item {k}", draw(st.integers(1, 4)), draw(cents).quantize(Decimal("0.01")) + 1)
        for k in range(draw(st.integers(1, 3)))
    )  # fmt: skip
    merchandise = sum((line.amount for line in lines), Decimal(0))
    discount = min(draw(cents), merchandise)
    shipping, tax = draw(cents), draw(cents)
    total = merchandise - discount + shipping + tax
    status = draw(st.sampled_from(["paid", "pending", "partially_paid", "partially_refunded",
                                   "refunded", "voided", "authorized"]))  # fmt: skip
    refunded = {"refunded": total, "partially_refunded": min(draw(cents), total)}.get(
        status, Decimal(0)
    )
    outstanding = min(draw(cents), total) if status == "partially_paid" else Decimal(0)
    when = datetime(2026, 5, 1, 10, tzinfo=timezone(timedelta(hours=-4))) + timedelta(hours=number)
    paid = status not in ("pending", "authorized", "voided")
    email = draw(st.sampled_from(["a@example.com", "B@Example.com", "c@example.org", ""]))
    address = ShopAddress(name=f"Buyer {email or number}", address1=f"{number} Main St",
                          city="Reno", province_code="NV", zip="'08901", country_code="US")  # fmt: skip
    return ShopOrder(
        row=0, name=f"#{number}", email=email, financial_status=status, fulfillment_status="",
        created_at=when, paid_at=when if paid else None,
        cancelled_at=when if draw(st.booleans()) and status == "voided" else None,
        currency="USD", subtotal=merchandise - discount, shipping=shipping, tax=tax,
        duties=Decimal(0), discount_code="CODE" if discount else "", discount_amount=discount,
        total=total, refunded_amount=refunded, outstanding_balance=outstanding,
        payment_method="Shopify Payments", payment_reference=f"p{number}", shipping_method="",
        billing=address, shipping_address=address, lines=lines,
    )  # fmt: skip


@st.composite
def shop_files(draw) -> list[ShopOrder]:
    count = draw(st.integers(1, 8))
    return [draw(shop_orders(1000 + n)) for n in range(count)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(orders=shop_files())
def test_deposits_and_totals(fresh_db, tmp_path, orders):
    account = f"shop{next(_COUNTER)}"
    create_shop_account(fresh_db, account)
    path = tmp_path / f"{account}.csv"
    path.write_text(write_shopify(orders), encoding="utf-8")
    report = import_sales(fresh_db, path, account=account, unmatched="create")
    assert report.rejected == []
    created = [o for o in orders if not (o.cancelled_at or o.financial_status == "voided")]
    paid = [o for o in created if o.financial_status not in ("pending", "authorized", "refunded")]
    expected = sum((o.total - o.outstanding_balance - o.refunded_amount for o in paid), Decimal(0))
    with fresh_db.read() as con:
        deposits = con.execute(
            "SELECT coalesce(sum(d.amount), 0) FROM deposits d JOIN orders o USING (order_id)"
            " JOIN seller_accounts a USING (account_id) WHERE a.name = ?",
            [account],
        ).fetchone()[0]
        totals = dict(
            con.execute(
                "SELECT sale_key, total FROM orders JOIN seller_accounts a USING (account_id)"
                " WHERE a.name = ?",
                [account],
            ).fetchall()
        )
    assert deposits == expected == report.deposits_total
    assert set(totals) == {o.name for o in created}
    for order in created:
        assert totals[order.name] == (
            order.merchandise + order.shipping + order.tax - order.discount_amount
        )
