"""Templated descriptions in the export: rendered, sanitised, once per distinct set of values."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aimsi_ebay.formats.description_template import DescriptionTemplate
from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.export.batch import export_records
from aimsi_ebay.ops.listings import templates
from tests.conftest import ROOT
from tests.ops.export.helpers import load_case

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("REGENERATE_GOLDEN") == "1"  # only on purpose


def _build(db, spec: dict) -> str:
    account = load_case(db, ROOT / spec["records"])["account"]["name"]
    with db.write() as con:
        for new, old in spec["copies"].items():
            con.execute("INSERT INTO ebay_records SELECT * REPLACE (? AS sku) FROM ebay_records"
                        " WHERE sku = ?", [new, old])
    templates.set_account_texts(db, account, **spec["texts"])
    for template in spec["templates"]:
        templates.save_template(db, account, template["name"], template["source"])
    for name, skus in spec["assign"].items():
        templates.assign_template(db, account, name, skus)
    return account


@pytest.fixture
def exported(fresh_db, tmp_path, monkeypatch):
    spec = json.loads((GOLDEN / "templated.json").read_text(encoding="utf-8"))
    renders: list[str] = []
    original = DescriptionTemplate.render
    monkeypatch.setattr(DescriptionTemplate, "render",
                        lambda self, values: renders.append(self.name) or original(self, values))
    account = _build(fresh_db, spec)
    out = tmp_path / "upload.csv"
    report = export_records(fresh_db, account, out=out)
    rows = upload.read_upload(out.read_text(encoding="utf-8")).rows
    return report, {row["CustomLabel"]: row["*Description"] for row in rows}, renders


def test_the_description_column_of_templated_records(exported):
    report, descriptions, _ = exported
    result = {"descriptions": descriptions,
              "skipped": {row.sku: row.reasons for row in report.skipped}}
    expected = GOLDEN / "templated.expected.json"
    if REGENERATE:
        expected.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                            encoding="utf-8")
    assert result == json.loads(expected.read_text(encoding="utf-8"))


def test_rendered_once_per_distinct_values_and_sanitised(exported):
    _, descriptions, renders = exported
    # GTR-STRAT-SB and its copy share every value: one rendering of the default template.
    assert descriptions["GTR-STRAT-SB"] == descriptions["GTR-STRAT-SB2"]
    # Rendered in Python: the Strat's description has attributes (class="t"), the neck template
    # fails for its record; the Katana's plain text goes into "Short"'s skeleton in SQL.
    assert sorted(renders) == ["Needs a neck", "Store layout"]
    assert "<script>" not in descriptions["GTR-STRAT-SB"]
    assert "AMP-BOSS-K50-NECK" not in descriptions  # its template cannot render it: skipped


def test_without_templates_the_stored_descriptions_are_sent(fresh_db, tmp_path):
    spec = json.loads((GOLDEN / "templated.json").read_text(encoding="utf-8"))
    account = load_case(fresh_db, ROOT / spec["records"])["account"]["name"]
    out = tmp_path / "upload.csv"
    export_records(fresh_db, account, out=out)
    rows = {r["CustomLabel"]: r["*Description"]
            for r in upload.read_upload(out.read_text(encoding="utf-8")).rows}
    assert rows["AMP-BOSS-K50"] == "Used, works perfectly. Ships in 1 business day."
