"""The sales import reads behind the input guard: an eBay download is guarded by its own reader
as it is split (no second pass over the file), any other file whole and first; a refused file
gets the guard's line before anything else is said about it."""

from __future__ import annotations

import csv
import io

import pytest

from aimsi_ebay.formats.input_limits import LimitExceeded
from aimsi_ebay.ops.sales import importer
from aimsi_ebay.ops.sales.importer import import_sales, stage_sales

TOO_MANY = "sales.csv row 3 \"Quantity\": '99999999999' is too large (at most 1,000,000)"


def legacy(samples, quantity: str = "2") -> bytes:
    """The committed legacy download (header on row 1) with row 3's quantity changed."""
    text = (samples / "sales" / "ebay_sold_legacy.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows[2][rows[0].index("Quantity")] = quantity
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def whole_file_guard(monkeypatch) -> list[str]:
    """Record the importer's whole-file guard runs (the guard still runs)."""
    calls: list[str] = []
    real = importer.check_sales_text

    def spy(data: bytes, name: str) -> None:
        calls.append(name)
        real(data, name)

    monkeypatch.setattr(importer, "check_sales_text", spy)
    return calls


def test_an_ebay_download_is_not_read_twice(demo_db, samples, monkeypatch, tmp_path):
    calls = whole_file_guard(monkeypatch)
    path = tmp_path / "sales.csv"
    path.write_bytes(legacy(samples))
    report = import_sales(demo_db, path, account="demo-store", unmatched="create")
    assert report.orders_created == 8 and calls == []
    staged = stage_sales(demo_db, legacy(samples), "sales.csv", account="demo-store")
    assert staged.sales == 8 and calls == []


def test_an_ebay_download_beyond_a_limit_is_refused_by_its_reader(demo_db, samples, monkeypatch,
                                                                  tmp_path):
    calls = whole_file_guard(monkeypatch)
    path = tmp_path / "sales.csv"
    path.write_bytes(legacy(samples, "99999999999"))
    with pytest.raises(LimitExceeded) as caught:
        import_sales(demo_db, path, account="demo-store")
    assert caught.value.message == TOO_MANY and calls == []


def test_the_guard_speaks_before_the_account_is_looked_up(demo_db, samples, tmp_path):
    path = tmp_path / "sales.csv"
    path.write_bytes(legacy(samples, "99999999999"))
    with pytest.raises(LimitExceeded) as caught:
        import_sales(demo_db, path, account="no-such-account")
    assert caught.value.message == TOO_MANY
    with pytest.raises(LimitExceeded) as caught:
        stage_sales(demo_db, path.read_bytes(), "sales.csv", account="demo-store",
                    fmt="ebay_orders_report")  # the wrong layout is not said first either
    assert caught.value.message == TOO_MANY


def test_a_file_not_led_by_an_ebay_header_is_guarded_whole_first(demo_db, samples, monkeypatch):
    calls = whole_file_guard(monkeypatch)
    read: list[int] = []
    real = importer.read_for_account
    monkeypatch.setattr(importer, "read_for_account",
                        lambda *args, **kwargs: (read.append(len(calls)), real(*args, **kwargs))[1])
    data = b"Sold in October\r\n" + legacy(samples)
    staged = stage_sales(demo_db, data, "sales.csv", account="demo-store")
    assert staged.sales == 8 and calls == ["sales.csv"] and read == [1]  # guarded, then read
    calls.clear()
    with pytest.raises(LimitExceeded):
        stage_sales(demo_db, legacy(samples, "99999999999"), "sales.csv", account="demo-store",
                    fmt="shopify")  # a shop format: guarded whole, not by the eBay reader
    assert calls == ["sales.csv"]
