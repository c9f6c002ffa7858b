"""One reader for any carrier file, recognised from its content."""

from __future__ import annotations

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.carriers.detect import read_carrier_file
from aimsi_ebay.formats.carriers.post_ship_csv import FEDEX_DEFAULT, UPS_DEFAULT

from .golden_helpers import GOLDEN


@pytest.mark.parametrize(("case", "kind"), [
    ("read_autoimport_failed.Out", "worldship_out"),
    ("read_shipment_export.xml", "worldship_export"),
    ("read_ups_void_reexport.csv", "post_ship_csv"),
])
def test_kind_comes_from_the_content_not_the_name(case, kind):
    assert read_carrier_file("renamed.txt", (GOLDEN / case).read_bytes()).kind == kind


def test_csv_goes_through_the_map_that_identifies_it():
    data = b"B-1,794612345678,7.50,12.10,FEDEX_GROUND,07/05/2024,N\r\n"
    result = read_carrier_file("f.csv", data, {"u": UPS_DEFAULT, "f": FEDEX_DEFAULT})
    assert result.packages[0].carrier == "fedex"


def test_a_single_map_is_used_as_told():
    data = (GOLDEN / "read_ups_void_reexport.csv").read_bytes()
    result = read_carrier_file("f.csv", data, {"f": FEDEX_DEFAULT})
    assert result.rejections and all(p.carrier == "fedex" for p in result.packages)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"<?xml version='1.0'?><Invoice/>", "neither"),
    (b"hello,world\r\n", "no column map fits"),
])
def test_unknown_files_are_one_clear_error(data, message):
    with pytest.raises(InputError, match=message):
        read_carrier_file("x", data)


@pytest.mark.parametrize("data", [b"", b"\r\n" * 3000, b"\xef\xbb\xbf" + b" \t\x00" * 2000])
def test_a_file_of_nothing_but_blank_filler_is_empty(data):
    with pytest.raises(InputError, match="the file is empty"):
        read_carrier_file("EMPTY.CSV", data)


def test_a_file_read_past_a_long_blank_start():
    """The first 4 KiB blank do not make the file empty: the rest is looked at."""
    row = b"N,1001,1Z999AA10123456784,12.30,9.80,GND,20261120,2.5\r\n"
    result = read_carrier_file("LATE.CSV", b"\r\n" * 3000 + row, {"u": UPS_DEFAULT})
    assert [p.tracking_number for p in result.packages] == ["1Z999AA10123456784"]
