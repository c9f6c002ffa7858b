"""Carrier results onto orders: voids, re-exports, repeats, rejections, shipped or partly."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.shipping.results import import_carrier_file, mark_package_lines
from tests.ops.shipping.factory import Line, add_order, one, rows

GOLDEN = Path(__file__).resolve().parent / "golden"
REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "real"
T1, T2, T3, T4 = (f"1Z999AA1012345678{n}" for n in range(1, 5))


def csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def state(db, number: str) -> tuple:
    return one(db, "SELECT status, shipping_cost FROM orders WHERE order_number = ?", [number])


def live(db) -> list[tuple]:
    return rows(db, "SELECT o.order_number, s.tracking_number FROM shipments s"
                    " JOIN orders o USING (order_id) ORDER BY 2")


def test_a_package_ships_the_order_with_its_charge(ship_db):
    add_order(ship_db, "1001")
    report = import_carrier_file(ship_db, "eod.csv", csv(f"N,1001,{T1},21.46,4.23,GND,20261120,2.5"))
    assert (report.added, report.orders_shipped, report.rejected) == (1, 1, [])
    assert state(ship_db, "1001") == ("shipped", Decimal("4.23"))
    assert one(ship_db, "SELECT carrier_charge, negotiated_charge, weight, ship_date, source_file,"
               " source_row FROM shipments")[:2] == (Decimal("21.46"), Decimal("4.23"))


def test_the_cost_is_the_published_charge_when_no_negotiated_one(ship_db):
    add_order(ship_db, "1001")
    import_carrier_file(ship_db, "eod.csv", csv(f"N,1001,{T1},21.46,,GND,20261120,2.5"))
    assert state(ship_db, "1001") == ("shipped", Decimal("21.46"))


def test_a_void_removes_every_package_with_that_number_and_it_never_comes_back(ship_db):
    add_order(ship_db, "1001")
    morning = csv(f"N,1001,{T1},10.00,5.00,GND,20261120,1", f"N,1001,{T2},8.00,4.00,GND,20261120,1")
    import_carrier_file(ship_db, "morning.csv", morning)
    assert state(ship_db, "1001") == ("shipped", Decimal("9.00"))
    report = import_carrier_file(ship_db, "eod.csv", csv(
        f"N,1001,{T1},10.00,5.00,GND,20261120,1", f"Y,1001,{T1},10.00,5.00,GND,20261120,1"))
    assert report.voided == 1
    assert live(ship_db) == [("1001", T2)]
    assert state(ship_db, "1001") == ("shipped", Decimal("4.00"))
    again = import_carrier_file(ship_db, "morning.csv", morning)  # an older file read again
    assert (again.added, again.unchanged) == (0, 2)
    assert live(ship_db) == [("1001", T2)]
    assert one(ship_db, "SELECT count(*) FROM shipment_voids")[0] == 1


def test_voiding_the_last_package_takes_the_order_back_to_picked(ship_db):
    add_order(ship_db, "1001")
    import_carrier_file(ship_db, "a.csv", csv(f"N,1001,{T1},10.00,5.00,GND,20261120,1"))
    import_carrier_file(ship_db, "b.csv", csv(f"Y,1001,{T1},10.00,5.00,GND,20261120,1"))
    assert state(ship_db, "1001") == ("picked", None)


def test_the_same_file_twice_changes_nothing(ship_db):
    add_order(ship_db, "1001")
    add_order(ship_db, "1002")
    data = csv(f"N,1001,{T1},10.00,5.00,GND,20261120,1", f"N,1002,{T2},7.00,3.00,GND,20261120,1",
               f"Y,1002,{T2},7.00,3.00,GND,20261120,1")
    import_carrier_file(ship_db, "a.csv", data)
    before = rows(ship_db, "SELECT * EXCLUDE (imported_at) FROM shipments ORDER BY 1")
    orders = rows(ship_db, "SELECT order_number, status, shipping_cost FROM orders ORDER BY 1")
    second = import_carrier_file(ship_db, "a.csv", data)
    assert second.same_file_before and (second.added, second.voided) == (0, 0)
    assert rows(ship_db, "SELECT * EXCLUDE (imported_at) FROM shipments ORDER BY 1") == before
    assert rows(ship_db, "SELECT order_number, status, shipping_cost FROM orders ORDER BY 1") \
        == orders


def test_a_tracking_number_is_never_on_two_orders(ship_db):
    add_order(ship_db, "1001")
    add_order(ship_db, "1002")
    first = import_carrier_file(ship_db, "a.csv", csv(
        f"N,1001,{T1},10.00,5.00,GND,20261120,1", f"N,1002,{T1},10.00,5.00,GND,20261120,1"))
    assert first.rejected == [{"row": 2, "field": "tracking_number (column 3)",
                               "reason": f"{T1} is on order 1001 in row 1 of this file"}]
    second = import_carrier_file(ship_db, "b.csv", csv(f"N,1002,{T1},10.00,5.00,GND,20261120,1"))
    assert second.rejected[0]["reason"] == f"{T1} is already on order 1001"
    assert live(ship_db) == [("1001", T1)]
    assert state(ship_db, "1002") == ("open", None)


def test_unknown_and_cancelled_orders_and_bad_charges_are_rejected_the_rest_imports(ship_db):
    add_order(ship_db, "1001")
    add_order(ship_db, "1002", status="cancelled")
    report = import_carrier_file(ship_db, "a.csv", csv(
        f"N,9999,{T1},10.00,5.00,GND,20261120,1", f"N,1002,{T2},10.00,5.00,GND,20261120,1",
        f'N,1001,{T3},"12,3x",5.00,GND,20261120,1', f"N,1001,{T4},10.00,5.00,GND,20261120,1"))
    assert report.rejected == [
        {"row": 1, "field": "order_reference (column 2)", "reason": "no order 9999"},
        {"row": 2, "field": "order_reference (column 2)", "reason": "order 1002 is cancelled"},
        {"row": 3, "field": "published_charge (column 4)",
         "reason": "'12,3x' is not an amount like 12.30"},
    ]
    assert live(ship_db) == [("1001", T4)]
    problems = rows(ship_db, "SELECT row_number, field, reason FROM shipping_import_problems"
                             " ORDER BY 1")
    assert [p[0] for p in problems] == [1, 2, 3]


def test_marked_lines_make_an_order_partly_shipped_until_every_line_is_covered(ship_db):
    add_order(ship_db, "1001", lines=(Line("SKU-A"), Line("SKU-B")))
    import_carrier_file(ship_db, "a.csv", csv(f"N,1001,{T1},10.00,5.00,GND,20261120,1"))
    assert state(ship_db, "1001")[0] == "shipped"  # by default a package carried every line
    mark_package_lines(ship_db, T1, [1])
    assert state(ship_db, "1001")[0] == "picked"
    report = import_carrier_file(ship_db, "b.csv", csv(f"N,1001,{T2},6.00,3.00,GND,20261121,1"))
    assert report.orders_shipped == 1
    mark_package_lines(ship_db, T2, [2])
    assert state(ship_db, "1001") == ("shipped", Decimal("8.00"))
    with pytest.raises(InputError, match="no line"):
        mark_package_lines(ship_db, T2, [7])


def test_a_file_that_is_no_carrier_file_is_refused_with_its_name(ship_db):
    with pytest.raises(InputError, match=r"notes\.csv"):
        import_carrier_file(ship_db, "notes.csv", b"hello,world\r\n")


def test_golden_import_report(ship_db):
    """A post-ship export with a void re-export and rejections, against a small store."""
    for number in ("A-3001", "A-3002", "A-3004", "A-3006"):
        add_order(ship_db, number)
    add_order(ship_db, "A-3003", status="cancelled")
    source = GOLDEN / "import_ups_export.csv"
    report = import_carrier_file(ship_db, source.name, source.read_bytes(), carrier="ups")
    got = {k: v for k, v in report.as_json().items() if k != "import_id"}
    got["orders"] = [dict(zip(("order_number", "status", "shipping_cost"), (n, s, str(c)),
                              strict=True)) for n, s, c in rows(
        ship_db, "SELECT order_number, status, shipping_cost FROM orders ORDER BY 1")]
    got["live"] = [list(r) for r in live(ship_db)]
    expected = json.loads((GOLDEN / "import_ups_export.expected.json").read_text())
    assert got == expected


# -- the real WorldShip files ------------------------------------------------------------------

def real(name: str) -> bytes:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path.read_bytes()


def test_real_out_with_a_failure_imports_tracking_numbers_and_charges(ship_db):
    data = real("ups_worldship_autoimport_17shipments_1failed_redacted.Out")
    for reference in ("MC4400DBSD / Royal blau", "MC4400GRSD / grau", "MC4400ANSD / anthrazit",
                      "MC4400TASD / taupe", "MC4400SSD / schwarz"):
        add_order(ship_db, reference)
    report = import_carrier_file(ship_db, "real.Out", data)
    assert (report.added, report.rejected) == (22, [])
    assert [f["order_number"] for f in report.failures] == ["MC4400TASD / taupe"]
    assert "Telefonnummer" in report.failures[0]["message"]
    assert one(ship_db, "SELECT carrier_charge, negotiated_charge FROM shipments"
               " WHERE tracking_number = '1Z8VY0536848468503'") == (Decimal("64.47"),
                                                                     Decimal("9.31"))
    # the second package of a two-package shipment carries no charge of its own
    assert one(ship_db, "SELECT negotiated_charge FROM shipments"
               " WHERE tracking_number = '1Z8VY0536846007317'") == (Decimal("0.00"),)
    assert state(ship_db, "MC4400SSD / schwarz") == ("shipped", Decimal("7.62"))


def test_real_single_out_imports_its_tracking_number(ship_db):
    add_order(ship_db, "Test-Reference1")
    report = import_carrier_file(ship_db, "OpenShipments3.Out",
                                 real("ups_worldship_autoimport_OpenShipments3.Out"))
    assert report.added == 1
    assert live(ship_db) == [("Test-Reference1", "1Z8VY0536847706417")]
    assert state(ship_db, "Test-Reference1") == ("shipped", Decimal("4.23"))


def test_real_utf16_export_imports_with_shipment_totals(ship_db):
    data = real("ups_worldship_shipment_export_utf16_redacted.xml")
    for n in range(1, 9):
        add_order(ship_db, f"REF-{n:02d}")
    add_order(ship_db, "MC4400TASD / taupe")
    report = import_carrier_file(ship_db, "export.xml", data)
    assert report.added == 24  # 25 packages; the first shipment has no Reference1
    assert report.rejected == [{"row": 1, "field": "Reference1",
                                "reason": "blank: the order number is needed"}]
    assert state(ship_db, "REF-01") == ("shipped", Decimal("4.23"))
    assert state(ship_db, "REF-08") == ("shipped", Decimal("15.22"))  # 5.92 + 9.30 + 0.00
