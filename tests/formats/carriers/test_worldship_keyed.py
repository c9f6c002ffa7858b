"""The keyed-import lookup file: names, encoding, limits, the column path, the atomic write."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.carriers.orders import CarrierOrder
from aimsi_ebay.formats.carriers.worldship_keyed import (
    FEDEX_KEYED,
    KeyedColumn,
    KeyedLayout,
    lookup_file,
    lookup_table_file,
    orders_table,
    write_lookup_file,
)

from .golden_helpers import GOLDEN, load_orders

LIMITED = {"SHIPCOMPANY": 35, "SHIPATTN": 35, "SHIPADDR1": 35, "SHIPADDR2": 35,
           "SHIPADDR3": 35, "SHIPCITY": 30, "SHIPZIP": 10, "SHIPPHONE": 15, "SHIPEMAIL": 50,
           "REF1": 35, "REF2": 35}


def golden_orders() -> list[CarrierOrder]:
    spec = json.loads((GOLDEN / "write_lookup_cp1252.json").read_text(encoding="utf-8"))
    return load_orders(spec["orders"])


def read_back(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("cp1252"), newline="")))


def test_crlf_header_unquoted_and_postal_codes_keep_leading_zeros():
    data, _ = lookup_file(golden_orders())
    assert data.startswith(b"ORDERNO,SHIPCOMPANY,SHIPATTN,") and data.count(b"\r\n") == 5
    assert b"\n" not in data.replace(b"\r\n", b"")
    rows = read_back(data)
    assert rows[1]["SHIPZIP"] == "01101" and rows[1]["RESIDENTIAL"] == "N"
    assert rows[0]["REF1"] == "A-1001" and rows[0]["REF2"] == "12-34567-89012"


def test_fedex_layout_has_its_own_columns():
    data, _ = lookup_file(golden_orders(), FEDEX_KEYED)
    rows = read_back(data)
    assert list(rows[0])[:3] == ["ORDERNO", "RECIPCONTACT", "RECIPCOMPANY"]
    assert rows[1]["RECIPCONTACT"] == "????" and rows[1]["RECIPCOMPANY"].startswith("Springfield")


def test_a_table_or_dict_of_lists_gives_the_same_bytes_as_records():
    orders = golden_orders()
    table = orders_table(orders)
    assert lookup_table_file(table)[0] == lookup_file(orders)[0]
    assert lookup_table_file(table.to_pydict())[0] == lookup_file(orders)[0]


def test_a_table_without_an_order_column_is_refused():
    with pytest.raises(InputError, match="lacks columns"):
        lookup_table_file(pa.table({"order_number": ["1"]}))


def test_layout_names_are_checked_when_declared():
    with pytest.raises(ValueError, match=r"\.\$_0-9A-Z"):
        KeyedLayout("x", "ups", "UPS ORDERS.CSV", (KeyedColumn("ORDERNO", "order_number"),))
    with pytest.raises(ValueError, match=r"\.\$_0-9A-Z"):
        KeyedLayout("x", "ups", "X.CSV", (KeyedColumn("ORDER NO", "order_number"),))
    with pytest.raises(ValueError, match="unknown"):
        KeyedLayout("x", "ups", "X.CSV", (KeyedColumn("ORDERNO", "nonsense"),))


def test_write_is_atomic_and_checks_the_file_name(tmp_path):
    with pytest.raises(InputError, match="file names"):
        write_lookup_file(tmp_path / "ups orders.csv", golden_orders())
    target = tmp_path / "UPSORDERS.CSV"
    report = write_lookup_file(target, golden_orders())
    assert report.rows == 4 and target.read_bytes() == lookup_file(golden_orders())[0]
    assert [p.name for p in tmp_path.iterdir()] == ["UPSORDERS.CSV"]
    assert {n.field for n in report.truncations} == {"company", "phone", "email", "city",
                                                     "address1"}


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.builds(
    CarrierOrder, order_number=st.text("ABC-0123456789", min_size=1, max_size=12),
    ebay_order_number=texts, name=texts, attention=texts, company=texts, address1=texts,
    address2=texts, address3=texts, city=texts, state=texts, postal_code=texts,
    country=st.sampled_from(["US", "PL", "JP"]), phone=texts, email=texts,
    residential=st.booleans(), service_code=st.sampled_from(["GND", "1DA"]),
    weight_lbs=st.none() | st.decimals(0, 150, places=2)), min_size=1, max_size=5))
def test_every_order_is_written_in_cp1252_within_the_limits(orders):
    data, report = lookup_file(orders)
    rows = read_back(data)
    assert len(rows) == len(orders) == report.rows
    for row in rows:
        for header, limit in LIMITED.items():
            assert len(row[header]) <= limit, (header, row[header])
    for original, row in zip(orders, rows, strict=True):
        if original.weight_lbs is not None:
            assert Decimal(row["WEIGHT"]) == original.weight_lbs
