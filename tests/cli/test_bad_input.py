"""Every bad input of issue 12, as one table: one line on stderr, exit 2, nothing written.

Each case builds its input in a temporary folder (and, where it needs one, a state of the demo
store to start from) and returns the command line. The test runs it as a scheduled job would,
with a timeout (a FIFO must not hang), and checks that the database is exactly as before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.export.batch import export_records
from aimsi_ebay.ops.listings import bulk_edit

ROOT = Path(__file__).resolve().parents[2]
LEGACY = "Sales Record Number,User Id,Buyer Fullname,Buyer Email,Item Title,Sale Price,Quantity,Total Price,Sale Date\r\n"


def sale(number: int, *, title: str = "Guitar strings", price: str = "$9.99", quantity: str = "1",
         total: str = "$9.99", name: str = "Ann Lee") -> str:
    return (f"{number},buyer{number},{name},b{number}@example.com,{title},{price},{quantity},"
            f"{total},Nov-01-26\r\n")


def sales_file(tmp: Path, text: str | bytes, name: str = "sales.csv") -> Path:
    path = tmp / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def import_sales(path: Path) -> list[str]:
    return ["import-sales", str(path), "--account", "demo-store"]


def pushed(db: Database, tmp: Path, column: str, value: str) -> list[str]:
    """A pulled file with one cell changed, pushed back."""
    frame = bulk_edit.pull_frame(db)
    frame[column] = frame[column].astype(object)
    frame.loc[0, column] = value
    path = bulk_edit.write_frame(frame, tmp / "records.csv")
    return ["listings", "push", str(path)]


def categories(tmp: Path, text: str | bytes, name: str = "tree.json") -> list[str]:
    path = tmp / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return ["categories", "load", str(path)]


def tree(level: object = 1, ids: tuple[str, ...] = ("1",)) -> str:
    nodes = [{"category": {"categoryId": i, "categoryName": f"C{i}"}, "categoryTreeNodeLevel": level,
              "leafCategoryTreeNode": True} for i in ids]
    return json.dumps({"categoryTreeVersion": "1", "rootCategoryNode": {
        "category": {"categoryId": "0", "categoryName": "Root"}, "childCategoryTreeNodes": nodes}})


def fifo(tmp: Path) -> Path:
    path = tmp / "pipe.csv"
    os.mkfifo(path)
    return path


def with_control_title(db: Database) -> None:
    with db.write() as con:
        con.execute("UPDATE ebay_records SET title = 'Bell' || chr(7) || 'Tree'"
                    " WHERE sku = (SELECT min(sku) FROM ebay_records)")


def blank_lines(tmp: Path) -> Path:
    path = tmp / "blank.csv"
    with open(path, "wb") as handle:
        block = b"\r\n" * (1 << 20)
        for _ in range(100):  # 200 MB
            handle.write(block)
    return path


def ten_orders_one_quote_open() -> str:
    rows = [sale(n, name=f"Buyer {n}") for n in range(1, 11)]
    rows[2] = sale(3, title='"Fender Strat, sunburst')
    return LEGACY + "".join(rows)


Case = Callable[[Database, Path], list[str]]
CASES: dict[str, Case] = {
    # import-sales
    "sales: a 10 MB field": lambda db, t: import_sales(
        sales_file(t, LEGACY + sale(1, title="x" * (10 << 20)))),
    "sales: a folder": lambda db, t: import_sales(t),
    "sales: a FIFO": lambda db, t: import_sales(fifo(t)),
    "sales: /dev/zero": lambda db, t: import_sales(Path("/dev/zero")),
    "sales: Quantity 99999999999": lambda db, t: import_sales(
        sales_file(t, LEGACY + sale(1) + sale(2, quantity="99999999999"))),
    "sales: amounts beyond DECIMAL(12,2)": lambda db, t: import_sales(sales_file(
        t, LEGACY + sale(1) + sale(2, price='"$9,999,999,999.99"', total='"$9,999,999,999.99"'))),
    "sales: an open quote swallows the next orders": lambda db, t: import_sales(
        sales_file(t, ten_orders_one_quote_open())),
    "sales: one stray byte in a UTF-8 file": lambda db, t: import_sales(sales_file(
        t, (LEGACY + sale(1, name="José Núñez")).encode() + sale(2).encode()[:-4] + b"\xff\r\n")),
    "sales: 200 MB of blank lines": lambda db, t: import_sales(blank_lines(t)),
    # categories load
    "categories: garbage bytes": lambda db, t: categories(t, bytes(range(256)) * 40, "tree.bin"),
    "categories: deeply nested JSON": lambda db, t: categories(
        t, '{"rootCategoryNode": ' + "[" * 200_000 + "]" * 200_000 + "}"),
    "categories: a list at the root": lambda db, t: categories(t, "[1, 2, 3]"),
    "categories: level abc": lambda db, t: categories(t, tree(level="abc")),
    "categories: duplicate ids": lambda db, t: categories(t, tree(ids=("5", "5"))),
    "categories: a folder": lambda db, t: ["categories", "load", str(t)],
    "categories: one category over the 418": lambda db, t: categories(t, tree(ids=("33034",))),
    # listings push / pull
    "push: quantity 1e30": lambda db, t: pushed(db, t, "quantity", "1e30"),
    "push: version 1e30": lambda db, t: pushed(db, t, "version", "1e30"),
    "push: a NUL in a title": lambda db, t: pushed(db, t, "title", "A\x00B"),
    "push: a decimal comma 1,5": lambda db, t: pushed(db, t, "start_price", "1,5"),
    "push: Arabic-Indic digits": lambda db, t: pushed(db, t, "start_price", "٧٤٩.٩٩"),
    "pull: xlsx with a control character in a title": lambda db, t: (
        with_control_title(db), ["listings", "pull", str(t / "records.xlsx")])[1],
    # accounts, export, settings, database
    "accounts add: invalid UTF-8": lambda db, t: [
        "accounts", "add", "shop", "--ebay-user", os.fsdecode(b"shop\xff"), "--location", "X"],
    "accounts add: ANSI escape codes": lambda db, t: [
        "accounts", "add", "shop", "--ebay-user", "shop", "--location", "\x1b[31mRed\x1b[0m"],
    "export --out a folder": lambda db, t: ["export", "--account", "demo-store", "--out", str(t)],
    "export-history --out a symbolic link": lambda db, t: (
        export_records(db, "demo-store"), (t / "target").write_text("keep"),
        (t / "link.csv").symlink_to(t / "target"),
        ["export-history", "--batch", "1", "--out", str(t / "link.csv")])[-1],
    "AIMSI_EBAY_LOCK_TIMEOUT=abc": lambda db, t: ["accounts", "list"],
    "--db a file that is not DuckDB": lambda db, t: (
        (t / "notes.duckdb").write_text("shopping list\n" * 100),
        ["--db", str(t / "notes.duckdb"), "accounts", "list"])[-1],
}
ENVIRONMENT = {"AIMSI_EBAY_LOCK_TIMEOUT=abc": {"AIMSI_EBAY_LOCK_TIMEOUT": "abc"}}


def state(db: Database) -> tuple:
    """What a write could change: counts, batches, and every record's editable values."""
    with db.read() as con:
        return con.execute(
            """SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM import_batches),
                (SELECT count(*) FROM staged_sales), (SELECT count(*) FROM ebay_categories),
                (SELECT count(*) FROM seller_accounts), (SELECT count(*) FROM export_batches),
                (SELECT count(*) FROM audit_log),
                (SELECT md5(string_agg(concat_ws('|', sku, version, title, start_price, quantity,
                    invalid_reason), ',' ORDER BY sku)) FROM ebay_records)"""
        ).fetchone()


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gets_one_line_exit_2_and_writes_nothing(name, demo_db, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    argv = CASES[name](demo_db, inputs)
    before = state(demo_db)
    command = argv if argv[0] == "--db" else ["--db", demo_db.environment_value, *argv]
    completed = subprocess.run(
        [sys.executable, "-m", "aimsi_ebay", *command], capture_output=True, timeout=90, cwd=ROOT,
        env={**os.environ, **ENVIRONMENT.get(name, {})},
    )
    stderr = completed.stderr.decode("utf-8", "replace")
    assert completed.returncode == 2, (completed.returncode, stderr[-2000:])
    assert stderr.count("\n") == 1 and stderr.startswith("aimsi-ebay: "), stderr[-2000:]
    assert len(stderr) < 600, stderr[:600]  # one readable line, never a 10 MB echo
    assert state(demo_db) == before
    assert not (inputs / "records.xlsx").exists()
    assert (inputs / "target").read_text() == "keep" if (inputs / "target").exists() else True
