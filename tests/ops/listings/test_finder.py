"""SKU search: every word somewhere (SKU, description, vendor, colour, size, UPC), paged, counted;
the grid's rows filtered in SQL."""

from __future__ import annotations

from aimsi_ebay.ops.listings import finder


def test_every_word_may_match_a_different_field_including_colour(demo_db):
    found = finder.find_skus(demo_db, "strat sunburst")
    assert found.total_items >= 1
    assert any("Sunburst" in (hit.colour or "") for hit in found.skus)
    assert all(hit.style_code.startswith("GTR") for hit in found.skus)
    assert finder.find_skus(demo_db, "strat nosuchcolour").total_items == 0


def test_size_and_upc_match(demo_db):
    with demo_db.read() as con:
        upc = con.execute("SELECT upc FROM skus WHERE sku = 'TSH-LOGO-XL'").fetchone()[0]
    assert "TSH-LOGO-XL" in [h.sku for h in finder.find_skus(demo_db, upc[3:9]).skus]
    assert "TSH-LOGO-XL" in [h.sku for h in finder.find_skus(demo_db, "logo xl").skus]


def test_a_broad_search_says_how_many_match_and_pages_on(demo_db):
    first = finder.find_skus(demo_db, "a", page_items=40)
    with demo_db.read() as con:
        items = con.execute(
            "SELECT count(DISTINCT s.item_id) FROM skus s JOIN items i USING (item_id) WHERE"
            " contains(lower(s.sku || i.description || coalesce(i.vendor, '') ||"
            " coalesce(s.colour, '') || coalesce(s.size, '') || coalesce(s.upc, '')), 'a')"
        ).fetchone()[0]
    assert first.total_items == items > 40 and first.items_shown == 40
    assert first.has_next and not first.has_previous
    assert first.summary().startswith(f"showing {len(first.skus):,} of {first.total_skus:,} SKU")
    second = finder.find_skus(demo_db, "a", offset=40, page_items=40)
    assert second.has_previous
    assert not {h.item_id for h in first.skus} & {h.item_id for h in second.skus}


def test_grid_rows_read_only_the_given_skus(demo_db):
    frame = finder.grid_rows(demo_db, ["TSH-LOGO-M", "TSH-LOGO-XL", "NOT-A-SKU"])
    assert list(frame["sku"]) == ["TSH-LOGO-M", "TSH-LOGO-XL"]
    assert list(frame.columns) == list(finder.GRID_COLUMNS)
    assert frame["start_price"].map(type).eq(str).all()
