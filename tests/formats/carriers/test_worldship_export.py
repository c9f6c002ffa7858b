"""WorldShip's XML shipment export, the real one included."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aimsi_ebay.formats.carriers.worldship_export import identify, read_export

from .golden_helpers import GOLDEN, REAL


def test_lead_package_carries_the_shipment_total():
    result = read_export("x.xml", (GOLDEN / "read_shipment_export.xml").read_bytes())
    two = [p for p in result.packages if p.order_reference == "A-5002"]
    assert [p.tracking_number for p in two] == ["1Z999AA10000000073", "1Z999AA10000000062"]
    assert [p.published_charge for p in two] == [Decimal("1050.32"), Decimal("0.00")]


def test_other_xml_is_not_an_export():
    assert not identify(b'<?xml version="1.0"?><OpenShipments/>')
    assert identify((GOLDEN / "read_shipment_export.xml").read_bytes())


def test_real_utf16_export_with_decimal_commas():
    path = REAL / "ups_worldship_shipment_export_utf16_redacted.xml"
    if not path.exists():
        pytest.skip("the real export is not in ../shared/real")
    data = path.read_bytes()
    assert identify(data)
    result = read_export(path.name, data)
    assert not result.rejections and len(result.packages) == 25
    assert len({p.source_row for p in result.packages}) == 21
    first = result.packages[0]
    assert (first.tracking_number, first.published_charge, first.negotiated_charge,
            first.weight, first.ship_date) == ("1Z8VY0536848975956", Decimal("112.55"),
                                               Decimal("16.48"), Decimal("12"), date(2024, 7, 4))
    assert first.order_reference == ""  # that shipment has no reference
    assert sum(p.published_charge for p in result.packages) == Decimal("1003.29")
    assert sum(p.negotiated_charge for p in result.packages) == Decimal("184.30")
    assert sum(1 for p in result.packages if p.published_charge == 0) == 4  # 4 two-package
