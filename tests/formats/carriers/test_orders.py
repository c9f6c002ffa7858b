"""WorldShip's text rules: Windows-1252 by transliteration, limits with wrap or reported cut."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from aimsi_ebay.formats.carriers.orders import (
    LIMITS,
    FitNote,
    fit_address,
    fit_text,
    ship_to_names,
    to_cp1252,
    wrap_line,
)

from .golden_helpers import load_orders


def test_values_outside_cp1252_are_folded_whole_and_others_kept():
    assert to_cp1252("Łódź") == "Lodz"
    assert to_cp1252("Müller Straße") == "Müller Straße"  # all Windows-1252 already
    assert to_cp1252("Straße Łódź") == "Strasse Lodz"
    assert to_cp1252("山田太郎") == "????"
    assert to_cp1252("line\none\ttab") == "line one tab"


@given(st.text(max_size=80), st.sampled_from(sorted(LIMITS)))
def test_any_text_fits_and_every_change_is_noted(value, field):
    notes: list[FitNote] = []
    written = fit_text("A-1", field, value, notes)
    written.encode("cp1252")  # never fails
    assert len(written) <= LIMITS[field]
    assert not any(ord(char) < 32 for char in written)
    unchanged = value.strip()
    if field == "phone" and len(unchanged) > LIMITS["phone"]:  # separators go first, unnoted
        unchanged = re.sub(r"[\s().\-/]+", "", unchanged)
    if written != unchanged:
        assert notes and notes[-1].written == written


def test_truncation_is_reported_with_the_original():
    notes: list[FitNote] = []
    assert fit_text("A-1", "city", "X" * 40, notes) == "X" * 30
    assert notes == [FitNote("A-1", "city", "X" * 40, "X" * 30, "truncated")]


def test_a_phone_number_loses_its_separators_before_any_digit():
    notes: list[FitNote] = []
    assert fit_text("A-1", "phone", "+48 42 123 45 67", notes) == "+48421234567"
    assert notes == []


def test_wrap_breaks_at_spaces_or_hard_at_the_limit():
    assert wrap_line("aaa bbb ccc", 7) == ["aaa bbb", "ccc"]
    assert wrap_line("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_a_long_address_line_wraps_onto_a_free_line_without_a_report():
    notes: list[FitNote] = []
    lines = fit_address("A-1", ("900 Industrial Parkway West Building Seven", "Dock 4", ""), notes)
    assert lines == ("900 Industrial Parkway West", "Building Seven", "Dock 4")
    assert notes == []


def test_address_lines_with_no_room_are_cut_and_reported():
    notes: list[FitNote] = []
    lines = fit_address("A-1", ("a" * 40, "b" * 10, "c" * 10), notes)
    assert lines == ("a" * 35, "b" * 10, "c" * 10)
    assert [(n.field, n.reason) for n in notes] == [("address1", "truncated")]


def test_ship_to_names_company_with_person_as_attention():
    base = {"order_number": "1", "ebay_order_number": "", "attention": "", "address1": "",
            "address2": "", "address3": "", "city": "", "state": "", "postal_code": "",
            "country": "US", "phone": "", "email": "", "residential": True, "service_code": "",
            "weight_lbs": None}
    company, person, both = load_orders([
        {**base, "name": "Pat", "company": "Acme"}, {**base, "name": "Pat", "company": ""},
        {**base, "name": "Pat", "company": "Acme", "attention": "Receiving"}])
    assert ship_to_names(company) == ("Acme", "Pat")
    assert ship_to_names(person) == ("Pat", "")
    assert ship_to_names(both) == ("Acme", "Receiving")
