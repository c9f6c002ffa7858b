"""XML Auto Import: the OpenShipments we write and the .Out replies, real ones included."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.carriers.worldship_xml import (
    identify,
    open_shipments_xml,
    read_out,
    write_open_shipments,
)

from .golden_helpers import GOLDEN, REAL, load_orders

ORDERS = load_orders(json.loads(
    (GOLDEN / "write_open_shipments.json").read_text(encoding="utf-8"))["orders"])


def real(name: str) -> bytes:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{name} is not in ../shared/real")
    return path.read_bytes()


def test_written_file_is_cp1252_xml_with_the_order_in_reference_1():
    data, _ = open_shipments_xml(ORDERS, decimal_comma=True)
    root = ET.fromstring(data)
    ns = {"o": "x-schema:OpenShipments.xdr"}
    shipments = root.findall("o:OpenShipment", ns)
    assert [s.findtext("o:Package/o:Reference1", namespaces=ns) for s in shipments] == [
        "A-2001", "A-2002"]
    assert shipments[0].findtext("o:Package/o:Weight", namespaces=ns) == "3,5"
    assert shipments[1].find("o:Package/o:Weight", ns) is None  # unknown weight: left out
    assert b"Zo\xeb" in data  # Windows-1252 bytes


def test_our_own_input_file_is_not_taken_for_a_reply(tmp_path):
    path, _ = write_open_shipments(tmp_path, "BATCH_1", ORDERS)
    assert path.name == "BATCH_1.xml" and [p.name for p in tmp_path.iterdir()] == ["BATCH_1.xml"]
    assert not identify(path.read_bytes())
    with pytest.raises(InputError, match="not WorldShip's reply"):
        read_out(path.name, path.read_bytes())
    with pytest.raises(InputError, match="batch name"):
        write_open_shipments(tmp_path, "../evil", ORDERS)


def test_not_xml_is_one_clear_error():
    with pytest.raises(InputError, match=r"bad\.Out: not well-formed XML"):
        read_out("bad.Out", b"<OpenShipments><OpenShipment ProcessStatus='Processed'>")


def test_real_reply_with_17_shipments_and_one_failure():
    data = real("ups_worldship_autoimport_17shipments_1failed_redacted.Out")
    assert identify(data)
    result = read_out("real.Out", data)
    assert len(result.failures) == 1 and not result.rejections
    failure = result.failures[0]
    assert failure.source_row == 8 and failure.order_reference == "MC4400TASD / taupe"
    # the file declares windows-1252 but holds UTF-8 replacement characters (SOURCES.md)
    assert failure.message == "Empf\ufffdnger Telefonnummer ist entweder leer oder ung\ufffdltig."
    assert len({p.source_row for p in result.packages}) == 16
    first, second, third = result.packages[:3]
    assert (first.tracking_number, first.published_charge, first.negotiated_charge) == (
        "1Z8VY0536847366295", Decimal("25.31"), Decimal("5.93"))
    assert [second.tracking_number, third.tracking_number] == [
        "1Z8VY0536848468503", "1Z8VY0536846007317"]  # one shipment, two packages
    assert (second.published_charge, third.published_charge) == (Decimal("64.47"), Decimal(0))


def test_real_single_shipment_reply_in_cp1252():
    result = read_out("real.Out", real("ups_worldship_autoimport_OpenShipments3.Out"))
    (package,) = result.packages
    assert package.tracking_number == "1Z8VY0536847706417"
    assert package.order_reference == "Test-Reference1"
    assert (package.published_charge, package.negotiated_charge) == (Decimal("21.46"),
                                                                    Decimal("4.23"))
