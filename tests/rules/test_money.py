"""to_money: the one constructor for amounts."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aimsi_ebay.errors import InputError
from aimsi_ebay.rules.money import money_str, round_money, to_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,234.56", "1234.56"), ("1234.56", "1234.56"), ("(12.00)", "-12.00"), ("-3.5", "-3.50"),
        ("$0.00", "0.00"), ("AU $3,000.00", "3000.00"), ("EUR 90,00", "90.00"), ("USD 12.5", "12.50"),
        ("£7", "7.00"), (" $ 17.99 ", "17.99"), ("1.234,56", "1234.56"), (".5", "0.50"),
    ],
)
def test_amounts_as_stores_and_ebay_write_them(text, expected):
    assert to_money(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["12,3x", "abc", "$", "1.2.3", "12.345", "1,23,4.00", "--5"])
def test_anything_unclear_is_refused_with_the_field_named(text):
    with pytest.raises(InputError) as error:
        to_money(text, field="Total Price")
    assert '"Total Price"' in error.value.message
    assert repr(text) in error.value.message


def test_floats_are_never_money():
    with pytest.raises(TypeError):
        to_money(12.5)


def test_blank_is_refused_unless_allowed():
    with pytest.raises(InputError):
        to_money("")
    assert to_money(" ", allow_blank=True) == Decimal("0.00")


def test_a_third_decimal_is_refused_not_rounded():
    with pytest.raises(InputError, match="more than two decimal places"):
        to_money(Decimal("19.999"))
    assert round_money(Decimal("19.995")) == Decimal("20.00")


@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2))
def test_text_round_trip(amount):
    assert to_money(money_str(amount)) == amount
    assert to_money(f"${amount:,.2f}".replace("$-", "-$")) == amount
