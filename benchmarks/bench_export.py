"""Export 100,000 flagged records out of 1,000,000 SKUs, side by side with DuckDB's own COPY.

    .venv/bin/python benchmarks/bench_export.py [--skus 1000000] [--flagged 100000] [--runs 3]
    scripts/with_postgres .venv/bin/python benchmarks/bench_export.py --db "$AIMSI_EBAY_TEST_PG"

Target (issue 4): the export takes no more than 3x the time DuckDB needs to COPY the same rows
to a CSV. Two baselines are printed: COPY of the flagged eBay records (every column, their
pictures as a list), and COPY of the same upload rows (pictures joined by |). All are timed from a fresh
connection on the same database file; the export's time covers everything it does: selection,
the listing rules, the upload file (written atomically, fsynced), the archived copy and its
sha256, the per-row snapshots, the flag clearing and the COMMIT. Between runs the flags are set
again (not timed). With ``--db postgresql://…`` the export runs on a PostgreSQL copy of the same
store (``benchmarks/pg_store.py``: a fresh database per run, flags set), beside the same COPY
baselines on the DuckDB file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aimsi_ebay.db import Database
from aimsi_ebay.demo.store import CATEGORY_FILE
from aimsi_ebay.ops.accounts import create_account
from aimsi_ebay.ops.categories import load_categories
from aimsi_ebay.ops.export.batch import export_records
from aimsi_ebay.ops.export.record_checks import refresh_record_checks
from aimsi_ebay.ops.listings.templates import save_template, set_account_texts
from benchmarks.pg_store import PgStores, backend_name, stores_for

TARGET_RATIO = 3.0
# --templated: every record takes the account's default description template (issue 14).
BENCH_TEMPLATE = """<h2>{{ title }}</h2>
{{ description }}
<ul>{% for name, value in specifics|dictsort %}<li>{{ name }}: {{ value }}</li>{% endfor %}</ul>
<p>{{ condition }}</p>{{ shipping }}{{ returns }}
"""


def build(db: Database, skus: int, flagged: int) -> None:
    """A million-SKU store: 5 SKUs per item, an eBay record per SKU, 1-4 images each.

    The records are inserted by SQL, so the facts their writers keep on them (migration 027:
    ``record_checks``) are then rebuilt, as every writer of a record would have left them.
    """
    load_categories(db, CATEGORY_FILE)
    create_account(db, name="bench", ebay_user_id="bench_store", item_location="Springfield, IL",
                   postal_code="62701", dispatch_days=1, shipping_profile="Standard Shipping",
                   return_profile="30 Day Returns", payment_profile="eBay Managed Payments")
    every = skus // flagged
    with db.write() as con:
        leaves = [row[0] for row in con.execute(
            "SELECT category_id FROM ebay_categories WHERE is_leaf ORDER BY category_id LIMIT 50"
        ).fetchall()]
        con.execute(
            "INSERT INTO items (item_id, style_code, description, vendor, department, category)"
            " SELECT n, 'STY-' || lpad(CAST(n AS VARCHAR), 7, '0'), 'Item ' || n,"
            " 'Vendor ' || (n % 40), 'Dept ' || (n % 8), 'Cat ' || (n % 25)"
            " FROM range(?) t(n)", [skus // 5])
        con.execute(
            "INSERT INTO skus (sku, item_id, price, cost, qty_on_hand)"
            " SELECT 'SKU-' || lpad(CAST(n AS VARCHAR), 7, '0'), n // 5,"
            " CAST(10 + (n % 2000) + 0.99 AS DECIMAL(12,2)), CAST(5 + (n % 1000) AS DECIMAL(12,2)),"
            " 1 + n % 20 FROM range(?) t(n)", [skus])
        con.execute(
            f"""INSERT INTO ebay_records (sku, account_id, title, subtitle, listing_format, duration,
                category1_id, condition_id, start_price, buy_it_now_price, quantity, description,
                description_is_html, ebay_item_id, update_ebay, image_urls, specific_brand)
            SELECT 'SKU-' || lpad(CAST(n AS VARCHAR), 7, '0'), 1,
                'Brand Model ' || n || ', "Sunburst", with case', NULL,
                CASE WHEN n % 10 = 3 THEN 'Auction' ELSE 'FixedPrice' END,
                CASE WHEN n % 10 = 3 THEN '7' ELSE 'GTC' END,
                list_element(?, 1 + n % {len(leaves)}), 1000,
                CAST(10 + (n % 2000) + 0.99 AS DECIMAL(12,2)),
                CASE WHEN n % 10 = 3 THEN CAST(20 + (n % 2000) * 2 AS DECIMAL(12,2)) END,
                1,
                '<h2>Brand Model ' || n || '</h2><p>Brand new, shipped from our store in Springfield, IL.</p>'
                || '<ul><li>Full "manufacturer" warranty</li><li>Inspected, set up</li></ul>'
                || chr(10) || '<p>Ships in 1 business day.</p>',
                TRUE,
                CASE WHEN n % 2 = 0 THEN CAST(390000000000 + n AS VARCHAR) END,
                n % {every} = 0,
                list_transform(range(1, 2 + n % 4),
                               lambda p: 'https://i.ebayimg.com/images/g/bench/sku-' || n || '-' || p || '.jpg'),
                'Brand ' || (n % 40)  -- Brand is required (item specific C:Brand)
            FROM range(?) t(n)""", [leaves, skus])
        refresh_record_checks(con)


def use_template(db: Database) -> None:
    """Every record through the account's description template (``--templated``): the
    account's texts and ``BENCH_TEMPLATE``, its first template and so its default."""
    set_account_texts(db, "bench", shipping="<p>Ships in 1 business day.</p>",
                      returns="<p>30-day returns.</p>")
    save_template(db, "bench", "Store layout", BENCH_TEMPLATE)


