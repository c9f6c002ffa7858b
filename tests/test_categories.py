"""Loading and reloading the category tree keeps records and flags the ones it breaks."""

from aimsi_ebay.categories import load_categories


def _record_reason(db, sku):
    with db.read() as con:
        return con.execute("SELECT invalid_reason FROM ebay_records WHERE sku = ?", [sku]).fetchone()[0]


def test_a_reload_without_a_used_category_flags_the_record_and_keeps_it(demo_db, samples, tmp_path):
    with demo_db.read() as con:
        sku = con.execute("SELECT sku FROM ebay_records WHERE category1_id = '33034' LIMIT 1").fetchone()[0]
    full = samples / "categories" / "ebay_us_musical_instruments.csv"
    smaller = tmp_path / "newer.csv"
    smaller.write_text("".join(line for line in full.open() if not line.startswith("33034,")))

    report = load_categories(demo_db, smaller)
    assert report.categories == 417 and report.records_flagged > 0
    assert "33034 is no longer in the eBay tree" in _record_reason(demo_db, sku)

    report = load_categories(demo_db, full)
    assert report.records_cleared >= 1
    assert _record_reason(demo_db, sku) is None
    with demo_db.read() as con:
        assert con.execute("SELECT count(*) FROM audit_log WHERE entity = 'ebay_categories'").fetchone()[0] >= 2
