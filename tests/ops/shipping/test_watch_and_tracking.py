"""The watch folder takes each file once; eBay's tracking file holds each shipment once."""

from __future__ import annotations

import csv
import io
import os
import time

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.shipping import settings
from aimsi_ebay.ops.shipping.ebay_tracking import write_ebay_tracking
from aimsi_ebay.ops.shipping.results import import_carrier_file, mark_package_lines
from aimsi_ebay.ops.shipping.watch import scan_folder
from tests.ops.shipping.factory import Line, add_order, one

GOOD = b"N,1001,1Z999AA10123456781,10.00,5.00,GND,20261120,1\r\nN,4040,1Z999AA10123456782,1,1,GND,20261120,1\r\n"


def aged(path):
    past = time.time() - 10
    os.utime(path, (past, past))
    return path


def test_each_file_is_imported_once_and_moved_with_its_reasons(ship_db, tmp_path):
    add_order(ship_db, "1001")
    folder = tmp_path / "watch"
    folder.mkdir()
    (folder / "eod.csv").write_bytes(GOOD)
    aged(folder / "eod.csv")
    (folder / "junk.csv").write_bytes(b"nothing, a carrier wrote\r\n")
    aged(folder / "junk.csv")
    (folder / "fresh.csv").write_bytes(GOOD)  # still being written: left for the next pass
    (folder / "B1.xml").write_bytes(b'<OpenShipments xmlns="x-schema:OpenShipments.xdr">'
                                    b'<OpenShipment ProcessStatus="" ShipmentOption=""/>'
                                    b"</OpenShipments>")
    aged(folder / "B1.xml")
    results = {r.file: r for r in scan_folder(ship_db, folder)}
    assert set(results) == {"eod.csv", "junk.csv"}
    assert results["eod.csv"].ok and results["eod.csv"].report.added == 1
    assert (folder / "processed" / "eod.csv").exists()
    assert "no order 4040" in (folder / "processed" / "eod.csv.rejected.txt").read_text()
    assert not results["junk.csv"].ok
    assert "no column map fits" in (folder / "failed" / "junk.csv.reason.txt").read_text()
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == ["B1.xml", "fresh.csv"]
    assert scan_folder(ship_db, folder, settle=0)[0].file == "fresh.csv"
    (folder / "eod.csv").write_bytes(GOOD)  # the same name again: nothing overwritten
    assert scan_folder(ship_db, folder, settle=0)[0].report.unchanged == 1
    assert (folder / "processed" / "eod.1.csv").exists()
    assert one(ship_db, "SELECT count(*) FROM shipments")[0] == 1


def test_a_missing_watch_folder_is_bad_input(ship_db, tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        scan_folder(ship_db, tmp_path / "nowhere")


def test_the_tracking_file_lists_shipped_ebay_lines_once(ship_db, tmp_path):
    add_order(ship_db, "1001", account="shop", ebay_order_number="11-111-111",
              lines=(Line("SKU-A", title="Guitar"), Line("SKU-B", title="Strap")))
    add_order(ship_db, "1002", account="outlet", ebay_order_number="22-222-222")
    add_order(ship_db, "1003", account="shop")  # not shipped
    import_carrier_file(ship_db, "a.csv", b"N,1001,1Z999AA10123456781,10.00,5.00,GND,20261120,1\r\n"
                        b"N,1001,1Z999AA10123456782,0,0,GND,20261120,1\r\n"
                        b"N,1002,1Z999AA10123456783,9.00,4.00,GND,20261120,1\r\n")
    mark_package_lines(ship_db, "1Z999AA10123456782", [2])
    report = write_ebay_tracking(ship_db, account="shop", out=tmp_path / "t.csv")
    lines = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text())))
    assert [(r["Order Number"], r["Item Title"], r["Tracking Number"]) for r in lines] == [
        ("11-111-111", "Guitar", "1Z999AA10123456781"),
        ("11-111-111", "Strap", "1Z999AA10123456781"),
        ("11-111-111", "Strap", "1Z999AA10123456782"),
    ]
    assert {r["Shipping Carrier Used"] for r in lines} == {"UPS"}
    assert report.orders == ["1001"]
    assert write_ebay_tracking(ship_db, account="shop").rows == 0  # recorded as uploaded
    assert write_ebay_tracking(ship_db, out=tmp_path / "u.csv").orders == ["1002"]
    with pytest.raises(InputError, match="no seller account"):
        write_ebay_tracking(ship_db, account="nobody")


def test_settings_folders_default_beside_the_data_and_can_be_set(ship_db, tmp_path):
    assert settings.folder(ship_db, "watch_folder") == tmp_path / "data" / "shipping" / "results"
    settings.set_setting(ship_db, "watch_folder", str(tmp_path / "w"))
    assert settings.folder(ship_db, "watch_folder") == tmp_path / "w"
    with pytest.raises(InputError):
        settings.set_setting(ship_db, "colour", "red")


def test_column_maps_are_stored_validated_and_used(ship_db):
    add_order(ship_db, "1001")
    spec = ('{"name": "desk2", "carrier": "ups", "has_header": true, "columns": {'
            '"order_reference": "Ref", "tracking_number": "Track", "negotiated_charge": "Cost"}}')
    settings.set_column_map(ship_db, spec)
    assert "desk2" in settings.column_maps(ship_db)
    report = import_carrier_file(ship_db, "desk.csv", b"Ref,Track,Cost\r\n1001,1Z999AA10123456781,7.25\r\n",
                                 map_name="desk2")
    assert report.added == 1 and report.column_map == "desk2"
    with pytest.raises(InputError):
        settings.set_column_map(ship_db, '{"name": "bad", "carrier": "dhl", "has_header": false,'
                                         ' "columns": {}}')
