"""Both eBay category layouts read into the same tree."""

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.categories import read_category_tree


def test_taxonomy_json_and_get_categories_csv_give_the_same_tree(samples):
    folder = samples / "categories"
    from_json = read_category_tree(folder / "ebay_us_musical_instruments_tree.json")
    from_csv = read_category_tree(folder / "ebay_us_musical_instruments.csv")
    assert len(from_json.categories) == len(from_csv.categories) == 418

    def key(tree):
        return {
            (c.category_id, c.name, c.parent_id, c.level, c.is_leaf, c.full_path)
            for c in tree.categories
        }

    assert key(from_json) == key(from_csv)
    paths = {c.category_id: c.full_path for c in from_json.categories}
    assert paths["33034"] == "Musical Instruments & Gear > Guitars & Basses > Electric Guitars"
    assert from_json.version == "subset-619"


def test_the_root_container_is_not_a_category(samples):
    tree = read_category_tree(samples / "categories" / "ebay_us_musical_instruments_tree.json")
    top = [c for c in tree.categories if c.parent_id is None]
    assert [c.category_id for c in top] == ["619"]


def test_html_escaped_names_and_level_one_self_parent(tmp_path):
    path = tmp_path / "cats.csv"
    path.write_text(
        "CategoryID,CategoryName,CategoryLevel,CategoryParentID,LeafCategory\n"
        "1,Music &amp; Gear,1,1,false\n2,Picks,2,1,true\n",
        encoding="utf-8",
    )
    tree = read_category_tree(path)
    assert {c.category_id: c.full_path for c in tree.categories} == {
        "1": "Music & Gear",
        "2": "Music & Gear > Picks",
    }


@pytest.mark.parametrize(
    ("body", "row", "field"),
    [
        ("1,Music,1,1,false\nx2,Picks,2,1,true\n", 3, "CategoryID"),
        ("1,Music,1,1,false\n2,Picks,two,1,true\n", 3, "CategoryLevel"),
        ("1,Music,1,1,false\n2,Picks,2,1,maybe\n", 3, "LeafCategory"),
        ("1,Music,1,1,false\n2,Picks,2,77,true\n", 3, "CategoryParentID"),
    ],
)
def test_a_bad_row_is_named_by_file_row_and_field(tmp_path, body, row, field):
    path = tmp_path / "bad.csv"
    path.write_text("CategoryID,CategoryName,CategoryLevel,CategoryParentID,LeafCategory\n" + body)
    with pytest.raises(InputError) as error:
        read_category_tree(path)
    assert (error.value.file, error.value.row, error.value.field) == ("bad.csv", row, field)


def test_a_file_that_is_neither_layout_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Name,Price\nStrat,749\n")
    with pytest.raises(InputError, match="missing column"):
        read_category_tree(path)
    (tmp_path / "y.json").write_text('{"nothing": 1}')
    with pytest.raises(InputError, match="not a Taxonomy API category tree"):
        read_category_tree(tmp_path / "y.json")
