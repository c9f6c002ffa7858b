"""Post-ship CSV exports through column maps: validation, JSON, identification, reading."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.carriers.post_ship_csv import (
    DEFAULT_MAPS,
    FEDEX_DEFAULT,
    UPS_DEFAULT,
    ColumnMap,
    read_post_ship,
)

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
    assert rejection.message == "desk.csv row 2, \"Charge\": '12.3x' is not an amount like 12.30"


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
