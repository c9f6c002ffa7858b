"""The listing facts kept on a record (migration 026): an export decides the same with them fresh,
stale, missing or wrong; the rebuild and the writers leave them fresh."""

from __future__ import annotations

import json
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.ops.export.batch import export_records
from aimsi_ebay.ops.export.record_checks import refresh_record_checks
from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.ops.listings import templates
from aimsi_ebay.sql.description_fill import stable_html_sql
from aimsi_ebay.sql.listing_checks import RECORD_COLUMNS, problems_sql, record_key_sql
from tests.conftest import ROOT
from tests.ops.export.helpers import load_case

FACTS = {"checks_key": "BIGINT", "checks_clean": "BOOLEAN", "description_placeable": "BOOLEAN"}
TEXT = st.sampled_from(["", " ", "\t", "Guitar", "Gibson Les Paul, \"Sunburst\"", "x" * 81,
                        "é" * 70, None])
DESCRIPTION = st.sampled_from([
    "", "  ", "<p>ok</p>", "<p>a &amp; b</p><ul><li>one</li></ul>", "<p onclick=x>hi</p>",
    "<script>x()</script>", "<SCRIPT >x", "text with javascript: in it", "one = two", " onload = 1",
    "plain\n\ntext", "<div><p>a</p></div>", "a & b", "<p class=\"t\">x</p>", "<h2>x</h2>\n<p>y</p>",
    "position: fixed", "expression(1)", None])
URLS = st.one_of(st.none(), st.lists(st.sampled_from(
    ["https://i.example.com/a.jpg", "http://i.example.com/a.jpg", "HTTPS://X.COM/a.jpg",
     "https://a/" + "b" * 600, "", None]), max_size=13))
MONEY = st.one_of(st.none(), st.sampled_from([Decimal("0"), Decimal("-1"), Decimal("10.00"),
                                              Decimal("13.00"), Decimal("25.50")]))
RECORD = st.fixed_dictionaries({
    "listing_format": st.sampled_from(["FixedPrice", "Auction", "Chinese", None]),
    "duration": st.sampled_from(["GTC", "7", "30", "", None]),
    "title": TEXT, "subtitle": TEXT,
    "category1_id": st.sampled_from(["33034", "", " ", None]),
    "category2_id": st.sampled_from(["33034", "38072", None]),
    "condition_id": st.sampled_from([1000, 3000, 1, None]),
    "start_price": MONEY, "buy_it_now_price": MONEY, "reserve_price": MONEY,
    "quantity": st.sampled_from([-1, 0, 1, 2, None]),
    "description": DESCRIPTION, "description_is_html": st.sampled_from([True, False, None]),
    "invalid_reason": st.sampled_from([None, "category: gone", "a reason"]),
    "image_urls": URLS,
    "specific_brand": TEXT, "specific_model": TEXT, "specific_mpn": TEXT,
    "specific_colour": TEXT,
    "specific_upc": st.sampled_from(["012345678905", "12ab", "0123456789012", None]),
})
# What is done to a record's stored facts after the rebuild.
AFTER = st.sampled_from(["fresh", "edited", "missing", "wrong key", "lying key"])


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    columns = ", ".join(f"{name} {kind}" for name, kind in {**RECORD_COLUMNS, **FACTS}.items())
    connection.execute(f"CREATE TABLE ebay_records ({columns})")
    connection.execute("CREATE TABLE ebay_categories (category_id VARCHAR, name VARCHAR,"
                       " is_leaf BOOLEAN)")
    connection.execute("INSERT INTO ebay_categories VALUES ('33034', 'Guitars', TRUE)")
    connection.execute("CREATE TABLE skus (sku VARCHAR, qty_on_hand INTEGER,"
                       " qty_committed INTEGER)")
    connection.execute("CREATE TABLE store_settings (name VARCHAR, value VARCHAR)")
    yield connection
    connection.close()


