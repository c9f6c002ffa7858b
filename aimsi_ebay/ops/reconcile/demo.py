"""The demo store's eBay Transaction report, written from its own orders and imported.

Deterministic (no randomness: amounts follow from the orders). For the ``demo-store`` account:
an Order row per paid order (gross = the deposit, eBay's final value fee 13.25 % + 0.30), payouts
every Monday for the week before (Friday-to-Thursday), paid out up to ``today``; and the cases a
manager should see: an unshipped order cancelled (its stock released), an invoiced order
refunded in part (a credit note), a label bought on eBay, a promoted-listings fee, one Order row
that matches no order in the books.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from aimsi_ebay.db import Database
from aimsi_ebay.ops.reconcile.payouts import PayoutImportReport, import_payouts

ACCOUNT = "demo-store"
FILE_NAME = "ebay_transaction_report_demo.csv"
FVF_RATE = Decimal("0.1325")
FVF_FIXED = Decimal("-0.30")
HEADER = [
    "Transaction creation date", "Type", "Order number", "Legacy order ID", "Buyer username",
    "Buyer name", "Ship to city", "Ship to province/region/state", "Ship to zip",
    "Ship to country", "Net amount", "Payout currency", "Payout date", "Payout ID",
    "Payout method", "Payout status", "Reason for hold", "Item ID", "Transaction ID",
    "Item title", "Custom label", "Quantity", "Item subtotal", "Shipping and handling",
    "Seller collected tax", "eBay collected tax", "Final Value Fee - fixed",
    "Final Value Fee - variable", "Regulatory operating fee", "International fee",
    "Gross transaction amount", "Transaction currency", "Exchange rate", "Reference ID",
    "Description",
]  # fmt: skip


def demo_transaction_report(db: Database, today: date) -> str:
    """The report's text, from the demo store's orders as they are in ``db``."""
    with db.read() as con:
        orders = con.execute(
            """SELECT o.ebay_order_number, o.status, o.paid_date, o.merchandise, o.shipping,
                o.seller_tax, o.ebay_tax_memo, sum(d.amount) AS deposit,
                (SELECT count(*) FROM shipments s WHERE s.order_id = o.order_id) AS shipments
            FROM orders o JOIN seller_accounts a ON a.account_id = o.account_id
            JOIN deposits d ON d.order_id = o.order_id
            WHERE a.name = ? AND o.paid_date IS NOT NULL
            GROUP BY ALL ORDER BY o.paid_date, o.ebay_order_number""",
            [ACCOUNT],
        ).fetchall()
    rows: list[list[str]] = []
    payouts: dict[date, list[Decimal]] = {}
    for number, _, paid, merchandise, shipping, tax, ebay_tax, deposit, _ in orders:
        variable = -(deposit * FVF_RATE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        net = deposit + FVF_FIXED + variable
        payout_day = _payout_day(paid)
        paid_out = payout_day <= today
        rows.append(_row(paid, "Order", number, net, payout_day if paid_out else None,
                         subtotal=merchandise, shipping=shipping, seller_tax=tax,
                         ebay_tax=ebay_tax, fixed=FVF_FIXED, variable=variable, gross=deposit))
        if paid_out:
            payouts.setdefault(payout_day, []).append(net)
    rows += _cases(orders, today, payouts)
    for day, nets in sorted(payouts.items()):
        rows.append(_row(day, "Payout", "", -sum(nets), day, gross=-sum(nets),
                         reference=f"Bank reference ID DEMO{day:%Y%m%d}",
                         description="Scheduled payout. Usually arrive in 1-3 business days."))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    first = min((o[2] for o in orders), default=today)
    for line in (["--"] * 5, ["Transaction report"], ["Seller", "demo_music_store"],
                 ["Start date", f"{first:%b-%d-%Y} 00:00:00 AM PST"], ["End date", f"{today:%b-%d-%Y} 23:59:59 PM PST"], HEADER,
                 *rows):  # fmt: skip
        writer.writerow(line)
    return out.getvalue()


def import_demo_transactions(db: Database, today: date) -> PayoutImportReport:
    """Write the demo report and import it (called once by ``demo.store.build_demo``)."""
    text = demo_transaction_report(db, today)
    return import_payouts(db, text.encode("utf-8"), account=ACCOUNT, file_name=FILE_NAME)


def _cases(orders: list[tuple], today: date, payouts: dict[date, list[Decimal]]) -> list[list[str]]:
    """A cancellation, a partial refund after invoicing, an eBay label, a fee, a stranger."""
    rows = []
    unshipped = [o for o in orders if o[1] == "open" and not o[8]]
    invoiced = [o for o in orders if o[1] == "invoiced"]
    shipped = [o for o in orders if o[1] == "shipped"]
    if unshipped:
        # The latest: the shipping demo gives the earliest open orders their problems.
        number, _, paid, *_, deposit, _ = unshipped[-1]
        rows.append(_row(paid, "Refund", number, -deposit, None, gross=-deposit,
                         reference=f"Cancel ID 53{number[-5:]}"))
    if invoiced:
        number, _, paid, *_ = invoiced[len(invoiced) // 2]
        day = paid + timedelta(days=9)
        rows.append(_row(day, "Refund", number, Decimal("-15.00"), None, gross=Decimal("-15.00"),
                         reference=f"Refund ID 52{number[-5:]}", description="Partial refund"))
    if shipped:
        number, _, paid, *_ = shipped[0]
        day = paid + timedelta(days=1)
        rows.append(_row(day, "Shipping label", number, Decimal("-11.35"), None,
                         gross=Decimal("-11.35"), reference="Tracking no. 9400100000000000000777",
                         description="USPS Ground Advantage"))
    fee_day = today - timedelta(days=3)
    rows.append(_row(fee_day, "Other fee", "", Decimal("-6.40"), None, gross=Decimal("-6.40"),
                     description="Promoted Listings - General fee"))
    stranger_day = today - timedelta(days=2)
    rows.append(_row(stranger_day, "Order", "99-00000-00001", Decimal("21.38"), None,
                     subtotal=Decimal("25.00"), shipping=Decimal("0.00"), fixed=FVF_FIXED,
                     variable=Decimal("-3.32"), gross=Decimal("25.00")))
    return rows


def _payout_day(paid: date) -> date:
    """The Monday after the week (Friday to Thursday) the order was paid in."""
    return paid + timedelta(days=(0 - paid.weekday()) % 7 or 7)


def _row(
    day: date,
    kind: str,
    order: str,
    net: Decimal,
    payout_day: date | None,
    *,
    subtotal: Decimal | None = None,
    shipping: Decimal | None = None,
    seller_tax: Decimal | None = None,
    ebay_tax: Decimal | None = None,
    fixed: Decimal | None = None,
    variable: Decimal | None = None,
    gross: Decimal | None = None,
    reference: str = "",
    description: str = "",
) -> list[str]:
    def text(value: object) -> str:
        return "--" if value in (None, "") else str(value)

    payout_id = f"8{payout_day:%y%m%d}00" if payout_day else ""
    values = {
        "Transaction creation date": f"{day:%b} {day.day}, {day.year}", "Type": kind,
        "Order number": order, "Net amount": net, "Payout currency": "USD",
        "Payout date": f"{payout_day:%b} {payout_day.day}, {payout_day.year}" if payout_day else "",
        "Payout ID": payout_id, "Payout method": "Demo Bank *0042" if payout_day else "",
        "Payout status": "Funds sent" if payout_day else "", "Item subtotal": subtotal,
        "Shipping and handling": shipping, "Seller collected tax": seller_tax,
        "eBay collected tax": ebay_tax, "Final Value Fee - fixed": fixed,
        "Final Value Fee - variable": variable, "Gross transaction amount": gross,
        "Transaction currency": "USD", "Reference ID": reference, "Description": description,
    }  # fmt: skip
    return [text(values.get(column)) for column in HEADER]
