"""WorldShip's XML shipment export (``ShipmentExport/v1_0_0``), read into packages.

As the real export in ``shared/real`` shows: UTF-16 with a BOM, decimal commas (``112,55``,
``12,0``), one ``Shipment`` per shipment with ``ShipmentInformation/LeadTrackingNumber``,
``ShipmentProcessTimestamp`` (yyyymmddhhmmss), ``ShipmentCharges/TotalShipmentCharge/Charge/
{Published,Negotiated}`` and ``Packages/Package/{TrackingNumber,Weight}``. The package charges
read 0,00, so the cost comes from the shipment total, carried by the lead package (see
:mod:`.packages`). ``ReferenceNumbers/Reference1`` is on the shipment and on each package; a
package's own reference wins. The export has no void flag (WorldShip exports voids elsewhere).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal

from aimsi_ebay.errors import InputError, Rejection
from aimsi_ebay.formats.carriers.packages import (
    WORLDSHIP_EXPORT,
    CarrierFile,
    Package,
    packages_table,
    parse_quantity,
)
from aimsi_ebay.formats.carriers.xmltools import (
    child,
    children,
    local,
    money_of,
    parse_xml,
    text_of,
    xml_text,
)

_SIGNATURE = re.compile(r"<Shipments\b[^>]*ShipmentExport")


def identify(data: bytes) -> bool:
    """True for a WorldShip shipment export (its root names the ShipmentExport schema)."""
    head = data[:2048]
    try:
        text = xml_text(head if not head.startswith((b"\xff\xfe", b"\xfe\xff"))
                        else head[: len(head) // 2 * 2])
    except UnicodeDecodeError:
        return False
    return _SIGNATURE.search(text) is not None


def read_export(name: str, data: bytes, carrier: str = "ups") -> CarrierFile:
    """One package per ``Package``; a shipment that cannot be read becomes a rejection."""
    root = parse_xml(name, data)
    if local(root) != "Shipments":
        raise InputError(f"not a WorldShip shipment export (root <{local(root)}>)", file=name)
    packages: list[Package] = []
    rejections: list[Rejection] = []
    for row, shipment in enumerate(children(root, "Shipment"), start=1):
        try:
            packages.extend(_shipment(shipment, carrier, row))
        except _Bad as bad:
            rejections.append(Rejection(name, row, bad.field, bad.reason))
    return CarrierFile(WORLDSHIP_EXPORT, name, packages_table(packages), (), tuple(rejections))


class _Bad(Exception):
    def __init__(self, field: str, reason: str) -> None:
        self.field, self.reason = field, reason


def _shipment(shipment: ET.Element, carrier: str, row: int) -> list[Package]:
    info = child(shipment, "ShipmentInformation")
    reference = text_of(info, "ReferenceNumbers", "Reference1")
    charge = child(info, "ShipmentCharges", "TotalShipmentCharge", "Charge")
    charges: list[Decimal | None] = []
    for field in ("Published", "Negotiated"):
        try:
            charges.append(money_of(text_of(charge, field), field))
        except InputError as error:
            raise _Bad(f"TotalShipmentCharge/{field}", error.reason) from None
    shipped = _ship_date(text_of(info, "ShipmentProcessTimestamp"))
    service = text_of(info, "ServiceType")
    lead = text_of(info, "LeadTrackingNumber")
    listed = children(child(shipment, "Packages"), "Package")
    trackings = [text_of(p, "TrackingNumber") for p in listed]
    if not any(trackings) and not lead:
        raise _Bad("TrackingNumber", "a shipment without a tracking number")
    if not any(trackings):  # only the lead number is known
        listed, trackings = [ET.Element("Package")], [lead]
    if lead in trackings:  # the lead package first: it carries the shipment's charges
        index = trackings.index(lead)
        listed.insert(0, listed.pop(index))
        trackings.insert(0, trackings.pop(index))
    zero = Decimal("0.00")
    return [
        Package(text_of(package, "ReferenceNumbers", "Reference1") or reference, carrier,
                service, tracking,
                charges[0] if i == 0 else (zero if charges[0] is not None else None),
                charges[1] if i == 0 else (zero if charges[1] is not None else None),
                parse_quantity(text_of(package, "Weight")), shipped, False, row)
        for i, (package, tracking) in enumerate(zip(listed, trackings, strict=True)) if tracking
    ]


def _ship_date(stamp: str) -> date | None:
    """``20240704175716`` → 2024-07-04; None when absent or not a timestamp."""
    try:
        return datetime.strptime(stamp[:8], "%Y%m%d").date() if stamp else None
    except ValueError:
        return None
