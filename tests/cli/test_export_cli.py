"""``aimsi-ebay export`` and ``accounts``: JSON output and exit codes, as a scheduled job sees them."""

from __future__ import annotations

from aimsi_ebay.formats.ebay import listing_upload as upload


def test_export_json_counts_and_file(run_cli, demo_db, tmp_path):
    out = tmp_path / "upload.csv"
    result = run_cli("--db", demo_db.environment_value, "export", "--account", "demo-store", "--out", out, "--json")
    assert result.code == 4, result.stderr  # written, with invalid rows skipped (exit-code rule)
    data = result.json
    assert not data["ok"] and data["exit_code"] == 4
    assert data["file"] == str(out) and data["batch_id"] == 1
    assert data["exported"] == data["adds"] + data["revises"] > 0
    assert data["skipped"] and all(row["reasons"] for row in data["skipped"])
    rows = upload.read_upload(out.read_text(encoding="utf-8")).rows
    assert len(rows) == data["exported"]
    again = run_cli("--db", demo_db.environment_value, "export", "--account", "demo-store", "--out", out, "--json")
    # The flags were cleared: nothing left but the invalid rows, so nothing written (exit 2).
    assert again.code == 2 and again.json["exported"] == 0 and again.json["skipped"]


def test_export_dry_run_text_summary(run_cli, demo_db):
    result = run_cli("--db", demo_db.environment_value, "export", "--account", "demo-outlet", "--dry-run")
    assert result.code == 2, result.stderr  # a dry run writes nothing; one row is invalid
    assert result.stderr.count("\n") == 1 and "nothing written" in result.stderr
    assert result.stdout.startswith("dry run: ") and "no file written" in result.stdout
    history = run_cli("--db", demo_db.environment_value, "export-history")
    assert history.stdout.strip() == "no export batches yet"


def test_bad_input_exits_2_with_one_line(run_cli, demo_db):
    for args, fragment in (
        (("--account", "nobody"), "no seller account 'nobody'"),
        (("--account", "demo-store", "--max-price", "abc"), '"max_price"'),
        (("--account", "demo-store", "--not-exported-since", "31/12/2026"), "not a date"),
    ):
        result = run_cli("--db", demo_db.environment_value, "export", *args)
        assert result.code == 2, args
        assert fragment in result.stderr and len(result.stderr.strip().splitlines()) == 1
    as_json = run_cli("--db", demo_db.environment_value, "export", "--account", "nobody", "--json")
    assert as_json.code == 2 and as_json.json["ok"] is False


def test_accounts_add_list_update(run_cli, fresh_db):
    added = run_cli("--db", fresh_db.environment_value, "accounts", "add", "shop2", "--ebay-user", "shop_two",
                    "--location", "Austin, TX", "--dispatch-days", "3", "--postal-code", "78701",
                    "--shipping-profile", "Standard", "--return-profile", "30 days", "--json")
    assert added.code == 0 and added.json["account"]["dispatch_days"] == 3
    bad = run_cli("--db", fresh_db.environment_value, "accounts", "update", "shop2", "--dispatch-days", "7")
    assert bad.code == 2 and "dispatch days 7" in bad.stderr
    listed = run_cli("--db", fresh_db.environment_value, "accounts", "list", "--json")
    assert [a["name"] for a in listed.json["accounts"]] == ["shop2"]
