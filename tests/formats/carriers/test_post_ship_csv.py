"""Post-ship CSV exports through column maps: validation, JSON, identification, reading."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.carriers.packages import parse_quantity
from aimsi_ebay.formats.carriers.post_ship_csv import (
    DEFAULT_MAPS,
    FEDEX_DEFAULT,
    UPS_DEFAULT,
    ColumnMap,
    read_post_ship,
)
from aimsi_ebay.rules.money import to_money

from .golden_helpers import GOLDEN

UPS_ROWS = (GOLDEN / "read_ups_void_reexport.csv").read_bytes()
FEDEX_ROWS = b"B-1,794612345678,7.50,12.10,FEDEX_GROUND,07/05/2024,N\r\nB-1,794612345678,,,,,Y\r\n"


@pytest.mark.parametrize(("columns", "has_header", "message"), [
    ({"tracking_number": 1}, False, "required fields \\['order_reference'\\]"),
    ({"order_reference": 1, "tracking_number": "TRACKING"}, False, "has no header"),
    ({"order_reference": 0, "tracking_number": 2}, False, "count from 1"),
    ({"order_reference": 1, "tracking_number": 2, "colour": 3}, False, "unknown fields"),
    ({"order_reference": 1, "tracking_number": 1}, False, "same column"),
    ({"order_reference": "Ref", "tracking_number": ""}, True, "column number or header"),
])
def test_a_map_is_checked_when_built(columns, has_header, message):
    with pytest.raises(InputError, match=message):
        ColumnMap("mine", "ups", has_header, columns)


def test_a_map_needs_a_known_carrier():
    with pytest.raises(InputError, match="carrier 'dhl'"):
        ColumnMap("mine", "dhl", False, {"order_reference": 1, "tracking_number": 2})


@pytest.mark.parametrize("name", sorted(DEFAULT_MAPS))
def test_maps_round_trip_through_json(name):
    assert ColumnMap.from_json(DEFAULT_MAPS[name].to_json()) == DEFAULT_MAPS[name]


def test_bad_json_is_an_input_error():
    with pytest.raises(InputError, match="not valid JSON"):
        ColumnMap.from_json("{")
    with pytest.raises(InputError, match="keys"):
        ColumnMap.from_json('{"name": "x"}')


def test_each_default_map_identifies_its_own_carrier():
    assert UPS_DEFAULT.identify(UPS_ROWS) and not FEDEX_DEFAULT.identify(UPS_ROWS)
    assert FEDEX_DEFAULT.identify(FEDEX_ROWS) and not UPS_DEFAULT.identify(FEDEX_ROWS)


def test_fedex_rows_and_a_void_with_blank_charges():
    result = read_post_ship("fedex.csv", FEDEX_ROWS, FEDEX_DEFAULT)
    shipped, void = result.packages
    assert (shipped.negotiated_charge, shipped.published_charge) == (Decimal("7.50"),
                                                                    Decimal("12.10"))
    assert shipped.carrier == "fedex" and not shipped.void and void.void
    assert void.published_charge is None and not result.rejections


def test_a_header_map_finds_columns_by_name_in_any_case():
    column_map = ColumnMap("desk", "ups", True, {
        "order_reference": "Order No", "tracking_number": "tracking", "published_charge":
        "Charge", "void": "Voided"})
    data = ("TRACKING,ORDER NO,Charge,Voided,Extra\r\n1Z999AA10123456784,A-1,12.3x,N,x\r\n"
            "1Z999AA10123456795,A-2,9.00,N,ü\r\n").encode("cp1252")
    assert column_map.identify(data)
    result = read_post_ship("desk.csv", data, column_map)
    assert [p.order_reference for p in result.packages] == ["A-2"]
    assert result.packages[0].source_row == 3
    (rejection,) = result.rejections
    assert (rejection.row, rejection.field) == (2, "Charge")
    # the house Rejection (errors.py): the same reason, in InputError's one line
    assert rejection.message == "desk.csv row 2 \"Charge\": '12.3x' is not an amount like 12.30"


def test_a_missing_named_column_or_too_few_columns_is_one_clear_error():
    column_map = ColumnMap("desk", "ups", True, {"order_reference": "Order",
                                                  "tracking_number": "Tracking"})
    with pytest.raises(InputError, match="no column 'Tracking'"):
        read_post_ship("x.csv", b"Order,Other\r\nA-1,B\r\n", column_map)
    with pytest.raises(InputError, match=r"x\.csv: cannot be read"):
        read_post_ship("x.csv", b"N,A-1,1Z999AA10123456784\r\n", UPS_DEFAULT)


def test_an_empty_file_has_no_packages():
    result = read_post_ship("empty.csv", b"", UPS_DEFAULT)
    assert result.table.num_rows == 0 and not result.rejections


def _one_row(charge: str, weight: str = "1", day: str = "20240701") -> bytes:
    return f'N,A-1,1Z999AA10123456784,"{charge}",,GND,{day},"{weight}"\r\n'.encode()


@pytest.mark.parametrize(("text", "amount"), [
    ("12.30", Decimal("12.30")), ("0012.30", Decimal("12.30")), (" 12.30 ", Decimal("12.30")),
    ("$1,234.50", Decimal("1234.50")), ("(3.00)", Decimal("-3.00")), ("EUR 9,50", Decimal("9.50")),
    ("7", Decimal("7.00")), ("", None), ("   ", None)])
def test_plain_and_other_amounts_read_as_the_money_rule_reads_them(text, amount):
    result = read_post_ship("x.csv", _one_row(text), UPS_DEFAULT)
    assert not result.rejections and result.packages[0].published_charge == amount


@settings(max_examples=150, deadline=None)
@given(st.one_of(
    st.from_regex(r"\A[0-9]{1,12}\.[0-9]{1,3}\Z"),  # around the bulk path's edges
    st.from_regex(r"\A[ ($-]{0,2}[A-Z]{0,3} ?[$]?[0-9,.]{1,14}\)?\Z"),
    st.text(alphabet="0123456789.,-() $€", max_size=12)).filter(lambda t: '"' not in t))
def test_any_charge_text_is_read_exactly_as_to_money_reads_it(text):
    result = read_post_ship("x.csv", _one_row(text), UPS_DEFAULT)
    if not text.strip():
        assert result.packages[0].published_charge is None
        return
    try:
        expected = to_money(text)
    except InputError as error:
        assert result.table.num_rows == 0
        assert [(r.field, r.reason) for r in result.rejections] == [
            ("published_charge (column 4)", error.reason)]
    else:
        assert not result.rejections and result.packages[0].published_charge == expected


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.from_regex(r"\A[0-9]{1,10}([.,][0-9]{0,4})?\Z"),
                 st.text(alphabet="0123456789.,- x", max_size=10)))
def test_any_weight_text_is_read_as_parse_quantity_reads_it(text):
    result = read_post_ship("x.csv", _one_row("1.00", weight=text), UPS_DEFAULT)
    expected = parse_quantity(text)
    if not text.strip():
        assert result.packages[0].weight is None
    elif expected is None or expected >= 10 ** 9:
        assert [r.field for r in result.rejections] == ["weight (column 8)"]
    else:
        assert result.packages[0].weight == expected


def test_dates_in_any_of_the_maps_formats_and_a_bad_one_rejected():
    column_map = ColumnMap("d", "ups", False, dict(UPS_DEFAULT.columns),
                           date_formats=("%Y%m%d", "%m/%d/%Y"))
    data = _one_row("1.00", day="07/04/2024") + _one_row("1.00", day="20240230")
    result = read_post_ship("x.csv", data, column_map)
    assert [p.ship_date for p in result.packages] == [date(2024, 7, 4)]
    assert [(r.row, r.field) for r in result.rejections] == [(2, "ship_date (column 7)")]
