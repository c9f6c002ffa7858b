"""SQL literals read back as the values they were made from (``sql.literal``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aimsi_ebay.sql.literal import literal

CON = duckdb.connect()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_any_text_reads_back_as_itself(text):
    assert CON.execute(f"SELECT {literal(text)}").fetchone()[0] == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_text_cannot_escape_its_literal(text):
    """Whatever the text, the statement stays one value compared with one column."""
    assert CON.execute(f"SELECT count(*) FROM (SELECT 'x' AS v) WHERE v = {literal(text)}"
                       ).fetchone()[0] == (text == "x")


@given(st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1))
def test_integers(number):
    assert CON.execute(f"SELECT {literal(number, 'BIGINT')}").fetchone()[0] == number


@given(st.decimals(min_value=Decimal("-9999999999.99"), max_value=Decimal("9999999999.99"),
                   places=2))
def test_money(amount):
    assert CON.execute(f"SELECT {literal(amount, 'DECIMAL(12,2)')}").fetchone()[0] == amount


@pytest.mark.parametrize(("value", "sql_type"), [
    (None, "VARCHAR"), (True, None), (False, None), (dt.date(2026, 2, 28), "DATE"),
    (dt.datetime(2026, 2, 28, 13, 5, 9), "TIMESTAMP"), (Decimal("1E+2"), "DECIMAL(12,2)"),
])
def test_other_values(value, sql_type):
    assert CON.execute(f"SELECT {literal(value, sql_type)}").fetchone()[0] == value


def test_what_has_no_literal_is_refused():
    with pytest.raises(ValueError, match="NUL"):
        literal("a\x00b")
    with pytest.raises(ValueError):
        literal(Decimal("NaN"))
    with pytest.raises(TypeError):
        literal(1.5)
