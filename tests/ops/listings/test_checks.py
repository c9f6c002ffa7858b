"""The listing rules, through the same SQL the export and bulk edits use."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.ops.listings import checks
from aimsi_ebay.rules import listing_policy as rules

GOOD = {
    "sku": "GTR-STRAT-SB", "listing_format": "FixedPrice", "duration": "GTC",
    "title": "Fender Player Stratocaster, 3-Color Sunburst", "subtitle": None,
    "category1_id": "33034", "category2_id": None, "condition_id": 1000,
    "start_price": Decimal("749.99"), "buy_it_now_price": None, "reserve_price": None,
    "quantity": 1, "description": "<p>New</p>", "description_is_html": True,
}
IMAGES = ["https://i.ebayimg.com/images/g/demo/gtr-strat-sb-1.jpg"]


@pytest.fixture
def con(demo_db):
    with demo_db.read() as connection:
        yield connection


def problems(con, images=IMAGES, **changes):
    return checks.check_record(con, {**GOOD, **changes}, images)


def fields(found, severity="error"):
    return {p.field for p in found if p.severity == severity}


def test_a_good_record_has_no_errors(con):
    assert fields(problems(con)) == set()


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"listing_format": "Auction", "duration": "GTC"}, "duration", "1, 3, 5, 7, 10"),
        ({"duration": "7"}, "duration", "allowed: GTC"),
        ({"listing_format": "Chinese"}, "listing_format", "Auction, FixedPrice"),
        ({"title": "x" * 81}, "title", "at most 80"),
        ({"title": "  "}, "title", "required"),
        ({"subtitle": "y" * 56}, "subtitle", "at most 55"),
        ({"category1_id": None}, "category1_id", "required"),
        ({"category1_id": "3858"}, "category1_id", "not a leaf"),
        ({"category1_id": "424242"}, "category1_id", "not in the eBay category tree"),
        ({"category2_id": "33034"}, "category2_id", "differ from category 1"),
        ({"category2_id": "619"}, "category2_id", "not a leaf"),
        ({"condition_id": 1234}, "condition_id", "1000 New"),
        ({"start_price": Decimal("0.00")}, "start_price", "greater than 0"),
        ({"buy_it_now_price": Decimal("900.00")}, "buy_it_now_price", "only for auctions"),
        ({"reserve_price": Decimal("700.00")}, "reserve_price", "only for auctions"),
        ({"listing_format": "Auction", "duration": "7", "start_price": Decimal("100.00"),
          "buy_it_now_price": Decimal("120.00")}, "buy_it_now_price", "30%"),
        ({"listing_format": "Auction", "duration": "7", "start_price": Decimal("100.00"),
          "reserve_price": Decimal("90.00")}, "reserve_price", "at least the start price"),
        ({"quantity": 0}, "quantity", "at least 1"),
        ({"listing_format": "Auction", "duration": "5", "quantity": 2}, "quantity", "exactly 1"),
        ({"description": ""}, "description", "required"),
        ({"description": "x" * 500_001, "description_is_html": False}, "description", "at most 500,000"),
        ({"description": "<p onclick='steal()'>x</p>"}, "description", "active content"),
        ({"sku": "S" * 51}, "sku", "at most 50"),
    ],
)
def test_each_rule_names_its_field_and_the_allowed_values(con, changes, field, fragment):
    found = [p for p in problems(con, **changes) if p.severity == "error" and p.field == field]
    assert found, f"no {field} error for {changes}"
    assert any(fragment in p.message for p in found), [p.message for p in found]


def test_images_must_be_https_short_and_at_most_twelve(con):
    found = problems(con, images=["http://x.example/a.jpg", "https://x.example/" + "b" * 150])
    messages = [p.message for p in found if p.field == "images"]
    assert any("image 1 must be an https" in m for m in messages)
    assert any("image 2 URL is" in m and "at most 150" in m for m in messages)
    many = problems(con, images=[f"https://x.example/{n}.jpg" for n in range(13)])
    assert any("at most 12 images" in p.message for p in many)


def test_quantity_above_stock_is_a_warning_not_an_error(con):
    found = problems(con, quantity=100_000)
    assert "quantity" in fields(found, "warning")
    assert "quantity" not in fields(found, "error")


def test_the_demo_store_has_its_deliberately_invalid_records(con):
    found = checks.errors_of(checks.check_records(con))
    assert {p.field for p in found} >= {"title", "duration", "category1_id", "start_price", "reserve_price"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fmt=st.sampled_from(["Auction", "FixedPrice"]),
    duration=st.sampled_from(["1", "3", "5", "7", "10", "GTC", "30", ""]),
    title=st.text(min_size=1, max_size=120).filter(lambda t: t.strip()),
)
def test_format_duration_and_title_rules_agree_with_the_constants(con, fmt, duration, title):
    changes = {"listing_format": fmt, "duration": duration, "title": title}
    if fmt == "Auction":
        changes["quantity"] = 1
    found = fields(problems(con, **changes))
    assert ("duration" in found) == (duration not in rules.FORMAT_DURATIONS[fmt])
    assert ("title" in found) == (len(title) > rules.MAX_TITLE)


def test_sanitising_removes_active_content_and_says_what():
    result = rules.sanitise_description(
        "<p onclick='x()'>Hi <a href='javascript:evil()'>x</a></p><script>alert(1)</script>"
        "<iframe src='https://e.example'></iframe><form><input name=a></form><b style='color:red'>B</b>",
        is_html=True,
    )
    for gone in ("<script", "onclick", "javascript:", "<iframe", "<form", "<input", "alert(1)"):
        assert gone not in result.text
    assert '<b style="color:red">B</b>' in result.text
    assert {"<script> element", "<iframe> element", "<form> element", "onclick attribute",
            "javascript: link"} <= set(result.removed)


def test_plain_text_descriptions_are_kept_as_typed():
    assert rules.sanitise_description("Strings <3 & more", is_html=False).text == "Strings <3 & more"


@given(st.text(max_size=300))
def test_sanitised_html_never_keeps_script_or_handlers(text):
    clean = rules.sanitise_description(text + "<script>x</script><img src=x onerror=y>", True).text
    assert "<script" not in clean.lower() and "onerror" not in clean.lower()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=" \t\n\f\r\v\xa0a<", max_size=6),
       padding=st.integers(min_value=0, max_value=600_001))
def test_blank_and_too_long_agree_with_their_definitions(con, text, padding):
    # The cheap first-character and byte-count checks must not change what the rules decide.
    blank = all(char in " \t\n\f\r" for char in text)
    assert ("description" in fields(problems(con, description=text))) == blank
    long_text = "é" * padding if text else "a" * padding
    too_long = "description" in fields(problems(con, description=long_text, description_is_html=False))
    assert too_long == (padding > rules.MAX_DESCRIPTION or padding == 0)
