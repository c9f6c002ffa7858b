"""The DuckDB fast path of the sales reader reads exactly what Python's csv splitter reads (rows,
row numbers, rejections), and steps aside for the files it cannot be sure about."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.ebay.sales import reader as ebay_sales
from aimsi_ebay.formats.ebay.sales.reader import read_sales_bytes
from aimsi_ebay.formats.ebay.sales.text import lines as split_lines

GOLDEN = Path(__file__).parent / "golden"


def both_ways(data: bytes, monkeypatch) -> tuple[object, object, bool]:
    """(fast-path result, Python-splitter result, whether the fast path read the rows)."""
    used = []
    real = ebay_sales.split_fast

    def spy(*args):
        found = real(*args)
        used.append(found is not None)
        return found

    with monkeypatch.context() as patch:
        patch.setattr(ebay_sales, "split_fast", spy)
        fast = read_sales_bytes(data, "f.csv")
    with monkeypatch.context() as patch:
        patch.setattr(ebay_sales, "split_fast", lambda *args: None)
        slow = read_sales_bytes(data, "f.csv")
    return fast, slow, any(used)


def same(fast, slow) -> bool:
    return (
        fast.sales_table.equals(slow.sales_table)
        and fast.lines_table.equals(slow.lines_table)
        and fast.rejections == slow.rejections
        and (fast.rows_read, fast.sales_count) == (slow.rows_read, slow.sales_count)
    )


def sample_lines(samples) -> list[str]:
    return (samples / "sales" / "ebay_orders_report.csv").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.csv")), ids=lambda p: p.name)
def test_golden_files_read_the_same_both_ways(path, monkeypatch):
    fast, slow, used = both_ways(path.read_bytes(), monkeypatch)
    assert same(fast, slow)
    assert used == ("cp1252" not in path.name)


def _edit(lines: list[str], case: str) -> list[str]:
    header = next(i for i, line in enumerate(lines) if "Order Number" in line)
    body = header + 2
    edits = {
        "blank lines": lambda: [*lines[:body], "", "   ", ",,,", '""," "', *lines[body:]],
        "short row in the middle": lambda: [*lines[:body], '"9","junk"', *lines[body:]],
        "footer": lambda: [*lines, '"2","record(s) downloaded"', "Seller ID : x", ""],
        "whitespace values": lambda: [line.replace('"Austin"', '" Austin\t"') for line in lines],
        "doubled quotes": lambda: [
            line.replace("Ernie Ball", 'Ernie ""EB"" Ball') for line in lines
        ],
        # the files the fast path leaves to Python
        "long row": lambda: [*lines[:body], lines[body] + ',"extra"', *lines[body + 1 :]],
        "unescaped quote": lambda: [line.replace('"meidoe13"', 'meid"oe13') for line in lines],
        "field across lines": lambda: [
            line.replace('"Mei Doe"', '"Mei\r\nDoe"', 1) for line in lines
        ],
        "lone carriage return": lambda: [lines[0] + "\r", *lines[1:]],
    }
    return edits[case]()


@pytest.mark.parametrize(
    "case, fast_expected",
    [
        ("blank lines", True),
        ("short row in the middle", True),
        ("footer", True),
        ("whitespace values", True),
        ("doubled quotes", True),
        ("long row", False),
        ("unescaped quote", False),
        ("field across lines", False),
        ("lone carriage return", False),
    ],
)
def test_nasty_edits_read_the_same_both_ways(samples, monkeypatch, case, fast_expected):
    lines = _edit(sample_lines(samples), case)
    for newline, bom in (("\r\n", b""), ("\n", b"\xef\xbb\xbf")):
        data = bom + newline.join(lines).encode("utf-8")
        fast, slow, used = both_ways(data, monkeypatch)
        assert same(fast, slow), (case, newline)
        if case != "lone carriage return" or newline == "\n":
            assert used == fast_expected, (case, newline)


@given(
    st.lists(st.sampled_from(["a", ",", '"', " ", "\r", "\n", "\r\n", "\x0b", "\x85", "\u2028"]))
)
@settings(max_examples=400, deadline=None)
def test_lines_split_as_stringio_does(pieces):
    text = "".join(pieces)
    assert list(split_lines(text)) == list(io.StringIO(text, newline=""))


_EDGE_SPACE = st.sampled_from([" ", "\t", "\xa0", "\u3000", "\u2002"])  # the fast path reads these


@given(
    cells=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=40),  # a column of the sample
            st.integers(min_value=0, max_value=5),  # a data row of the sample
            st.text(_EDGE_SPACE, max_size=2),  # before the value
            st.text(_EDGE_SPACE, max_size=2),  # after it
            st.booleans(),  # \x01 inside the value (the separator the fast path joins cells by)
        ),
        min_size=1,
        max_size=4,
    )
)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # samples: read only
def test_cells_with_white_space_at_an_edge_read_the_same_both_ways(samples, cells):
    """The fast path strips only the columns with white space at some cell's edge: whichever
    cells have it, in whichever columns, it reads what Python's splitter reads."""
    lines = sample_lines(samples)
    header = next(i for i, line in enumerate(lines) if "Order Number" in line)
    rows = [next(csv.reader([line])) for line in lines[header + 1 :] if line.strip()]
    for column, row, before, after, marked in cells:
        row = rows[row % len(rows)]
        value = row[column]
        row[column] = before + (value[:1] + "\x01" + value[1:] if marked else value) + after
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    data = ("\r\n".join(lines[: header + 1]) + "\r\n" + out.getvalue()).encode("utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow, used = both_ways(data, monkeypatch)
    assert used
    assert same(fast, slow)
