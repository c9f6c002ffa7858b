"""The staging's key tables made by the shop reader beside its checks (``party_key_tables`` on
``sale_parties``) give every staged sale the keys staging computes itself from the sales — on the
golden files and generated ones — and are not handed over when Python read some of the sales."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.shop.maps import WOOCOMMERCE
from aimsi_ebay.formats.shop.shopify import SHOPIFY_MAP
from aimsi_ebay.formats.shop.sql_reader import read_shop_sales
from aimsi_ebay.ops.sales.sale_keys import party_key_tables, stage_keys
from tests.formats.shop.test_sql_reader import HEADER, SETTLED, shop_files

HERE = Path(__file__).resolve().parent
GOLDEN = [*sorted((HERE.parents[1] / "formats" / "shop" / "golden").glob("*.csv")),
          *sorted((HERE / "golden").glob("*.csv"))]  # fmt: skip


def staged_keys(sales_file, given) -> list[tuple]:
    """``staged_new`` (less its ids) of the file's sales, keyed by staging or from ``given``."""
    con = duckdb.connect()
    con.execute("CREATE SEQUENCE seq_staged_sale_id")
    con.execute("CREATE TEMP MACRO aimsi_next_id(s) AS nextval(s)")
    con.register("incoming_sales", sales_file.sales_table)
    stage_keys(con, given)
    rows = con.execute("SELECT * EXCLUDE (staged_sale_id) FROM staged_new ORDER BY gkey").fetchall()
    con.close()
    return rows


def assert_keys_cover(name: str, data: bytes, column_map) -> None:
    found = read_shop_sales(name, data, column_map, currency="USD", party_keys=party_key_tables)
    plain = read_shop_sales(name, data, column_map, currency="USD")
    assert plain.party_keys is None
    assert found.sales_table.to_pylist() == plain.sales_table.to_pylist()
    assert found.rejections == plain.rejections
    if found.party_keys is not None:
        assert staged_keys(found, found.party_keys) == staged_keys(found, None)


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_golden_files_get_the_keys_staging_computes(path):
    column_map = WOOCOMMERCE if path.name.startswith("woocommerce") else SHOPIFY_MAP
    assert_keys_cover(path.name, path.read_bytes(), column_map)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shop_files())
def test_generated_files_get_the_keys_staging_computes(data):
    assert_keys_cover("gen.csv", data, SHOPIFY_MAP)


def _csv(rows: list[list[str]]) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8")


def test_keys_are_handed_over_when_sql_read_every_sale():
    found = read_shop_sales("s.csv", _csv(SETTLED), SHOPIFY_MAP, party_keys=party_key_tables)
    assert found.party_keys is not None and found.sales_count
    emails = set(found.party_keys["email"]["a"].to_pylist())
    assert set(found.sales_table["buyer_email"].to_pylist()) <= emails
    assert staged_keys(found, found.party_keys) == staged_keys(found, None)


def test_no_keys_are_handed_over_when_python_read_a_sale():
    odd = [*SETTLED[:3], ["ß" if c == "Currency" else v for c, v in zip(HEADER, SETTLED[7],
                                                                      strict=True)]]  # fmt: skip
    # (a currency that is not ASCII: that order is read and staged by Python)
    found = read_shop_sales("s.csv", _csv(odd), SHOPIFY_MAP, party_keys=party_key_tables)
    assert found.party_keys is None and found.sales_count == 4
    assert len(staged_keys(found, None)) == 4  # staging keys them itself


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["Ünal@Example.COM", "  a@b.c ", "x", ""]))
def test_a_value_the_sql_rule_leaves_to_python_is_keyed_by_the_rule(email):
    rows = [[email if c == "Email" else v for c, v in zip(HEADER, SETTLED[7], strict=True)]]
    found = read_shop_sales("s.csv", _csv(rows), SHOPIFY_MAP, party_keys=party_key_tables)
    assert found.party_keys is not None
    assert staged_keys(found, found.party_keys) == staged_keys(found, None)
