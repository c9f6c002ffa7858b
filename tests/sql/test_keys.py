"""The SQL fast paths of the matching keys agree with the Python rules wherever they apply."""

from __future__ import annotations

import duckdb
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.rules.normalise import (
    address_key,
    email_key,
    phone_key,
    place_key,
    street_key,
    user_id_key,
)
from aimsi_ebay.sql.keys import (
    address_key_sql,
    email_key_sql,
    phone_key_sql,
    place_key_sql,
    street_key_sql,
    user_id_key_sql,
)


def run(sql_pair, frame: pd.DataFrame) -> list:
    fast, value = sql_pair
    con = duckdb.connect()
    con.register("f", frame)
    rows = con.execute(f"SELECT {fast}, {value} FROM f ORDER BY n").fetchall()
    con.close()
    return rows


TEXT = st.lists(
    st.sampled_from([*list("aAzZ09 .,-#()+@_'\t"), "é", "\xa0", "ß", "Street", "North", "ST"]),
    max_size=12,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=30))
def test_email_and_user_id(texts):
    frame = pd.DataFrame({"n": range(len(texts)), "x": pd.Series(texts, dtype=object)})
    for pair, rule in ((email_key_sql("x"), email_key), (user_id_key_sql("x"), user_id_key)):
        for (fast, value), text in zip(run(pair, frame), texts, strict=True):
            if fast:
                assert value == rule(text), text


PHONES = st.builds(
    lambda prefix, area, sep1, exchange, sep2, line, paren: (
        prefix + ("(" + area + ")" if paren else area) + sep1 + exchange + sep2 + line
    ),
    st.sampled_from(["", "1", "+1", "1-", "+1 ", "1.", " "]),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.sampled_from(["", " ", "-", ".", "  "]),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.sampled_from(["", " ", "-", "."]),
    st.from_regex(r"[0-9]{4,5}", fullmatch=True),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PHONES, TEXT), min_size=1, max_size=30))
def test_phone(texts):
    frame = pd.DataFrame({"n": range(len(texts)), "x": pd.Series(texts, dtype=object)})
    rows = run(phone_key_sql("x"), frame)
    for (fast, value), text in zip(rows, texts, strict=True):
        if fast:
            assert value == phone_key(text), text


def test_phone_fast_path_covers_the_usual_layouts():
    texts = ["(512) 555-0101", "512.555.0101", "+1 512-555-0101", "5125550101", ""]
    frame = pd.DataFrame({"n": range(len(texts)), "x": pd.Series(texts, dtype=object)})
    assert run(phone_key_sql("x"), frame) == [(True, phone_key(t)) for t in texts]


ADDRESS = st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT, st.one_of(TEXT, st.sampled_from(
    ["United States", "usa", "US", "Canada", "UK", "uk ", "Australia", "Netherlands", ""])))


@settings(max_examples=200, deadline=None)
@given(st.lists(ADDRESS, min_size=1, max_size=20))
def test_address_key(addresses):
    names = ["a1", "a2", "city", "state", "zip", "country"]
    frame = pd.DataFrame({"n": range(len(addresses))} | {
        name: pd.Series([a[i] for a in addresses], dtype=object) for i, name in enumerate(names)
    })
    for (fast, value), address in zip(run(address_key_sql(*names), frame), addresses,
                                      strict=True):
        if fast:
            assert value == address_key(*address), address


@settings(max_examples=200, deadline=None)
@given(st.lists(ADDRESS, min_size=1, max_size=20))
def test_street_and_place_keys(addresses):
    """Staging computes the two parts of an address key apart, each on its own fast path."""
    names = ["a1", "a2", "city", "state", "zip", "country"]
    frame = pd.DataFrame({"n": range(len(addresses))} | {
        name: pd.Series([a[i] for a in addresses], dtype=object) for i, name in enumerate(names)
    })
    streets = run(street_key_sql("a1", "a2"), frame)
    places = run(place_key_sql("city", "state", "zip", "country"), frame)
    for (s_fast, street), (p_fast, place), address in zip(streets, places, addresses,
                                                          strict=True):
        if s_fast:
            assert street == street_key(*address[:2]), address
        if p_fast:
            assert place == place_key(*address[2:]), address
        assert address_key(*address) == street_key(*address[:2]) + "|" + place_key(*address[2:])
