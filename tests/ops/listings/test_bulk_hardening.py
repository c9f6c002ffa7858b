"""Bulk edits: a formula-safe pull that pushes back unchanged, and the cells a push refuses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aimsi_ebay.formats.bulk_file import guard_formula, unguard_formula
from aimsi_ebay.ops.listings import bulk_edit


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab 1"), max_size=6))
def test_the_formula_guard_is_one_to_one(text):
    assert unguard_formula(guard_formula(text)) == text
    assert not guard_formula(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_a_pulled_csv_is_formula_safe_and_pushes_back_unchanged(demo_db, tmp_path):
    frame = bulk_edit.pull_frame(demo_db)
    titles = ['=HYPERLINK("http://x")', "+1 string set", "-5 dB pad", "@home", "'=quoted"]
    frame.loc[: len(titles) - 1, "title"] = titles
    pushed = bulk_edit.push_frame(demo_db, frame)
    assert pushed.written == len(titles) and not pushed.rejected
    path = bulk_edit.write_frame(bulk_edit.pull_frame(demo_db), tmp_path / "records.csv")
    raw = path.read_text(encoding="utf-8")
    assert "\n" + frame.loc[0, "sku"] in raw and ",'=HYPERLINK" in raw.replace('"', "")
    for line in raw.splitlines():
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "@")), cell
    again = bulk_edit.push_frame(demo_db, bulk_edit.read_frame(path), file=path.name)
    assert again.changed == 0 and not again.rejected


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("start_price", "٧٤٩.٩٩", "is not an amount"),
    ("start_price", "1,5", "decimal comma"),
    ("quantity", "1e30", "whole number"),
    ("quantity", 10**12, "from 0 to 2,147,483,647"),
    ("version", "1e30", "whole number"),
    ("title", "A\x00B", "control character U+0000"),
    ("description", "x\x1b[31m", "control character U+001B"),
])
def test_a_bad_cell_is_a_rejected_row_never_a_traceback(demo_db, column, value, reason):
    frame = bulk_edit.pull_frame(demo_db)
    frame[column] = frame[column].astype(object)
    frame.loc[0, column] = value
    report = bulk_edit.push_frame(demo_db, frame)
    [rejected] = report.rejected
    assert rejected.field == column and reason in rejected.reason and report.written == 0
