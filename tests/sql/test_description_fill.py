"""The SQL that places values into a description skeleton equals its Python twin."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.description_skeleton import (
    escape_attribute,
    escape_text,
    stable_html,
    url_ok,
)
from aimsi_ebay.formats.description_template import text_to_html
from aimsi_ebay.rules.listing_policy import sanitise_description
from aimsi_ebay.sql.description_fill import (
    attribute_sql,
    has_paragraphs_sql,
    paragraphs_sql,
    stable_html_sql,
    text_sql,
    url_ok_sql,
)
from tests.formats.test_description_skeleton import HTML, NESTED, TEXT

ANCESTORS = [(), ("p",), ("li",), ("ul",), ("b", "div"), ("h2",)]
URLS = st.one_of(st.text(st.sampled_from(list("https:/.ab-?#=&%()é \"<")), max_size=30),
                 st.builds(lambda tail: "https://i.example/" + tail,
                           st.text(st.sampled_from(list("ab/?#=&%()_~!$*+,;:@é \"<'")),
                                   max_size=12)))


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


@settings(max_examples=300, deadline=None)
@given(value=TEXT)
def test_text_and_attribute_escaping(con, value):
    found = con.execute(f"SELECT {text_sql('$v')}, {text_sql('$v', at_start=True)},"
                        f" {attribute_sql('$v')}", {"v": value}).fetchone()
    assert found == (escape_text(value), escape_text(value, at_start=True),
                     escape_attribute(value))


@settings(max_examples=300, deadline=None)
@given(value=URLS)
def test_plain_urls(con, value):
    assert con.execute(f"SELECT {url_ok_sql('$v')}", {"v": value}).fetchone()[0] == url_ok(value)


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(HTML, NESTED), ancestors=st.sampled_from(ANCESTORS))
def test_stable_html(con, value, ancestors):
    found = con.execute(f"SELECT {stable_html_sql('$v', ancestors)}", {"v": value}).fetchone()[0]
    assert found == stable_html(value, ancestors)


def test_stable_html_examples(con):
    cases = {
        ("<p>a &amp; b</p><ul><li>x</li></ul>", ()): True,
        ("<p>a</p>", ("p",)): False,  # a paragraph closes the one around it
        ("<b>a</b> c<br>", ("p",)): True,
        ("<li>x</li>", ()): False,  # a list item outside a list
        ("<h3>x</h3>", ("h2",)): False,
        ("<p>x", ()): False,  # unbalanced
        ("</p>", ("p",)): False,  # closes an element it does not own
        ("<p class=\"x\">a</p>", ()): False,  # attributes: the slow way
        ("a\xa0b", ()): False,  # the sanitiser writes &nbsp;
    }
    for (value, ancestors), expected in cases.items():
        assert con.execute(f"SELECT {stable_html_sql('$v', ancestors)}",
                           {"v": value}).fetchone()[0] is expected, value
        assert stable_html(value, ancestors) is expected, value


def test_ancestors_are_ours():
    with pytest.raises(ValueError):
        stable_html_sql("$v", ("table",))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(TEXT, st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "\r", " ", "\u3000",
                                                      "\x1c", "a", "<", "&", "\0"]),
                                     max_size=12).map("".join)))
def test_plain_text_as_paragraphs(con, text):
    """What ``text_to_html`` makes and the sanitiser then writes, in SQL."""
    found, has = con.execute(f"SELECT {paragraphs_sql('$t')}, {has_paragraphs_sql('$t')}",
                             {"t": text}).fetchone()
    expected = sanitise_description(text_to_html(text), True).text
    assert found == expected
    assert has == bool(text_to_html(text))
