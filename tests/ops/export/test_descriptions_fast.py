"""The export's fast path (skeletons filled in SQL) gives byte for byte the slow path's HTML."""

from __future__ import annotations

import functools
import json

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.description_template import DescriptionTemplate
from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.export import batch, descriptions, descriptions_fast
from aimsi_ebay.ops.export.batch import export_records
from aimsi_ebay.ops.listings import templates
from aimsi_ebay.ops.listings.templates import VALUE_COLUMNS, template_values
from tests.conftest import ROOT
from tests.formats.test_description_skeleton import HTML, LINEAR, NESTED, TEXT, URL
from tests.ops.export.helpers import load_case

# The condition (a name of ours, escaped once per export) at the start, as text, in an attribute.
CONDITION = '{{ condition }}<p title="{{ condition }}">{{ condition }}</p>'
TEMPLATES = {number: DescriptionTemplate(source, name) for number, (name, source) in
             enumerate(sorted({**LINEAR, "conditions": CONDITION}.items()), start=1)}
TEMPLATES[len(TEMPLATES) + 1] = DescriptionTemplate("<p>{{ title|upper }}</p>", "not linear")
SHIPPING = "<p>Ships <b>fast</b></p>"
MAYBE = st.one_of(st.none(), TEXT)

ROW = st.fixed_dictionaries({
    # None: the account's default; 0 (NO_TEMPLATE_ID): no template, whatever the default
    "template_id": st.one_of(st.none(), st.just(0), st.sampled_from(sorted(TEMPLATES))),
    "title": TEXT, "subtitle": MAYBE, "specific_brand": MAYBE, "specific_model": MAYBE,
    "specific_colour": MAYBE, "specific_upc": MAYBE, "specific_mpn": MAYBE,
    "condition_id": st.sampled_from([None, 1000, 3000, 1234]),
    "description": st.one_of(st.none(), HTML, NESTED, TEXT),
    "description_is_html": st.booleans(),
    "image_urls": st.one_of(st.none(), st.lists(st.one_of(st.none(), st.just(""), URL), max_size=3)),
    "colour": MAYBE, "size": MAYBE, "upc": MAYBE,
})
SENT = ("sku", "template_id", "title", "subtitle", "specific_brand", "specific_model",
        "specific_colour", "specific_upc", "specific_mpn", "condition_id", "description",
        "description_is_html", "image_urls")


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    connection.execute("CREATE TABLE seller_accounts (account_id INT, shipping_text VARCHAR,"
                       " returns_text VARCHAR, payment_text VARCHAR)")
    connection.execute("INSERT INTO seller_accounts VALUES (1, ?, NULL, '')", [SHIPPING])
    yield connection
    connection.close()


