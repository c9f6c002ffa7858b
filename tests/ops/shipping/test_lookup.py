"""Order → carrier: the lookup file per carrier and the XML auto-import file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.shipping import settings
from aimsi_ebay.ops.shipping.lookup import write_auto_import, write_lookup_file
from aimsi_ebay.ops.shipping.results import import_carrier_file
from aimsi_ebay.ops.sales.importer import import_sales
from tests.ops.shipping.factory import Line, add_order, set_weights

GOLDEN = Path(__file__).resolve().parent / "golden"


def read(path: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(Path(path).read_bytes().decode("cp1252"))))


def test_ship_to_else_customer_address_service_and_weight(ship_db):
    set_weights(ship_db, {"SKU-A": "2.5", "SKU-B": "1.25"})
    add_order(ship_db, "1001", lines=(Line("SKU-A", 2), Line("SKU-B")))
    add_order(ship_db, "1002", service="UPS 2nd Day Air", ship_to={
        "name": "Gift Person", "address1": "9 Elm St", "city": "Austin", "state": "TX",
        "postal_code": "07801"})
    report = write_lookup_file(ship_db, "ups")
    rows = {r["ORDERNO"]: r for r in read(report.path)}
    assert rows["1001"]["SHIPADDR1"] == "1001 Main St" and rows["1001"]["WEIGHT"] == "6.250"
    assert rows["1002"]["SHIPCOMPANY"] == "Gift Person" and rows["1002"]["SHIPZIP"] == "07801"
    assert rows["1002"]["SERVICE"] == "2DA" and rows["1002"]["REF2"] == "EB-1002"
    assert report.missing_weights == []


def test_orders_that_cannot_ship_are_left_out_with_the_reason(ship_db):
    add_order(ship_db, "1001", awaiting_payment=True)
    add_order(ship_db, "1002", customer={"address1": None})
    add_order(ship_db, "1003", customer={"country": "Narnia"})
    add_order(ship_db, "1004", status="shipped")
    add_order(ship_db, "1005")
    report = write_lookup_file(ship_db, "ups")
    assert report.left_out == [
        {"order_number": "1001", "reason": "awaiting payment"},
        {"order_number": "1002", "reason": "no street address"},
        {"order_number": "1003", "reason": "country Narnia is not a known code"},
    ]
    assert [r["ORDERNO"] for r in read(report.path)] == ["1005"]


def test_unknown_service_takes_the_default_and_is_listed_and_the_table_is_editable(ship_db):
    add_order(ship_db, "1001", service="Economy Shipping")
    report = write_lookup_file(ship_db, "fedex")
    assert report.unknown_services == [{"order_number": "1001", "ebay_service": "Economy Shipping",
                                        "service_code": "92"}]
    settings.set_service(ship_db, "fedex", "Economy Shipping", "20")
    report = write_lookup_file(ship_db, "fedex")
    assert report.unknown_services == [] and read(report.path)[0]["SERVICE"] == "20"


def test_missing_weights_are_listed_not_guessed(ship_db):
    set_weights(ship_db, {"SKU-A": "2"})
    add_order(ship_db, "1001", lines=(Line("SKU-A"), Line("SKU-Z"), Line(None)))
    report = write_lookup_file(ship_db, "ups")
    assert report.missing_weights == [{"order_number": "1001", "skus": "SKU-Z, line 3"}]
    assert read(report.path)[0]["WEIGHT"] == ""


def test_long_and_non_latin_values_fit_and_are_listed(ship_db):
    add_order(ship_db, "1001", customer={
        "name": "Łukasz Wiśniewski-Kowalczyk c/o Zoë Brontë-Ødegård Family",
        "address1": "1234 Extraordinarily Long Boulevard Northwest Apartment 1507"})
    report = write_lookup_file(ship_db, "ups")
    row = read(report.path)[0]
    assert row["SHIPCOMPANY"] == "Lukasz Wisniewski-Kowalczyk c/o Zoe"
    assert (row["SHIPADDR1"], row["SHIPADDR2"]) == ("1234 Extraordinarily Long Boulevard",
                                                   "Northwest Apartment 1507")
    assert {(f["field"], f["reason"]) for f in report.fitted} >= {("name", "truncated")}


def test_the_file_is_rewritten_when_an_order_ships_and_when_orders_are_created(ship_db, samples):
    add_order(ship_db, "1001")
    add_order(ship_db, "1002")
    path = Path(write_lookup_file(ship_db, "ups").path)
    import_carrier_file(ship_db, "a.csv", b"N,1001,1Z999AA10123456781,1.00,1.00,GND,20261120,1\r\n")
    assert [r["ORDERNO"] for r in read(str(path))] == ["1002"]
    with ship_db.write() as con:
        con.execute("INSERT INTO seller_accounts (name, ebay_user_id) VALUES ('acct', 'acct')")
    import_sales(ship_db, samples / "sales" / "ebay_orders_report.csv", account="acct",
                 unmatched="create")
    assert len(read(str(path))) > 1


def test_auto_import_writes_open_shipments_for_chosen_orders(ship_db, tmp_path):
    add_order(ship_db, "1001")
    add_order(ship_db, "1002", awaiting_payment=True)
    report = write_auto_import(ship_db, ["1001", "1002", "4040"], folder=tmp_path, batch="B1")
    text = (tmp_path / "B1.xml").read_bytes().decode("cp1252")
    assert "<Reference1>1001</Reference1>" in text and "1002" not in text
    assert report.left_out == [{"order_number": "1002", "reason": "awaiting payment"},
                               {"order_number": "4040", "reason": "no order 4040"}]
    with pytest.raises(InputError, match="none of the chosen orders"):
        write_auto_import(ship_db, ["1002"], folder=tmp_path)


def test_golden_lookup_file(ship_db):
    """The UPS lookup file of a small store: cp1252, long and non-Latin names, leading zeros."""
    set_weights(ship_db, {"SKU-A": "2.5"})
    add_order(ship_db, "1001", customer={"name": "José Núñez", "postal_code": "02108",
                                         "state": "MA", "city": "Boston"})
    add_order(ship_db, "1002", customer={"name": "山田 太郎", "company": "Acme Music GmbH",
                                         "phone": "+49 (30) 1234-5678-99"})
    add_order(ship_db, "1003", customer={
        "address1": "1234 Extraordinarily Long Boulevard Northwest Apartment 1507"})
    report = write_lookup_file(ship_db, "ups")
    assert Path(report.path).read_bytes() == (GOLDEN / "lookup_ups.expected.csv").read_bytes()
