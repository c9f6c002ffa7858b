"""`payouts import` and `reconcile` as a scheduled job runs them."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.conftest import ROOT

CONSTRUCTED = ROOT / "tests" / "formats" / "ebay" / "golden" / "transaction_report_constructed.csv"


def test_reconcile_check_exits_3_when_out_of_balance_and_exports(run_cli, tmp_path, demo_db):
    db = demo_db.environment_value
    checked = run_cli("--db", db, "reconcile", "--check", "--json")
    assert checked.code == 3, checked.stderr
    assert checked.json["problems"] == ["payouts: 1 eBay order(s) missing from our books"]
    balanced = run_cli("--db", db, "reconcile", "--view", "deposits", "--check")
    assert balanced.code == 0 and "balanced" in balanced.stdout
    out = tmp_path / "shipping.xlsx"
    written = run_cli("--db", db, "reconcile", "--view", "shipping", "--account", "demo-outlet",
                      "--out", out)
    assert written.code == 0, written.stderr
    book = load_workbook(out)
    assert book.sheetnames[:3] == ["Totals", "orders", "by_month"]
    assert {row[1] for row in book["orders"].iter_rows(min_row=2, values_only=True)} == {"demo-outlet"}
    bad = run_cli("--db", db, "reconcile", "--out", tmp_path / "x.csv")
    assert bad.code == 2 and "--view" in bad.stderr


def test_payouts_import_twice(run_cli, tmp_path, demo_db):
    db = demo_db.environment_value
    first = run_cli("--db", db, "payouts", "import", CONSTRUCTED, "--account", "demo-store", "--json")
    assert first.code == 4, first.stderr  # written, with the report's one bad row rejected
    assert first.json["rows_new"] == 16 and first.json["unknown_types"] == ["Sparkle credit"]
    assert len(first.json["rejected"]) == 1
    again = run_cli("--db", db, "payouts", "import", CONSTRUCTED, "--account", "demo-store", "--json")
    assert again.json["rows_new"] == 0
    missing = run_cli("--db", db, "payouts", "import", tmp_path / "nope.csv", "--account", "demo-store")
    assert missing.code == 2 and "nope.csv" in missing.stderr


def test_rebuild_summary_repairs_the_orders_shipping_figures(run_cli, demo_db):
    db = demo_db.environment_value
    right = run_cli("--db", db, "reconcile", "--view", "shipping", "--json")
    assert right.code == 0, right.stderr
    with demo_db.write() as con:  # figures drifted (written by hand, say)
        con.execute("UPDATE orders SET carrier_cost = 0, live_shipments = 0"
                    " WHERE order_id IN (SELECT order_id FROM shipments LIMIT 3)")
    drifted = run_cli("--db", db, "reconcile", "--view", "shipping", "--json")
    assert drifted.json["views"] != right.json["views"]
    repaired = run_cli("--db", db, "reconcile", "--view", "shipping", "--rebuild-summary")
    assert repaired.code == 0 and "shipping figures of 3 order(s)" in repaired.stdout
    again = run_cli("--db", db, "reconcile", "--view", "shipping", "--rebuild-summary", "--json")
    assert again.json["rebuilt_orders"] == 0
    assert again.json["views"] == right.json["views"]


def test_rebuild_summary_repairs_the_money_figures_and_says_how_many(run_cli, demo_db):
    from aimsi_ebay.ops.reconcile import money_summary

    with demo_db.read() as con:  # the demo store's writers kept every figure
        assert not any(money_summary.drift(con).values())
    with demo_db.write() as con:  # a deposit and an invoice changed around their writers
        con.execute("UPDATE deposits SET applied = applied + 1 WHERE deposit_id = 1")
        con.execute("UPDATE invoices SET paid = paid + 1 WHERE invoice_id ="
                    " (SELECT min(invoice_id) FROM invoices)")
    db = demo_db.environment_value
    stale = run_cli("--db", db, "reconcile", "--view", "deposits", "--json")
    repaired = run_cli("--db", db, "reconcile", "--view", "deposits", "--rebuild-summary", "--json")
    assert repaired.code == 0, repaired.stderr
    assert repaired.json["rebuilt_money_rows"] == 2
    assert repaired.json["views"]["deposits"]["totals"]["applied"] != (
        stale.json["views"]["deposits"]["totals"]["applied"])
    with demo_db.read() as con:
        assert not any(money_summary.drift(con).values())
