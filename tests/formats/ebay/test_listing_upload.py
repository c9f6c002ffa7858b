"""The listing upload file: golden files through the real export, and the layout helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.export.batch import export_records
from tests.ops.export.helpers import load_case

GOLDEN = Path(__file__).parent / "golden" / "listing_upload"
CASES = sorted(path.stem for path in GOLDEN.glob("*.json"))
REGENERATE = os.environ.get("AIMSI_REGENERATE_GOLDEN") == "1"  # only on purpose


@pytest.mark.parametrize("case", CASES)
def test_golden_upload_file(case, fresh_db, tmp_path):
    spec = load_case(fresh_db, GOLDEN / f"{case}.json")
    out = tmp_path / f"{case}.csv"
    report = export_records(fresh_db, spec["account"]["name"], out=out, test_mode=spec["test_mode"])
    assert report.exported == len(spec["records"]) and not report.skipped
    expected = GOLDEN / f"{case}.expected.csv"
    if REGENERATE:
        expected.write_bytes(out.read_bytes())
    assert out.read_bytes() == expected.read_bytes()


def test_golden_cases_cover_add_revise_and_test_mode():
    actions = {
        row["Action"]
        for case in CASES
        for row in upload.read_upload((GOLDEN / f"{case}.expected.csv").read_text()).rows
    }
    assert {"Add", "Revise", "VerifyAdd"} <= actions


def test_add_file_reads_back_with_html_quotes_commas_and_newlines():
    parsed = upload.read_upload((GOLDEN / "add.expected.csv").read_text(encoding="utf-8"))
    assert parsed.info_row and parsed.header == upload.UploadHeader("US", "US", "USD", "1193")
    strat, amp = sorted(parsed.rows, key=lambda row: row["CustomLabel"], reverse=True)
    assert strat["Action"] == "Add" and strat["ItemID"] == ""
    assert (
        strat["*Description"]
        == '<h2 class="t">Strat, "SB"</h2>\n<p>New; 100% setup, ships fast.</p>'
    )
    assert strat["*Title"] == 'Fender Player Stratocaster, 3-Color "Sunburst"'
    assert strat["PicURL"] == (
        "https://i.ebayimg.com/images/g/x/strat-1.jpg|https://i.ebayimg.com/images/g/x/strat-2.jpg"
    )
    assert (strat["*Format"], strat["*Duration"], strat["*StartPrice"]) == (
        "FixedPrice",
        "GTC",
        "749.99",
    )
    assert (strat["BuyItNowPrice"], strat["ReservePrice"]) == ("", "")
    assert (strat["*Location"], strat["PostalCode"], strat["*DispatchTimeMax"]) == (
        "Springfield, IL",
        "62701",
        "2",
    )
    assert (
        amp["*Format"],
        amp["*Duration"],
        amp["*StartPrice"],
        amp["BuyItNowPrice"],
        amp["ReservePrice"],
    ) == ("Auction", "7", "150.00", "259.00", "180.00")


def test_revise_carries_the_item_id_and_the_accounts_site():
    parsed = upload.read_upload((GOLDEN / "revise.expected.csv").read_text(encoding="utf-8"))
    assert parsed.header.site_id == "Canada" and parsed.header.currency == "CAD"
    [row] = parsed.rows
    assert (row["Action"], row["ItemID"], row["Category2"]) == ("Revise", "394411223344", "38072")


def test_test_mode_writes_verify_add_without_item_ids():
    parsed = upload.read_upload((GOLDEN / "test_mode.expected.csv").read_text(encoding="utf-8"))
    assert {row["Action"] for row in parsed.rows} == {"VerifyAdd"}
    assert {row["ItemID"] for row in parsed.rows} == {""}


def test_prelude_and_identify():
    header = upload.UploadHeader("UK", "GB", "GBP")
    text = upload.prelude(header)
    assert text.splitlines()[0] == upload.INFO_ROW
    assert text.splitlines()[1].startswith(
        "*Action(SiteID=UK|Country=GB|Currency=GBP|Version=1193|CC=UTF-8),ItemID,"
    )
    assert upload.prelude(header, info_row=False).startswith("*Action(")
    assert upload.identify(text) and not upload.identify("Order Number,Buyer\n")
    with pytest.raises(ValueError, match="not \\*Action"):
        upload.read_upload("Sku,Title\nA,B\n")


