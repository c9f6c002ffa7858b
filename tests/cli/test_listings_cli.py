"""``aimsi-ebay listings pull/push``: files, JSON, exit codes."""

from __future__ import annotations

import pandas as pd

from aimsi_ebay.ops.listings import records as listings


def test_pull_then_push_unchanged_exits_0(run_cli, demo_db, tmp_path):
    path = tmp_path / "records.csv"
    pulled = run_cli("--db", demo_db.environment_value, "listings", "pull", path, "--json")
    assert pulled.code == 0 and pulled.json["rows"] > 300
    pushed = run_cli("--db", demo_db.environment_value, "listings", "push", path, "--json")
    assert pushed.code == 0, pushed.stderr
    assert pushed.json["changed"] == 0 and pushed.json["written"] == 0


def test_push_dry_run_json_shows_the_diff_and_writes_nothing(run_cli, demo_db, tmp_path):
    path = tmp_path / "records.xlsx"
    assert run_cli("--db", demo_db.environment_value, "listings", "pull", path).code == 0
    frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    position = frame.index[frame["sku"] == "TSH-LOGO-M"][0]
    frame.loc[position, "start_price"] = "23.00"
    frame.to_excel(path, index=False)
    result = run_cli("--db", demo_db.environment_value, "listings", "push", path, "--dry-run", "--json")
    assert result.code == 0, result.stderr
    assert result.json["dry_run"] and result.json["written"] == 0
    assert result.json["diff"] == [{"sku": "TSH-LOGO-M", "row": str(position + 2), "ok": True,
                                    "field": "start_price", "before": "20.99", "after": "23.00"}]
    assert str(listings.read_record(demo_db, "TSH-LOGO-M").record["start_price"]) == "20.99"


def test_bad_rows_exit_2_naming_file_row_and_field(run_cli, demo_db, tmp_path):
    path = tmp_path / "records.csv"
    assert run_cli("--db", demo_db.environment_value, "listings", "pull", path).code == 0
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    position = frame.index[frame["sku"] == "TSH-LOGO-M"][0]
    frame.loc[position, "quantity"] = "lots"
    frame.loc[frame["sku"] == "TSH-LOGO-L", "start_price"] = "21.50"
    frame.to_csv(path, index=False)
    result = run_cli("--db", demo_db.environment_value, "listings", "push", path)
    assert result.code == 4  # the valid row written, the bad one rejected (exit-code rule)
    assert f'records.csv row {position + 2} "quantity"' in result.stdout
    assert "1 record(s) written" in result.stdout
    assert result.stderr == "aimsi-ebay: 1 row(s) rejected; the valid rows were written\n"
    assert "TSH-LOGO-L start_price: 20.99 -> 21.50" in result.stdout
    as_json = run_cli("--db", demo_db.environment_value, "listings", "push", path, "--json")
    assert as_json.code == 2 and as_json.json["ok"] is False  # the valid row is in already
    assert as_json.json["written"] == 0 and as_json.json["file"] == "records.csv"
    [rejected] = as_json.json["rejected"]
    assert rejected["field"] == "quantity" and rejected["reason"].startswith("'lots' is not a whole number")


def test_unknown_file_type_and_missing_file_exit_2(run_cli, demo_db, tmp_path):
    assert run_cli("--db", demo_db.environment_value, "listings", "pull", tmp_path / "x.txt").code == 2
    missing = run_cli("--db", demo_db.environment_value, "listings", "push", tmp_path / "none.csv")
    assert missing.code == 2 and "file not found" in missing.stderr
