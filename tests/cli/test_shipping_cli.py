"""``shipping …`` from the command line: JSON out, exit 2 on bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil

import pytest

from aimsi_ebay.ops.shipping.demo import SAMPLE_CSV


def env_for(tmp_path) -> dict[str, str]:
    return {**os.environ, "AIMSI_EBAY_DATA": str(tmp_path)}


@pytest.fixture
def demo_db(demo_db, demo_template_folder):
    """The demo store with its shipping folder (sample files, watch folder) beside it."""
    shutil.copytree(demo_template_folder / "shipping", demo_db.path.parent / "shipping")
    return demo_db


def test_lookup_import_and_tracking_file(run_cli, demo_db, tmp_path):
    env = env_for(demo_db.path.parent)
    out = tmp_path / "UPSORDERS.CSV"
    lookup = run_cli("--db", demo_db.environment_value, "shipping", "lookup-file", "--carrier", "ups",
                     "--out", out, "--json", env=env)
    assert lookup.code == 0, lookup.stderr
    assert lookup.json["rows"] == len(out.read_bytes().splitlines()) - 1
    assert {i["reason"] for i in lookup.json["left_out"]} == {"awaiting payment",
                                                                "no street address"}
    sample = demo_db.path.parent / "shipping" / "samples" / SAMPLE_CSV
    imported = run_cli("--db", demo_db.environment_value, "shipping", "import", sample, "--carrier", "ups",
                       "--json", env=env)
    assert imported.code == 4, imported.stderr  # written, with rejected rows
    assert (imported.json["added"], len(imported.json["rejected"])) == (5, 2)
    text = run_cli("--db", demo_db.environment_value, "shipping", "import", sample, env=env)
    assert "rejected row 9" in text.stdout and "imported before" in text.stdout
    tracking = run_cli("--db", demo_db.environment_value, "shipping", "ebay-tracking", "--account",
                       "demo-store", "--out", tmp_path / "t.csv", "--json", env=env)
    assert tracking.code == 0, tracking.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text())))
    assert any(r["Tracking Number"].startswith("1ZDEMO") for r in rows)  # today's packages
    assert tracking.json["rows"] == len(rows) and {r["Shipping Status"] for r in rows} == {
        "Shipped"}
    again = run_cli("--db", demo_db.environment_value, "shipping", "ebay-tracking", "--account",
                    "demo-store", "--json", env=env)
    assert again.json["rows"] == 0


def test_watch_once_and_maps(run_cli, demo_db, tmp_path):
    env = env_for(demo_db.path.parent)
    watched = run_cli("--db", demo_db.environment_value, "shipping", "watch", "--once", "--json", env=env)
    assert watched.code == 0, watched.stderr
    assert [f["file"] for f in watched.json["files"]] == ["DEMO_AUTOIMPORT.Out"]
    listed = run_cli("--db", demo_db.environment_value, "shipping", "maps", "list", "--json", env=env)
    assert {m["name"] for m in listed.json["maps"]} >= {"ups-default", "fedex-default"}
    spec = {"name": "desk", "carrier": "fedex", "has_header": False,
            "columns": {"order_reference": 1, "tracking_number": 2}}
    stored = run_cli("--db", demo_db.environment_value, "shipping", "maps", "set", json.dumps(spec), env=env)
    assert stored.code == 0, stored.stderr
    shown = run_cli("--db", demo_db.environment_value, "shipping", "maps", "show", "desk", "--json", env=env)
    assert shown.json["map"]["carrier"] == "fedex"


def test_bad_input_exits_2_with_one_line(run_cli, demo_db, tmp_path):
    env = env_for(demo_db.path.parent)
    junk = tmp_path / "junk.csv"
    junk.write_text("nothing a carrier wrote\n")
    for args in (("import", junk), ("import", tmp_path / "absent.csv"),
                 ("maps", "show", "nope"), ("maps", "set", '{"name": "x"}'),
                 ("auto-import", "--orders", "424242"),
                 ("lookup-file", "--carrier", "ups", "--out", tmp_path / "bad name.csv")):
        result = run_cli("--db", demo_db.environment_value, "shipping", *map(str, args), env=env)
        assert result.code == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
