"""Which rows of a download are eBay's repeated rows: a row of a several-row sale equal field for
field (after white space is stripped) to an earlier row of it. The reader compares only the rows
whose fields hash alike; these cases pin what counts as a repeat, on both splitting paths."""

from __future__ import annotations

import pytest

from aimsi_ebay.formats.ebay.sales.reader import read_sales_bytes

HEADER = (
    "Sales Record Number,Order Number,Buyer Username,Buyer Email,Item Number,Custom Label,"
    "Quantity,Sold For,Shipping And Handling,Total Price,Sale Date,Paid On Date,Transaction ID"
)
SUMMARY = "7,10-00007-00001,amy,amy@example.com,,,3,$30.00,$5.00,$35.00,Oct-05-23,Oct-05-23,"
ITEM_A = "7,10-00007-00001,amy,,901,SKU-A,1,$10.00,,,Oct-05-23,,71"
ITEM_B = "7,10-00007-00001,amy,,902,SKU-B,2,$10.00,,,Oct-05-23,,72"
SINGLE = "8,10-00008-00001,bob,bob@example.com,903,SKU-C,1,$4.00,$1.00,$5.00,Oct-06-23,Oct-06-23,81"


def read(rows: list[str], *, python_path: bool = False):
    text = "\n".join(["", HEADER, *rows]) + "\n"
    data = text.encode("utf-8")
    if python_path:  # a Windows-1252 byte (not UTF-8): the Python splitter reads the rows
        data = data.replace(b"bob", b"b\xf6b")
    return read_sales_bytes(data, "dup.csv")


@pytest.mark.parametrize("python_path", [False, True])
def test_repeats_are_found_however_often_and_wherever(python_path):
    rows = [SUMMARY, ITEM_A, ITEM_A, ITEM_B, ITEM_A, SINGLE, SINGLE]
    result = read(rows, python_path=python_path)
    # rows 3..9: ITEM_A at 4 is repeated at 5 and 7; SINGLE at 8 is repeated at 9
    assert [(d.row, d.same_as) for d in result.duplicates] == [(5, 4), (7, 4), (9, 8)]
    assert result.sales_count == 2 and result.rejections == []
    assert [len(s.lines) for s in result.sales] == [2, 1]


@pytest.mark.parametrize("python_path", [False, True])
def test_a_row_equal_but_for_white_space_is_a_repeat(python_path):
    spaced = ITEM_A.replace("SKU-A", " SKU-A\t").replace(",71", ",71 ")
    result = read([SUMMARY, ITEM_A, spaced, ITEM_B], python_path=python_path)
    assert [(d.row, d.same_as) for d in result.duplicates] == [(5, 4)]


@pytest.mark.parametrize("python_path", [False, True])
def test_a_row_that_differs_in_one_field_is_not_a_repeat(python_path):
    other = ITEM_A.replace(",71", ",73")  # another transaction of the same item
    result = read([SUMMARY, ITEM_A, other, ITEM_B], python_path=python_path)
    assert result.duplicates == []
    assert [len(s.lines) for s in result.sales] == [3]
