"""eBay's upload-tracking file: eBay's carrier names, formula-safe cells, clear refusals."""

from __future__ import annotations

import csv
import io

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.tracking_upload import (
    COLUMNS,
    TrackingLine,
    ebay_carrier,
    tracking_upload_csv,
)


def line(**changes: str) -> TrackingLine:
    values = {"order_number": "12-34567-89012", "item_number": "256123456789",
              "item_title": "Strap", "custom_label": "SKU-1", "transaction_id": "2501",
              "carrier": "ups", "tracking_number": "1Z8VY0536847706417"}
    return TrackingLine(**{**values, **changes})


@pytest.mark.parametrize(("ours", "ebays"), [("ups", "UPS"), ("FEDEX", "FedEx"),
                                            ("FedEx", "FedEx"), ("usps", "USPS")])
def test_carriers_are_spelled_as_ebay_spells_them(ours, ebays):
    assert ebay_carrier(ours) == ebays


def test_one_row_per_line_with_ebays_header_and_formula_safe_cells():
    data = tracking_upload_csv([line(), line(item_number="256000000001", item_title="=1+1")])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == COLUMNS
    assert rows[1] == ["Shipped", "12-34567-89012", "256123456789", "Strap", "SKU-1", "2501",
                       "UPS", "1Z8VY0536847706417"]
    assert rows[2][3] == "'=1+1"


def test_unknown_carrier_or_missing_tracking_names_the_row():
    with pytest.raises(InputError, match=r"row 3 \"Shipping Carrier Used\": 'Pony Express'"):
        tracking_upload_csv([line(), line(carrier="Pony Express")])
    with pytest.raises(InputError, match=r"row 2 \"Tracking Number\""):
        tracking_upload_csv([line(tracking_number=" ")])
