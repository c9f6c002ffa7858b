"""Home without a browser: counts from the tables, refresh, links, and the error trap."""

from aimsi_ebay.ops.attention import attention_counts
from aimsi_ebay.ops.export.batch import ExportCriteria, select_records
from aimsi_ebay.ui.common import MessageBar, trapped
from aimsi_ebay.ui.home.view import HomeDashboard


def test_home_shows_the_real_counts_and_refresh_rereads_them(demo_db, tmp_path):
    (tmp_path / "SKU_eBay_records.ipynb").write_text("{}")
    home = HomeDashboard(demo_db, tmp_path)
    flagged = {c.key: c.count for c in home.counts}["flagged_for_export"]
    assert f'data-key="flagged_for_export" style="font-size:2em;font-weight:600;color:#0b5394">{flagged}' in home.cards.value
    assert 'href="SKU_eBay_records.ipynb"' in home.links.value
    assert "eBay_export.ipynb" not in home.links.value  # not installed in this folder

    with demo_db.write() as con:
        con.execute("UPDATE ebay_records SET update_ebay = FALSE")
    home.refresh_button.click()
    assert {c.key: c.count for c in home.counts}["flagged_for_export"] == 0
    assert home.counts == attention_counts(demo_db)


def test_the_invalid_count_is_what_the_export_would_skip(demo_db):
    counts = {c.key: c.count for c in attention_counts(demo_db)}
    skipped = [row for row in select_records(demo_db, ExportCriteria()) if not row.valid]
    assert counts["invalid_records"] == len(skipped) == 6


def test_the_trap_turns_errors_into_messages_never_tracebacks():
    from aimsi_ebay.errors import InputError

    bar = MessageBar()

    @trapped(bar)
    def bad_input():
        raise InputError("is not an amount", file="sales.csv", row=4, field="Total Price")

    @trapped(bar)
    def bug():
        raise ZeroDivisionError("oops")

    bad_input()
    assert bar.kind == "error" and bar.text == 'sales.csv row 4 "Total Price": is not an amount'
    bug()
    assert bar.kind == "error" and "server log" in bar.text and "ZeroDivision" not in bar.value
