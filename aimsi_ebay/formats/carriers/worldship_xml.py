"""WorldShip XML Auto Import: the ``OpenShipments`` files we write, the ``.Out`` replies we read.

WorldShip watches a folder for ``.xml`` files, imports each shipment, renames the input and
writes ``<name>.Out``: the same shipments with ``ProcessStatus="Processed"`` and a
``ProcessMessage`` holding tracking numbers and rates, or ``"Fail To Import"`` with
``Error/ErrorMessage`` (FORMATS.md §4). Reference 1 carries our order number there and back.

Real replies (``shared/real``) differ from the description in two ways, and the reader follows
them: the rates are on the shipment (``ShipmentRates/ShipmentCharges``; every package's charges
read 0,00), and the encoding declared is not always the one used (see :mod:`.xmltools`).
A failed shipment has no ``Reference1`` in its reply, so its order comes from its ``Package``.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from aimsi_ebay.errors import InputError, Rejection
from aimsi_ebay.formats.atomic import write_atomic
from aimsi_ebay.formats.carriers.orders import (
    CarrierOrder,
    FitNote,
    fit_address,
    fit_text,
    ship_to_names,
)
from aimsi_ebay.formats.carriers.packages import (
    WORLDSHIP_OUT,
    CarrierFile,
    Failure,
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
)

NAMESPACE = "x-schema:OpenShipments.xdr"
PROCESSED = "Processed"
_STATUS = re.compile(rb'ProcessStatus\s*=\s*"[^"]+"')


# -- writing ------------------------------------------------------------------------------------

def open_shipments_xml(orders: Sequence[CarrierOrder], *, package_type: str = "CP",
                       bill_transportation_to: str = "Shipper", decimal_comma: bool = False
                       ) -> tuple[bytes, tuple[FitNote, ...]]:
    """One ``OpenShipments`` document (Windows-1252) for a batch of orders, and every value
    changed to fit WorldShip's limits.

    ``package_type`` is WorldShip's code (``CP``, customer packaging, in public integrations; a
    German WorldShip's reply in ``shared/real`` shows ``Package``). ``decimal_comma`` writes
    weights as ``2,5`` for a PC whose locale expects that.
    """
    root = ET.Element("OpenShipments", {"xmlns": NAMESPACE})
    notes: list[FitNote] = []
    for order in orders:
        root.append(_shipment(order, notes, package_type, bill_transportation_to, decimal_comma))
    ET.indent(root, space="\t")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    text = '<?xml version="1.0" encoding="windows-1252"?>\r\n' + body.replace("\n", "\r\n")
    return (text + "\r\n").encode("cp1252"), tuple(notes)


def write_open_shipments(folder: str | os.PathLike[str], batch: str,
                         orders: Sequence[CarrierOrder], **options: object
                         ) -> tuple[Path, tuple[FitNote, ...]]:
    """Write ``<batch>.xml`` into WorldShip's auto-import folder atomically (the temporary file
    does not end in ``.xml``, so WorldShip never picks up half a file)."""
    if not re.fullmatch(r"[A-Za-z0-9_.$-]+", batch):
        raise InputError(f"{batch!r}: a batch name may hold only letters, digits and . $ _ -")
    data, notes = open_shipments_xml(orders, **options)  # type: ignore[arg-type]
    return write_atomic(Path(folder) / f"{batch}.xml", data), notes


def _shipment(order: CarrierOrder, notes: list[FitNote], package_type: str, bill_to: str,
              decimal_comma: bool) -> ET.Element:
    number = order.order_number
    company_or_name, attention = ship_to_names(order)
    lines = fit_address(number, (order.address1, order.address2, order.address3), notes)
    shipment = ET.Element("OpenShipment", {"ProcessStatus": "", "ShipmentOption": ""})
    _add(shipment, "ShipTo", [
        ("CompanyOrName", fit_text(number, "company_or_name", company_or_name, notes)),
        ("Attention", fit_text(number, "attention", attention, notes)),
        ("Address1", lines[0]), ("Address2", lines[1]), ("Address3", lines[2]),
        ("CountryTerritory", fit_text(number, "country", order.country, notes)),
        ("PostalCode", fit_text(number, "postal_code", order.postal_code, notes)),
        ("CityOrTown", fit_text(number, "city", order.city, notes)),
        ("StateProvinceCounty", fit_text(number, "state", order.state, notes)),
        ("Telephone", fit_text(number, "phone", order.phone, notes)),
        ("EmailAddress", fit_text(number, "email", order.email, notes)),
        ("ResidentialIndicator", "1" if order.residential else "0"),
    ])
    _add(shipment, "ShipmentInformation", [
        ("ServiceType", fit_text(number, "service_code", order.service_code, notes)),
        ("NumberOfPackages", "1"),
        ("BillTransportationTo", bill_to),
    ])
    weight = "" if order.weight_lbs is None else f"{order.weight_lbs.normalize():f}"
    _add(shipment, "Package", [
        ("PackageType", package_type),
        ("Weight", weight.replace(".", ",") if decimal_comma else weight),
        ("Reference1", fit_text(number, "reference1", order.order_number, notes)),
        ("Reference2", fit_text(number, "reference2", order.ebay_order_number, notes)),
    ])
    return shipment


def _add(parent: ET.Element, tag: str, values: list[tuple[str, str]]) -> None:
    """A child element with the non-blank values (WorldShip leaves out what it has not got)."""
    element = ET.SubElement(parent, tag)
    for name, value in values:
        if value:
            ET.SubElement(element, name).text = value


# -- reading the replies ------------------------------------------------------------------------

def identify(data: bytes) -> bool:
    """True for a ``.Out`` reply: OpenShipments whose shipments carry a process status."""
    head = data[:4096].replace(b"\x00", b"")
    return b"<OpenShipments" in head and _STATUS.search(data.replace(b"\x00", b"")) is not None


def read_out(name: str, data: bytes, carrier: str = "ups") -> CarrierFile:
    """The packages WorldShip made (one per tracking number) and the shipments it refused."""
    root = parse_xml(name, data)
    if local(root) != "OpenShipments":
        raise InputError(f"not a WorldShip auto-import reply (root <{local(root)}>)", file=name)
    packages: list[Package] = []
    failures: list[Failure] = []
    rejections: list[Rejection] = []
    shipments = children(root, "OpenShipment")
    if not any(s.get("ProcessStatus") for s in shipments):
        raise InputError("an auto-import input file, not WorldShip's reply (.Out): no shipment"
                         " has a ProcessStatus", file=name)
    for row, shipment in enumerate(shipments, start=1):
        status = (shipment.get("ProcessStatus") or "").strip()
        message = child(shipment, "ProcessMessage")
        reference = text_of(message, "Reference1") or text_of(shipment, "Package", "Reference1")
        if status != PROCESSED:
            errors = [text_of(e) for e in children(child(message, "Error"), "ErrorMessage")]
            failures.append(Failure(reference, "; ".join(filter(None, errors))
                                    or f"WorldShip status {status!r}", row))
            continue
        try:
            packages.extend(_processed(shipment, message, reference, carrier, row))
        except _Bad as bad:
            rejections.append(Rejection(name, row, bad.field, bad.reason))
    return CarrierFile(WORLDSHIP_OUT, name, packages_table(packages), tuple(failures),
                       tuple(rejections))


class _Bad(Exception):
    def __init__(self, field: str, reason: str) -> None:
        self.field, self.reason = field, reason


def _processed(shipment: ET.Element, message: ET.Element | None, reference: str, carrier: str,
               row: int) -> list[Package]:
    trackings = [text_of(t) for t in children(child(message, "TrackingNumbers"), "TrackingNumber")]
    if not trackings:
        rates = children(child(message, "ShipmentRates", "PackageRates"), "PackageRate")
        trackings = [text_of(rate, "TrackingNumber") for rate in rates]
    trackings = [t for t in trackings if t]
    if not trackings:
        raise _Bad("TrackingNumber", "a processed shipment without a tracking number")
    rate = child(message, "ShipmentRates", "ShipmentCharges", "Rate")
    charges: list[Decimal | None] = []
    for field in ("Published", "Negotiated"):
        try:
            charges.append(money_of(text_of(rate, field), field))
        except InputError as error:
            raise _Bad(field, error.reason) from None
    weights = _weights(shipment, len(trackings))
    service = text_of(shipment, "ShipmentInformation", "ServiceType")
    zero = Decimal("0.00")
    return [
        Package(reference, carrier, service, tracking,
                charges[0] if i == 0 else (zero if charges[0] is not None else None),
                charges[1] if i == 0 else (zero if charges[1] is not None else None),
                weights[i], None, False, row)
        for i, tracking in enumerate(trackings)
    ]


def _weights(shipment: ET.Element, count: int) -> list[Decimal | None]:
    """Each package's weight when the reply lists one ``Package`` per tracking number; else the
    shipment's weight on the lead package (a 2-package reply lists one ``Package``)."""
    listed = [parse_quantity(text_of(p, "Weight")) for p in children(shipment, "Package")]
    if len(listed) == count:
        return listed
    total = parse_quantity(text_of(shipment, "ShipmentInformation", "ShipmentActualWeight"))
    return [total] + [None] * (count - 1)
