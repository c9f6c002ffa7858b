"""money_sql (the SQL the sales reader parses amounts with) agrees with to_money."""

from __future__ import annotations

import sys
from decimal import Decimal, localcontext

import duckdb
import pandas as pd
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from aimsi_ebay.errors import InputError
from aimsi_ebay.rules.money import round_money, to_money
from aimsi_ebay.sql.money import WHITESPACE, money_sql, prorate_sql, strip_sql


def sql_amounts(texts: list[str]) -> list:
    con = duckdb.connect()
    con.register("texts", pd.DataFrame({"t": pd.Series(texts, dtype=object)}))
    found = dict(con.execute(money_sql("texts")).fetchall())
    con.close()
    return [found[t] for t in texts]


def python_amount(text: str):
    try:
        return to_money(text)
    except InputError:
        return None


PIECES = st.sampled_from(
    ["$", "£", "€", "¥", "AU ", "EUR ", "usd", "AU $", "(", ")", "-", ",", ".", " ", "\t",
     "\xa0", "\u2003", "0", "00", "1", "12", "123", "1,234", "1.234", ",5", ".5", "00.", "9" * 11,
     "X", "ABCD", "e5", "NaN", "+", "1_0"]
)
AMOUNTS = st.builds(
    lambda sign, cur, whole, frac, paren: (
        ("(" if paren else "") + sign + cur + whole + frac + (")" if paren else "")
    ),
    st.sampled_from(["", "-", "- "]),
    st.sampled_from(["", "$", "US $", "AU $", "EUR ", "£ ", "¥"]),
    st.integers(0, 10**12).map(lambda n: f"{n:,}" if n % 2 else str(n)),
    st.sampled_from(["", ".", ".5", ".50", ".05", ".500", ".505", ",00", ",5", ",123"]),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(AMOUNTS, st.lists(PIECES, max_size=8).map("".join)), min_size=1,
                max_size=40))
@example(["$1,234.56", "AU $3,000.00", "(12.00)", "EUR 90,00", "1.234,5", "12,3x", "-(1)",
          "( -$5.00 )", "- $ 5", "$-5", "--5", "9999999999.99", "10000000000", "1.230",
          "1.2301", ".5", "5.", "0012.5"])
def test_sql_money_agrees_with_to_money(texts):
    texts = [t for t in texts if t.strip()]
    if not texts:
        return
    assert sql_amounts(texts) == [python_amount(t) for t in texts]


def test_whitespace_list_is_what_python_strips():
    assert "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()) == WHITESPACE


def test_no_digits_of_other_scripts():
    assert python_amount("١٢") is None and sql_amounts(["١٢"]) == [None]


STRIP_PIECES = [*WHITESPACE, "a", "Z", "1", "$", "é", "e\u0301", "\u0301", "\u200b", "'", "🎸"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(STRIP_PIECES), max_size=6).map("".join), min_size=1,
                max_size=30))
@example([" \u0301", "\u0301 ", "e\u0301 ", " e\u0301", "", " ", "a\u3000", "\u200b "])
def test_strip_sql_is_str_strip(texts):
    con = duckdb.connect()
    con.register("texts", pd.DataFrame({"t": pd.Series(texts, dtype=object)}))
    found = [row[0] for row in con.execute(f"SELECT {strip_sql('t')} FROM texts").fetchall()]
    con.close()
    assert found == [text.strip() for text in texts]


_CENTS = st.integers(min_value=-10**9, max_value=10**9).map(lambda c: Decimal(c) / 100)
_POSITIVE = st.integers(min_value=1, max_value=10**9).map(lambda c: Decimal(c) / 100)


@given(amount=_CENTS, part=_CENTS, whole=_POSITIVE)
@settings(max_examples=300, deadline=None)
def test_prorate_sql_is_round_money_of_the_exact_share(amount, part, whole):
    """DuckDB divides DECIMALs in DOUBLE; the prorated tax and handling must not."""
    with localcontext() as exact:
        exact.prec = 60
        share = amount * part / whole
    assume(abs(share) < 10**9)  # a share larger than DECIMAL(12,2) is no share
    got = duckdb.execute(
        f"SELECT {prorate_sql('a', 'p', 'w')} FROM (SELECT ?::DECIMAL(12,2) AS a,"
        " ?::DECIMAL(12,2) AS p, ?::DECIMAL(12,2) AS w)", [amount, part, whole]).fetchone()[0]
    assert got == round_money(share)
