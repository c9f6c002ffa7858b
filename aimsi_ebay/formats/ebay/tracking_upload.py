"""eBay's Seller Hub "upload tracking" file (FORMATS.md §7): one row per order line, telling
eBay the carrier and tracking number of what we shipped.

Carrier names are written as eBay spells them; every cell is made formula-safe
(:mod:`aimsi_ebay.formats.safe_csv`) because people open this file in a spreadsheet first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.safe_csv import csv_text

COLUMNS = ["Shipping Status", "Order Number", "Item Number", "Item Title", "Custom Label",
           "Transaction ID", "Shipping Carrier Used", "Tracking Number"]
EBAY_CARRIERS = {"ups": "UPS", "fedex": "FedEx", "usps": "USPS", "dhl": "DHL"}


@dataclass(frozen=True)
class TrackingLine:
    """One shipped order line and the package that carried it."""

    order_number: str  # eBay's order number
    item_number: str
    item_title: str
    custom_label: str
    transaction_id: str
    carrier: str  # ours ('ups') or eBay's spelling ('UPS')
    tracking_number: str


def ebay_carrier(carrier: str) -> str:
    """eBay's spelling of a carrier's name; InputError for a carrier eBay's file does not know."""
    name = EBAY_CARRIERS.get(carrier.strip().lower().replace(" ", ""))
    if name is None:
        raise InputError(f"{carrier!r} is not a carrier eBay knows; one of"
                         f" {', '.join(EBAY_CARRIERS.values())}", field="Shipping Carrier Used")
    return name


def tracking_upload_csv(lines: Iterable[TrackingLine]) -> bytes:
    """The upload file as UTF-8 CSV bytes with CRLF line ends."""
    rows = []
    for number, line in enumerate(lines, start=2):
        if not line.order_number.strip() or not line.tracking_number.strip():
            raise InputError("an order number and a tracking number are needed", row=number,
                             field="Tracking Number" if line.order_number.strip()
                             else "Order Number")
        try:
            carrier = ebay_carrier(line.carrier)
        except InputError as error:
            raise InputError(error.reason, row=number, field=error.field) from None
        rows.append(dict(zip(COLUMNS, ("Shipped", line.order_number, line.item_number,
                                       line.item_title, line.custom_label, line.transaction_id,
                                       carrier, line.tracking_number.strip()), strict=True)))
    return csv_text(rows, COLUMNS).encode("utf-8")