def reflag(db: Database, flagged_skus: str) -> None:
    with db.write() as con:
        con.execute(f"UPDATE ebay_records SET update_ebay = TRUE WHERE sku IN (SELECT sku FROM read_csv('{flagged_skus}'))")
        con.execute("DELETE FROM ebay_records WHERE FALSE")
    con = duckdb.connect(str(db.path))
    con.execute("CHECKPOINT")
    con.close()


# The facts kept on a record for the export (migration 026) are not part of the record's data:
# the baselines copy every column the records had before them.
FACTS = "checks_key, checks_clean, description_placeable"


def time_copy(db: Database, target: Path) -> float:
    """DuckDB copying the flagged records (every column) to a CSV."""
    started = time.perf_counter()
    con = duckdb.connect(str(db.path))
    con.execute(f"COPY (SELECT * EXCLUDE ({FACTS}) FROM ebay_records WHERE update_ebay)"
                f" TO '{target}' (HEADER)")
    con.close()
    return time.perf_counter() - started


def time_copy_rows(db: Database, target: Path) -> float:
    """DuckDB copying the same upload rows (the flagged records, pictures joined by |) to a CSV."""
    started = time.perf_counter()
    con = duckdb.connect(str(db.path))
    con.execute(
        f"COPY (SELECT r.* EXCLUDE (image_urls, {FACTS}), array_to_string(r.image_urls, '|') AS urls"
        f" FROM ebay_records r WHERE r.update_ebay) TO '{target}' (HEADER)")
    con.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=1_000_000)
    parser.add_argument("--flagged", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--templated", action="store_true",
                        help="every record takes the account's default description template")
    parser.add_argument("--db", help="export from a PostgreSQL copy of the store: a "
                        "postgresql:// URL of a database on the server (default: the DuckDB file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aimsi-bench-") as folder, \
            stores_for(args.db, Path(folder) / "data") as stores:
        run_all(args, Path(folder), stores)


def run_all(args: argparse.Namespace, root: Path, stores: PgStores | None) -> None:
    db = Database(root / "bench.duckdb")
    started = time.perf_counter()
    build(db, args.skus, args.flagged)
    if args.templated:
        use_template(db)
    flagged_skus = root / "flagged.csv"
    con = duckdb.connect(str(db.path))
    con.execute(f"COPY (SELECT sku FROM ebay_records WHERE update_ebay) TO '{flagged_skus}' (HEADER)")
    con.execute("CHECKPOINT")
    count = con.execute("SELECT count(*) FROM ebay_records WHERE update_ebay").fetchone()[0]
    con.close()
    if stores:
        stores.build_template(db.path)
    print(f"built {args.skus:,} SKUs / eBay records, {count:,} flagged, in "
          f"{time.perf_counter() - started:.1f} s; exporting from {backend_name(args.db)}")
    copies, row_copies, exports = [], [], []
    for run in range(1, args.runs + 1):
        if run > 1 and not stores:  # a PostgreSQL run exports a fresh copy: flags all set
            reflag(db, str(flagged_skus))
        copies.append(time_copy(db, root / f"copy{run}.csv"))
        row_copies.append(time_copy_rows(db, root / f"rows{run}.csv"))
        exported = Database(stores.clone()) if stores else db
        started = time.perf_counter()
        report = export_records(exported, "bench", out=root / f"upload{run}.csv")
        exports.append(time.perf_counter() - started)
        assert report.exported == count and not report.skipped, report
        print(f"run {run}: COPY records {copies[-1]:.3f} s, COPY upload rows "
              f"{row_copies[-1]:.3f} s, export {exports[-1]:.3f} s  ({report.exported:,} rows, "
              f"{(root / f'upload{run}.csv').stat().st_size / 1e6:.1f} MB)")
    copy_s, rows_s = statistics.median(copies), statistics.median(row_copies)
    export_s = statistics.median(exports)
    for label, baseline in (("the flagged records", copy_s), ("the same upload rows", rows_s)):
        ratio = export_s / baseline
        print(f"median vs COPY of {label} (DuckDB file): {baseline:.3f} s, export"
              f" ({backend_name(args.db)}) {export_s:.3f} s, "
              f"ratio {ratio:.2f} (target <= {TARGET_RATIO:.0f}): "
              f"{'OK' if ratio <= TARGET_RATIO else 'MISSED'}")


if __name__ == "__main__":
    main()
