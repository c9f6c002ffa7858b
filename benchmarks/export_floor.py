"""The floor of the templated export: DuckDB alone doing only the writes an export must do.

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/export_floor.py [--rounds 5]
        [--threads 1]

On ``bench_export.py --templated``'s store (a fresh copy per round), each step timed (CPU of all
threads and wall), beside the issue's baseline (the COPY of the same upload rows):

1. the upload rows written by one COPY straight from the table, each description the template
   filled by one ``concat`` (no listing rules, no planning, no copy of the picked rows);
2. the batch's snapshot lines inserted (re-reading the flagged records' narrow columns);
3. Update eBay cleared on those rows (the same four columns the export sets);
4. COMMIT (DuckDB checkpoints here: the WAL is past its threshold);
5. the file hashed and fsynced, then copied to ``--out`` and fsynced (publishing).

The COPY writes the whole file (the two leading lines as its PREFIX), as the export does.

What an export does beyond this (the listing rules, the template planning, the account and
migration checks) is its own cost; this is what no design of the export can avoid.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from aimsi_ebay.db import Database
from benchmarks import bench_export

# BENCH_TEMPLATE filled as the export's skeleton fills it for the bench's records (title, the
# record's HTML, the Brand specific, the condition, the account's texts), escaping the title.
_TITLE = ("replace(replace(replace(r.title, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')")
ROWS = f"""
SELECT CASE WHEN r.ebay_item_id IS NULL THEN 'Add' ELSE 'Revise' END, r.ebay_item_id, r.sku,
    r.category1_id, r.category2_id, r.title, r.subtitle, CAST(r.condition_id AS VARCHAR),
    concat('<h2>', {_TITLE}, '</h2>\n', r.description, '\n<ul><li>Brand: ', r.specific_brand,
           '</li></ul>\n<p>New</p><p>Ships in 1 business day.</p><p>30-day returns.</p>\n'),
    array_to_string(r.image_urls, '|'), r.listing_format,
    CASE WHEN r.listing_format = 'FixedPrice' THEN 'GTC' ELSE r.duration END,
    CAST(r.start_price AS VARCHAR), CAST(r.buy_it_now_price AS VARCHAR),
    CAST(r.reserve_price AS VARCHAR), CAST(r.quantity AS VARCHAR), 'Springfield, IL', '62701',
    '1', 'Standard Shipping', '30 Day Returns', 'eBay Managed Payments', r.specific_brand,
    r.specific_model, r.specific_mpn, r.specific_colour, r.specific_upc
FROM ebay_records r WHERE r.update_ebay"""


def one_round(template: Path, root: Path, threads: int | None) -> list[tuple[str, float, float]]:
    copy = root / "floor.duckdb"
    shutil.copy(template, copy)
    steps: list[tuple[str, float, float]] = []

    def step(label: str, function) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        function()
        steps.append((label, time.process_time() - cpu, time.perf_counter() - wall))

    file, out = root / "file.csv", root / "out.csv"
    prelude = "Info,Version=1.0.0,Template=fx_category_template_EBAY_US\n*Action(...),ItemID\n"
    cpu, wall = time.process_time(), time.perf_counter()
    con = duckdb.connect(str(copy))
    if threads:
        con.execute(f"SET threads = {threads}")
    con.execute("BEGIN TRANSACTION")
    step("1. COPY of the upload file (templated), straight from the table", lambda: con.execute(
        f"COPY ({ROWS}) TO '{file}' (FORMAT csv, HEADER false, QUOTE '\"', ESCAPE '\"',"
        " PREFIX $prelude, SUFFIX $line_end)", {"prelude": prelude, "line_end": "\n"}))
    step("2. snapshot lines INSERT", lambda: con.execute(
        "INSERT INTO export_lines (batch_id, sku, action, ebay_item_id, start_price,"
        " buy_it_now_price, reserve_price, quantity, pictures)"
        " SELECT 1, sku, CASE WHEN ebay_item_id IS NULL THEN 'Add' ELSE 'Revise' END,"
        " ebay_item_id, start_price, buy_it_now_price, reserve_price, quantity, len(image_urls)"
        " FROM ebay_records WHERE update_ebay"))
    step("3. UPDATE clearing Update eBay", lambda: con.execute(
        "UPDATE ebay_records SET update_ebay = FALSE, last_export_batch_id = 1,"
        " last_exported_at = TIMESTAMP '2026-12-01 10:00:00', version = version + 1"
        " WHERE update_ebay"))
    step("4. COMMIT", lambda: con.execute("COMMIT"))
    step("   close", con.close)

    def finish() -> None:
        digest = hashlib.sha256()
        with open(file, "rb+") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
            os.fsync(handle.fileno())
        shutil.copyfile(file, out)
        with open(out, "rb+") as handle:
            os.fsync(handle.fileno())

    step("5. file sha256 + fsync, published copy + fsync", finish)
    steps.append(("TOTAL floor", time.process_time() - cpu, time.perf_counter() - wall))
    cpu, wall = time.process_time(), time.perf_counter()
    con = duckdb.connect(str(template), read_only=True)
    if threads:
        con.execute(f"SET threads = {threads}")
    con.execute(f"COPY (SELECT r.* EXCLUDE (image_urls, {bench_export.FACTS}),"
                " array_to_string(r.image_urls, '|') AS urls FROM ebay_records r"
                f" WHERE r.update_ebay) TO '{root / 'baseline.csv'}' (HEADER)")
    con.close()
    steps.append(("BASELINE: COPY of the same upload rows", time.process_time() - cpu,
                  time.perf_counter() - wall))
    copy.unlink()
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=1_000_000)
    parser.add_argument("--flagged", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="0: DuckDB's default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aimsi-floor-") as folder:
        root = Path(folder)
        os.environ["AIMSI_EBAY_DATA"] = str(root / "data")
        template = root / "template.duckdb"
        db = Database(template)
        bench_export.build(db, args.skus, args.flagged)
        bench_export.use_template(db)
        con = duckdb.connect(str(template))
        con.execute("CHECKPOINT")
        con.close()
        one_round(template, root, args.threads or None)  # warm, not counted
        runs = [one_round(template, root, args.threads or None) for _ in range(args.rounds)]
    merged: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for steps in runs:
        for label, cpu, wall in steps:
            merged[label].append((cpu, wall))
    print(f"threads: {args.threads or 'default'}; medians of {args.rounds}")
    for label, values in merged.items():
        print(f"  CPU {statistics.median(c for c, _ in values):6.3f}"
              f"  wall {statistics.median(w for _, w in values):6.3f}  {label}")
    floor = statistics.median(w for _, w in merged["TOTAL floor"])
    baseline = statistics.median(w for _, w in merged["BASELINE: COPY of the same upload rows"])
    print(f"floor / baseline (wall): {floor / baseline:.2f}")


if __name__ == "__main__":
    main()