def _problems(con: duckdb.DuckDBPyConnection, source: str, trusted: str | None = None) -> list:
    return con.execute(f"SELECT * FROM ({problems_sql(source, trusted=trusted)})"
                       " ORDER BY ALL").fetchall()


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(RECORD, AFTER, RECORD), min_size=1, max_size=6))
def test_trusted_facts_give_the_same_problems(con, rows):
    """However the stored facts were left (fresh, the record edited since, missing, a key of
    something else, or the right key over facts that lie), the problems an export reads with
    them are exactly the problems of checking every record again — except for facts that lie
    under the right key, which only a writer bypassing the rebuild could store."""
    con.execute("DELETE FROM ebay_records")
    con.execute("DELETE FROM skus")
    names = list(RECORD_COLUMNS)
    for number, (record, _, _) in enumerate(rows):
        values = {**record, "sku": f"SKU-{number}"}
        con.execute(f"INSERT INTO ebay_records ({', '.join(names)}) VALUES"
                    f" ({', '.join('?' for _ in names)})", [values[name] for name in names])
        con.execute("INSERT INTO skus VALUES (?, 5, 0)", [f"SKU-{number}"])
    refresh_record_checks(con)
    for number, (_, after, edit) in enumerate(rows):
        sku = f"SKU-{number}"
        if after == "edited":  # a writer that does not refresh changed the record
            sets = ", ".join(f"{name} = ?" for name in edit)
            con.execute(f"UPDATE ebay_records SET {sets} WHERE sku = ?", [*edit.values(), sku])
        elif after == "missing":
            con.execute("UPDATE ebay_records SET checks_key = NULL, checks_clean = NULL,"
                        " description_placeable = NULL WHERE sku = ?", [sku])
        elif after == "lying key":
            con.execute("UPDATE ebay_records SET checks_clean = TRUE WHERE sku = ?", [sku])
        elif after == "wrong key":
            con.execute("UPDATE ebay_records SET checks_key = checks_key + 1, checks_clean = TRUE,"
                        " description_placeable = TRUE WHERE sku = ?", [sku])
    lying = [f"SKU-{n}" for n, (_, after, _) in enumerate(rows) if after == "lying key"]
    checked = (f"(SELECT *, coalesce(checks_key = {record_key_sql('r')}, FALSE)"
               " AND coalesce(checks_clean, FALSE) AS checked FROM ebay_records r)")
    honest = [row for row in _problems(con, "ebay_records") if row[0] not in lying]
    assert [row for row in _problems(con, checked, "checked") if row[0] not in lying] == honest
    # Placeable, where the key holds: what the grammar decides for an HTML description.
    stored = con.execute(
        f"SELECT sku, description_placeable, CASE WHEN coalesce(description_is_html, FALSE)"
        f" THEN coalesce({stable_html_sql('description', ())}, FALSE) END"
        f" FROM ebay_records r WHERE checks_key = {record_key_sql('r')}").fetchall()
    assert all(kept is decided for _, kept, decided in stored)


def _templated_case(db) -> str:
    spec = json.loads((ROOT / "tests/ops/export/golden/templated.json").read_text("utf-8"))
    account = load_case(db, ROOT / spec["records"])["account"]["name"]
    templates.set_account_texts(db, account, **spec["texts"])
    for template in spec["templates"][:2]:
        templates.save_template(db, account, template["name"], template["source"])
    return account


def _export(db, account: str, out) -> tuple[bytes, dict]:
    report = export_records(db, account, out=out, dry_run=True)
    return out.read_bytes(), {row.sku: row.reasons for row in report.skipped}


def test_an_export_is_the_same_with_the_facts_fresh_stale_or_missing(fresh_db, tmp_path):
    account = _templated_case(fresh_db)
    with fresh_db.write() as con:  # four records; half the descriptions placeable as they are
        for copy in ("GTR-STRAT-SB2", "GTR-STRAT-SB3"):
            con.execute("INSERT INTO ebay_records SELECT * REPLACE (? AS sku) FROM ebay_records"
                        " WHERE sku = 'GTR-STRAT-SB'", [copy])
        con.execute("UPDATE ebay_records SET description_is_html = TRUE,"
                    " description = '<p>' || sku || ' &amp; more</p>' WHERE sku < 'GTR'")
    missing = _export(fresh_db, account, tmp_path / "missing.csv")
    with fresh_db.write() as con:
        refresh_record_checks(con)
        assert con.execute("SELECT bool_and(checks_key IS NOT NULL) FROM ebay_records").fetchone()[0]
    assert _export(fresh_db, account, tmp_path / "fresh.csv") == missing
    with fresh_db.write() as con:  # edited by SQL after the rebuild: a rule broken, HTML changed
        sku = con.execute("SELECT min(sku) FROM ebay_records").fetchone()[0]
        con.execute("UPDATE ebay_records SET description = '<p onclick=\"x()\">hi</p>'"
                    " WHERE sku = ?", [sku])
        others = [row[0] for row in con.execute(
            "SELECT sku FROM ebay_records WHERE sku > ? ORDER BY sku", [sku]).fetchall()]
        con.execute("UPDATE ebay_records SET description = description || '<p class=\"c\">x</p>'"
                    " WHERE sku = ?", [others[0]])
        con.execute("UPDATE ebay_records SET image_urls = ['http://example.com/a.jpg']"
                    " WHERE sku = ?", [others[-1]])
    stale = _export(fresh_db, account, tmp_path / "stale.csv")
    assert sku in stale[1] and any("active content" in reason for reason in stale[1][sku])
    assert others[-1] in stale[1] and others[0] not in stale[1]
    with fresh_db.write() as con:
        con.execute("UPDATE ebay_records SET checks_key = NULL")
    assert _export(fresh_db, account, tmp_path / "unknown.csv") == stale


def test_the_writers_leave_the_facts_fresh(demo_db):
    with demo_db.read() as con:
        sku, version = con.execute("SELECT sku, version FROM ebay_records ORDER BY sku LIMIT 1"
                                   ).fetchone()
    with demo_db.write() as con:  # stale, as a writer that does not refresh would leave them
        con.execute("UPDATE ebay_records SET checks_key = NULL WHERE sku = ?", [sku])
    listings.save_record(demo_db, sku, {"title": "A new title for the record"}, version=version)
    with demo_db.read() as con:
        assert con.execute(f"SELECT checks_key = {record_key_sql('r')} FROM ebay_records r"
                           " WHERE sku = ?", [sku]).fetchone()[0]