def _load(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    con.execute("CREATE OR REPLACE TABLE export_sent (sku VARCHAR, template_id BIGINT,"
                " title VARCHAR, subtitle VARCHAR, specific_brand VARCHAR, specific_model VARCHAR,"
                " specific_colour VARCHAR, specific_upc VARCHAR, specific_mpn VARCHAR,"
                " condition_id INTEGER, description VARCHAR, description_is_html BOOLEAN,"
                " image_urls VARCHAR[])")
    con.execute("CREATE OR REPLACE TABLE skus (sku VARCHAR, colour VARCHAR, size VARCHAR,"
                " upc VARCHAR)")
    for number, row in enumerate(rows):
        sku = f"S{number}"
        con.execute(f"INSERT INTO export_sent VALUES ({', '.join('?' * len(SENT))})",
                    [sku, *(row[name] for name in SENT[1:])])
        con.execute("INSERT INTO skus VALUES (?, ?, ?, ?)", [sku, row["colour"], row["size"],
                                                           row["upc"]])


USES = frozenset().union(*(template.uses for template in TEMPLATES.values()))
CONSTANTS = {"shipping": SHIPPING, "returns": None, "payment": ""}


def _fast(con: duckdb.DuckDBPyConnection, default: int) -> dict[str, str]:
    """The fast path's descriptions: planned, then filled as the upload file's COPY fills them."""
    descriptions_fast.plan_rows(con, {"account": 1, "default": default}, USES)
    plan = descriptions_fast.plan_skeletons(con, TEMPLATES, CONSTANTS)
    fast_sql, params = plan.description_sql()
    return dict(con.execute(f"SELECT s.sku, {fast_sql} FROM export_sent s"
                            f" JOIN {descriptions_fast.FAST} f USING (sku)", params).fetchall())


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(ROW, min_size=1, max_size=8), default=st.sampled_from(sorted(TEMPLATES)))
def test_filled_rows_are_the_rendered_descriptions(con, rows, default):
    _load(con, rows)
    fast = _fast(con, default)
    slow = {}
    for sku, template_id, *values in con.execute(
            f"SELECT r.sku, t.template_id, {', '.join(f'r.{name}' for name in VALUE_COLUMNS)}"
            f" FROM ({templates.values_sql('export_sent')}) r"
            f" JOIN {descriptions_fast.ROWS} t USING (sku)", {"account": 1}).fetchall():
        slow[sku] = (template_id, TEMPLATES[template_id].render(template_values(values)))
    for sku, html in fast.items():
        assert slow[sku][1].error is None
        assert html == slow[sku][1].html, sku
    # the template that reads its values is always rendered
    assert not any(slow[sku][0] == len(TEMPLATES) for sku in fast)
    # a record that chose no template is not templated at all
    assert set(slow) == {f"S{n}" for n, row in enumerate(rows) if row["template_id"] != 0}


def test_every_plain_row_takes_the_fast_path(con):
    rows = [{"template_id": None, "title": f'Guitar {n} "SB" <&>', "subtitle": None,
             "specific_brand": "Fender", "specific_model": None, "specific_colour": "Red",
             "specific_upc": None, "specific_mpn": None, "condition_id": 1000,
             "description": f"<h2>Model {n}</h2><p>New &amp; shiny</p>\n<ul><li>a</li></ul>",
             "description_is_html": n % 2 == 0, "image_urls": [], "colour": None, "size": None,
             "upc": None} for n in range(50)]
    _load(con, rows)
    fast = _fast(con, 1)  # "bench"
    assert len(fast) == 50
    assert fast["S8"].startswith('<h2>Guitar 8 "SB" &lt;&amp;&gt;</h2>\n<h2>Model 8</h2>')
    assert fast["S7"].startswith('<h2>Guitar 7 "SB" &lt;&amp;&gt;</h2>\n<p>&lt;h2&gt;Model 7')


def _export(db, account, out, monkeypatch, *, fast: bool) -> dict[str, str]:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(batch, "render_descriptions",
                          functools.partial(descriptions.render_descriptions, fast=False))
        export_records(db, account, out=out, dry_run=True)
    return {row["CustomLabel"]: row["*Description"]
            for row in upload.read_upload(out.read_text(encoding="utf-8")).rows}


def test_an_export_is_the_same_either_way(fresh_db, tmp_path, monkeypatch):
    spec = json.loads((ROOT / "tests/ops/export/golden/templated.json").read_text("utf-8"))
    account = load_case(fresh_db, ROOT / spec["records"])["account"]["name"]
    templates.set_account_texts(fresh_db, account, **spec["texts"])
    for template in spec["templates"][:2]:
        templates.save_template(fresh_db, account, template["name"], template["source"])
    with fresh_db.write() as con:  # descriptions the sanitiser leaves as they are
        con.execute("UPDATE ebay_records SET description_is_html = TRUE,"
                    " description = '<p>' || sku || ' &amp; more</p>'")
    renders: list[str] = []
    original = DescriptionTemplate.render
    monkeypatch.setattr(DescriptionTemplate, "render",
                        lambda self, values: renders.append(self.name) or original(self, values))
    fast = _export(fresh_db, account, tmp_path / "fast.csv", monkeypatch, fast=True)
    assert renders == []  # every row was filled in SQL
    slow = _export(fresh_db, account, tmp_path / "slow.csv", monkeypatch, fast=False)
    assert fast == slow and len(fast) >= 2
