"""The category tree: both formats, reload flagging, drill-down, search and paths."""

from __future__ import annotations

import json

from aimsi_ebay.ops.categories import (
    category_children,
    category_node,
    category_path,
    load_categories,
    search_categories,
)

ELECTRIC = "Musical Instruments & Gear > Guitars & Basses > Electric Guitars"


def _tree(fresh_db):
    with fresh_db.read() as con:
        return sorted(
            con.execute(
                "SELECT category_id, name, parent_id, level, is_leaf, full_path"
                " FROM ebay_categories"
            ).fetchall()
        )


def test_both_formats_load_the_same_tree(fresh_db, samples):
    folder = samples / "categories"
    from_json = load_categories(fresh_db, folder / "ebay_us_musical_instruments_tree.json")
    tree_json = _tree(fresh_db)
    from_csv = load_categories(fresh_db, folder / "ebay_us_musical_instruments.csv")
    tree_csv = _tree(fresh_db)
    assert from_json.categories == from_csv.categories == 418
    assert from_json.leaves == from_csv.leaves
    assert tree_json == tree_csv
    assert ("33034", "Electric Guitars", "3858", 3, True, ELECTRIC) in tree_csv


def test_drill_down_search_and_path(fresh_db, samples):
    load_categories(fresh_db, samples / "categories" / "ebay_us_musical_instruments.csv")
    with fresh_db.read() as con:
        top = category_children(con)
        assert [node.category_id for node in top] == ["619"]
        second = category_children(con, "619")
        assert "Guitars & Basses" in [node.name for node in second]
        assert all(node.parent_id == "619" for node in second)
        assert [node.name for node in second] == sorted(node.name for node in second)
        guitars = next(node for node in second if node.name == "Guitars & Basses")
        assert not guitars.is_leaf
        assert "33034" in [node.category_id for node in category_children(con, guitars.category_id)]
        assert category_children(con, "33034") == []

        found = search_categories(con, "electric guitars")
        paths = [node.full_path for node in found]
        assert ELECTRIC in paths
        names = [node.name.lower() for node in found]
        assert all("electric" in name and "guitars" in name for name in names)
        assert search_categories(con, "ELECTRIC guit")[0].name.lower().startswith("electric")
        assert [n.category_id for n in search_categories(con, "33034")] == ["33034"]
        assert all(node.is_leaf for node in search_categories(con, "guitar", leaves_only=True))
        assert not all(node.is_leaf for node in search_categories(con, "guitar"))
        assert search_categories(con, "   ") == []
        assert search_categories(con, "no such instrument") == []

        path = category_path(con, "33034")
        assert [node.name for node in path] == [
            "Musical Instruments & Gear", "Guitars & Basses", "Electric Guitars"]
        assert category_path(con, "99999") == [] and category_path(con, None) == []
        assert category_node(con, "33034").full_path == ELECTRIC
        assert category_node(con, "99999") is None


def test_reload_keeps_records_whose_category_vanished_and_flags_them(fresh_db, samples, tmp_path):
    folder = samples / "categories"
    load_categories(fresh_db, folder / "ebay_us_musical_instruments_tree.json")
    with fresh_db.write() as con:
        con.execute("INSERT INTO items (style_code, description) VALUES ('S', 'Strat')")
        con.execute("INSERT INTO skus (sku, item_id) SELECT 'S-1', item_id FROM items")
        con.execute(
            "INSERT INTO ebay_records (sku, title, category1_id) VALUES ('S-1', 'Strat', '33034')"
        )

    document = json.loads((folder / "ebay_us_musical_instruments_tree.json").read_text())

    def drop(node):
        children = node.get("childCategoryTreeNodes") or []
        node["childCategoryTreeNodes"] = [
            drop(child) for child in children if child["category"]["categoryId"] != "33034"
        ]
        return node

    drop(document["rootCategoryNode"])
    newer = tmp_path / "newer_tree.json"
    newer.write_text(json.dumps(document))
    report = load_categories(fresh_db, newer)
    assert report.categories == 417 and report.records_flagged == 1
    with fresh_db.read() as con:
        reason = con.execute("SELECT invalid_reason FROM ebay_records").fetchone()[0]
    assert "33034" in reason and "no longer in the eBay tree" in reason

    report = load_categories(fresh_db, folder / "ebay_us_musical_instruments.csv")
    assert report.records_cleared == 1
    with fresh_db.read() as con:
        assert con.execute("SELECT invalid_reason FROM ebay_records").fetchone()[0] is None


def test_a_reload_is_audited_and_clears_the_flag_when_the_category_returns(demo_db, samples, tmp_path):
    with demo_db.read() as con:
        sku = con.execute("SELECT sku FROM ebay_records WHERE category1_id = '33034' LIMIT 1").fetchone()[0]
    full = samples / "categories" / "ebay_us_musical_instruments.csv"
    smaller = tmp_path / "newer.csv"
    smaller.write_text("".join(line for line in full.open() if not line.startswith("33034,")))

    assert load_categories(demo_db, smaller).records_flagged > 0
    with demo_db.read() as con:
        reason = con.execute("SELECT invalid_reason FROM ebay_records WHERE sku = ?", [sku]).fetchone()[0]
    assert "33034 is no longer in the eBay tree" in reason
    assert load_categories(demo_db, full).records_cleared >= 1
    with demo_db.read() as con:
        assert con.execute("SELECT invalid_reason FROM ebay_records WHERE sku = ?", [sku]).fetchone()[0] is None
        assert con.execute("SELECT count(*) FROM audit_log WHERE entity = 'ebay_categories'").fetchone()[0] >= 2
