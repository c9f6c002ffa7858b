"""Column maps: validated when built, JSON round-trip, and the same orders as Shopify's reader."""

from __future__ import annotations

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.shop.column_map import ColumnMap, read_mapped
from aimsi_ebay.formats.shop.maps import BUILT_IN_MAPS, WOOCOMMERCE
from aimsi_ebay.formats.shop.shopify import SHOPIFY_MAP, identify, read_shopify

MINIMAL = {
    "Order": "name",
    "Mail": "email",
    "Item": "line.title",
    "Qty": "line.quantity",
    "Price": "line.unit_price",
    "Grand Total": "total",
}


def test_a_map_missing_a_required_field_is_refused_naming_it():
    fields = {k: v for k, v in WOOCOMMERCE.fields.items() if v not in ("line.quantity", "total")}
    with pytest.raises(InputError) as caught:
        ColumnMap("woo-broken", fields)
    assert str(caught.value) == (
        "column map 'woo-broken' lacks required fields: line.quantity; total"
    )


def test_either_an_email_or_a_customer_name_will_do():
    without_mail = {k: v for k, v in MINIMAL.items() if v != "email"}
    with pytest.raises(InputError, match=r"email or billing\.name or shipping_address\.name"):
        ColumnMap("m", without_mail)
    assert ColumnMap("m", {**without_mail, "Customer": "billing.name"}).name == "m"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({**MINIMAL, "Colour": "colour"}, "unknown fields colour"),
        ({**MINIMAL, "Total 2": "total"}, "total takes one header"),
        ({**MINIMAL, "order": "name"}, "given twice"),
    ],
)
def test_bad_maps_are_refused(fields, message):
    with pytest.raises(InputError, match=message):
        ColumnMap("m", fields)


def test_bad_statuses_and_date_formats_are_refused():
    with pytest.raises(InputError, match="statuses"):
        ColumnMap("m", MINIMAL, statuses={"done": "finished"})
    with pytest.raises(InputError, match="date format"):
        ColumnMap("m", MINIMAL, date_format="YYYY-MM-DD")


def test_json_round_trip():
    for column_map in (WOOCOMMERCE, SHOPIFY_MAP, ColumnMap("eu", MINIMAL, decimal_comma=True)):
        assert ColumnMap.from_json(column_map.to_json()) == column_map


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"name": "x"}', "at least a name and fields"),
        ('{"name": "x", "fields": {}, "colour": 1}', "unknown keys"),
        ('{"name": "x", "fields": {"A": "name"}}', "lacks required fields"),
        ('{"name": "x", "fields": {}, "decimal_comma": "yes"}', "decimal_comma"),
    ],
)
def test_saved_maps_that_are_wrong_are_input_errors(text, message):
    with pytest.raises(InputError, match=message):
        ColumnMap.from_json(text)


def test_a_file_missing_a_required_column_of_its_map_is_refused_whole():
    with pytest.raises(InputError) as caught:
        read_mapped(
            "shop.csv", "Order,Mail,Item,Qty,Price\n1,a@b.c,X,1,2.00\n", ColumnMap("m", MINIMAL)
        )
    assert str(caught.value) == "shop.csv: the header lacks 'Grand Total' (column map 'm')"


def test_decimal_comma_files():
    column_map = ColumnMap("eu", MINIMAL, decimal_comma=True)
    csv_text = (
        "Order,Mail,Item,Qty,Price,Grand Total\n"
        '7,a@example.de,Gitarre,1,"1.234,50","1.234,50"\n'
        '8,b@example.de,Saiten,1,"12.50","12.50"\n'  # a dot alone is ambiguous: refused
    )
    shop_file = read_mapped("eu.csv", csv_text, column_map)
    (order,) = shop_file.orders
    assert str(order.total) == "1234.50"
    assert [(r.row, r.field) for r in shop_file.rejections] == [(3, "Grand Total")]


def test_a_mapped_shopify_file_gives_the_same_orders_as_the_shopify_reader():
    text = (
        "Name,Email,Financial Status,Subtotal,Shipping,Taxes,Total,"
        "Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku\n"
        "#5,a@example.com,paid,10.00,2.00,0.00,12.00,1,Strings,10.00,STR-1\n"
    )
    saved = ColumnMap.from_json(SHOPIFY_MAP.to_json())
    assert read_mapped("s.csv", text, saved).orders == read_shopify("s.csv", text).orders


def test_identify_and_map_matching():
    header = [
        "Name",
        "Email",
        "Financial Status",
        "Lineitem quantity",
        "Lineitem name",
        "Lineitem price",
    ]
    assert identify(header) == "shopify"
    assert identify([h.upper() for h in header]) == "shopify"
    assert identify(header[:-1]) is None
    assert ColumnMap("m", MINIMAL).matches(list(MINIMAL)[::-1])
    assert not ColumnMap("m", MINIMAL).matches(list(MINIMAL)[1:])


def test_built_in_maps_are_found_by_name():
    assert set(BUILT_IN_MAPS) == {"shopify", "woocommerce"}
    assert all(name == m.name for name, m in BUILT_IN_MAPS.items())
