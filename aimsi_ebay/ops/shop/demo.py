"""The demo store's web shop: a shop account and its Shopify export waiting in the inbox. Four of
its buyers bought on eBay too (two wrote their e-mail differently): importing the export finds
them by e-mail, one customer each. Nothing is imported here, so the demo's orders and customers
stay as the other dashboards' tests know them."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from aimsi_ebay import config
from aimsi_ebay.db import Database
from aimsi_ebay.formats.shop.orders import ShopAddress, ShopLine, ShopOrder
from aimsi_ebay.formats.shop.shopify_writer import write_shopify
from aimsi_ebay.ops.shop.accounts import create_shop_account

SHOP_ACCOUNT = "demo-webstore"
INBOX_NAME = "shopify_orders_export.csv"
_ZONE = timezone(timedelta(hours=-5))
_NEW_BUYERS = (
    ("Ana Lima", "ana.lima@example.com", "14 Wickenden St", "Providence", "RI", "02906"),
    ("Tom Becker", "tom.becker@example.org", "2 Elm Row", "Concord", "NH", "03301"),
    ("Sora Nakamura", "s.nakamura@example.com", "501 Pine St", "Seattle", "WA", "98101"),
    ("Lea Moreau", "l.moreau@example.fr", "77 Mass Ave", "Boston", "MA", "02115"),
    ("Ruth Okafor", "r.okafor@example.net", "880 SE Belmont St", "Portland", "OR", "97214"),
)


def add_shop_demo(db: Database, today: date, *, seed: int = 17) -> dict[str, int]:
    """The demo web shop; returns how many orders its export holds."""
    rng = random.Random(seed)
    create_shop_account(db, SHOP_ACCOUNT, currency="USD", location="Springfield, IL",
                        postal_code="62701")  # fmt: skip
    with db.read() as con:
        skus = con.execute(
            "SELECT s.sku, i.description, s.price FROM skus s JOIN items i USING (item_id)"
            " WHERE s.qty_on_hand >= 4 AND s.price BETWEEN 5 AND 600 ORDER BY s.sku LIMIT 40"
        ).fetchall()
        ebay_buyers = con.execute(
            "SELECT c.name, c.email, c.address1, c.city, c.state, c.postal_code FROM customers c"
            " WHERE c.email IS NOT NULL AND c.address1 IS NOT NULL AND EXISTS (SELECT 1 FROM"
            " orders o WHERE o.customer_id = c.customer_id AND o.source = 'ebay')"
            " ORDER BY c.customer_id LIMIT 4"
        ).fetchall()
    # eBay buyers on both channels, new buyers, a pending one, a discount, a partial refund,
    # a cancelled one, postal codes a spreadsheet prefixed with "'".
    buyers = [_shouted(ebay_buyers[0]), ebay_buyers[1], _NEW_BUYERS[0], _NEW_BUYERS[3],
              _NEW_BUYERS[4], _shouted(ebay_buyers[2]), ebay_buyers[3]]  # fmt: skip
    orders = [
        _order(rng, 2101 + n, buyer, skus, today - timedelta(days=9 - n)) for n, buyer in enumerate(buyers)
    ]  # fmt: skip
    orders[1] = _variant(orders[1], discount=("WELCOME10", Decimal("10.00")))
    orders[2] = _variant(orders[2], status="pending", paid=False)
    orders[3] = _variant(orders[3], refunded=Decimal("5.00"), status="partially_refunded")
    orders[4] = _variant(orders[4], cancelled=True, status="voided", paid=False)
    folder = config.inbox_folder(db.path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / INBOX_NAME).write_text(write_shopify(orders), encoding="utf-8")
    return {"inbox": len(orders)}


def _shouted(buyer: tuple) -> tuple:
    """The same buyer as the shop wrote them: the e-mail in capitals (the same normalised)."""
    return (buyer[0], buyer[1].upper(), *buyer[2:])


def _order(rng: random.Random, number: int, buyer: tuple, skus: list, day: date) -> ShopOrder:
    name, email, street, city, state, postal = buyer
    picked = rng.sample(skus, rng.choice((1, 1, 2, 3)))
    lines = tuple(
        ShopLine(0, sku, title, rng.choice((1, 1, 2)), Decimal(price))
        for sku, title, price in picked
    )
    merchandise = sum((line.amount for line in lines), Decimal("0"))
    shipping = Decimal("9.95") if merchandise < 200 else Decimal("0.00")
    tax = (merchandise * Decimal("0.0625")).quantize(Decimal("0.01"))
    when = datetime(day.year, day.month, day.day, 10 + number % 8, 15, tzinfo=_ZONE)
    address = ShopAddress(name=name, address1=street, city=city, province_code=state,
                          zip=f"'{postal}" if postal.startswith("0") else postal,
                          country_code="US")  # fmt: skip
    return ShopOrder(
        row=0, name=f"#{number}", email=email, financial_status="paid",
        fulfillment_status="", created_at=when, paid_at=when + timedelta(minutes=2),
        cancelled_at=None, currency="USD", subtotal=merchandise, shipping=shipping, tax=tax,
        duties=Decimal("0"), discount_code="", discount_amount=Decimal("0"),
        total=merchandise + shipping + tax, refunded_amount=Decimal("0"),
        outstanding_balance=Decimal("0"), payment_method="Shopify Payments",
        payment_reference=f"c{30000000000 + number * 7919}.1", shipping_method="UPS Ground",
        billing=address, shipping_address=address, lines=lines,
        tax_lines=(("State Tax 6.25%", tax),),
    )  # fmt: skip


def _variant(
    order: ShopOrder, *, discount: tuple[str, Decimal] | None = None, status: str | None = None,
    paid: bool = True, refunded: Decimal | None = None, cancelled: bool = False,
) -> ShopOrder:  # fmt: skip
    changes: dict = {}
    if discount:
        code, amount = discount
        subtotal = order.merchandise - amount
        changes |= {"discount_code": code, "discount_amount": amount, "subtotal": subtotal,
                    "total": subtotal + order.shipping + order.tax}  # fmt: skip
    if status:
        changes["financial_status"] = status
    if not paid:
        changes["paid_at"] = None
    if refunded is not None:
        changes["refunded_amount"] = refunded
    if cancelled:
        changes["cancelled_at"] = order.created_at + timedelta(hours=3)
    return replace(order, **changes)
