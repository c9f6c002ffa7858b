"""The command line: stable commands, --json, exit codes, documented."""

import re
from pathlib import Path

import pytest

from aimsi_ebay.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def test_init_creates_and_migrates(run_cli, tmp_path):
    result = run_cli("--db", tmp_path / "x.duckdb", "init", "--json")
    assert result.code == 0, result.stderr
    assert result.json["ok"] is True and result.json["migrations_applied"]
    again = run_cli("--db", tmp_path / "x.duckdb", "init", "--json")
    assert again.json["migrations_applied"] == []


def test_demo_then_refusal_then_reset(run_cli, tmp_path):
    db = tmp_path / "demo.duckdb"
    first = run_cli("--db", db, "demo", "--json")
    assert first.code == 0, first.stderr
    assert first.json["counts"]["customers"] == 2000
    second = run_cli("--db", db, "demo")
    assert second.code == 2
    assert "already holds a store" in second.stderr and len(second.stderr.strip().splitlines()) == 1
    assert "demo --reset" in second.stderr  # it is a demo store: rebuilding it loses nothing
    assert run_cli("--db", db, "demo", "--reset").code == 0


def test_demo_reset_never_deletes_a_real_store(run_cli, tmp_path):
    db = tmp_path / "store.duckdb"
    assert run_cli("--db", db, "init").code == 0
    added = run_cli("--db", db, "accounts", "add", "shop", "--ebay-user", "shop_1",
                    "--location", "Springfield, IL", "--postal-code", "62701",
                    "--shipping-profile", "Ground", "--return-profile", "30 days")
    assert added.code == 0, added.stderr
    refused = run_cli("--db", db, "demo")
    assert refused.code == 2 and "--reset" not in refused.stderr  # no destructive hint
    reset = run_cli("--db", db, "demo", "--reset")
    assert reset.code == 2 and "not a demo store" in reset.stderr
    assert len(reset.stderr.strip().splitlines()) == 1
    assert "shop" in run_cli("--db", db, "accounts", "list").stdout  # still there
    replaced = run_cli("--db", db, "demo", "--replace-real-store")
    assert replaced.code == 0, replaced.stderr
    [backup] = tmp_path.glob("store.duckdb.replaced-*")
    assert "shop:" in run_cli("--db", backup, "accounts", "list").stdout
    assert "shop:" not in run_cli("--db", db, "accounts", "list").stdout


def test_only_init_and_demo_create_a_database(run_cli, tmp_path):
    typo = tmp_path / "typo" / "stroe.duckdb"
    for command in (["accounts", "list"], ["export-history"], ["listings", "pull", tmp_path / "x.csv"]):
        result = run_cli("--db", typo, *command)
        assert result.code == 2 and "does not exist" in result.stderr, command
        assert str(typo) in result.stderr and result.stderr.count("\n") == 1
    assert not typo.parent.exists()


def test_a_file_that_is_not_a_database_gets_one_line(run_cli, tmp_path):
    foreign = tmp_path / "notes.duckdb"
    foreign.write_text("shopping list\n" * 1000)
    result = run_cli("--db", foreign, "accounts", "list")
    assert result.code == 2 and "cannot open it as a DuckDB database" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_database_comes_from_the_environment(run_cli, tmp_path):
    import os

    env = {**os.environ, "AIMSI_EBAY_DB": str(tmp_path / "env.duckdb")}
    assert run_cli("init", env=env).code == 0
    assert (tmp_path / "env.duckdb").exists()


def test_categories_load_both_formats(run_cli, tmp_path, samples):
    db = tmp_path / "c.duckdb"
    assert run_cli("--db", db, "init").code == 0
    for name in ("ebay_us_musical_instruments.csv", "ebay_us_musical_instruments_tree.json"):
        result = run_cli("--db", db, "categories", "load", samples / "categories" / name, "--json")
        assert result.code == 0, result.stderr
        assert result.json["categories"] == 418 and result.json["leaves"] == 366


def test_bad_input_exits_2_with_one_line_naming_file_row_and_field(run_cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("CategoryID,CategoryName,CategoryLevel,CategoryParentID,LeafCategory\n1,A,1,1,false\n2,B,x,1,true\n")
    result = run_cli("--db", tmp_path / "c.duckdb", "categories", "load", bad, "--json")
    assert result.code == 2
    assert result.json == {"ok": False, "error": 'bad.csv row 3 "CategoryLevel": \'x\' is not a level',
                           "file": "bad.csv", "row": 3, "field": "CategoryLevel", "reason": "'x' is not a level"}
    missing = run_cli("--db", tmp_path / "c.duckdb", "categories", "load", tmp_path / "nope.json")
    assert missing.code == 2 and "file not found" in missing.stderr


def test_usage_errors_exit_2(run_cli):
    assert run_cli("no-such-command").code == 2
    assert run_cli("categories").code == 2


def _commands(parser, prefix=""):
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            for name, sub in action.choices.items():
                has_children = any(a.__class__.__name__ == "_SubParsersAction" for a in sub._actions)
                if has_children:
                    yield from _commands(sub, f"{prefix}{name} ")
                else:
                    yield f"{prefix}{name}"


def test_every_command_is_documented_in_the_readme():
    readme = README.read_text()
    documented = set(re.findall(r"^\s*aimsi-ebay (?:\[--db LOCATION\] )?([a-z-]+(?: [a-z-]+)?)", readme, re.M))
    for command in _commands(build_parser()):
        assert any(entry == command or entry.startswith(command + " ") or command.startswith(entry)
                   for entry in documented), f"`aimsi-ebay {command}` is not in the README's CLI reference"


def test_serve_requires_a_token_kept_private_and_bounds_the_dashboards(tmp_path, demo_db):
    import os
    import socket
    import stat
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    db = demo_db.environment_value
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_TOKEN")}
    server = subprocess.Popen(
        [sys.executable, "-m", "aimsi_ebay", "--db", str(db), "serve", "--port", str(port),
         "--max-dashboards", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        assert server.stdout.readline().startswith("aimsi-ebay dashboards on")
        url = server.stdout.readline().split("open ", 1)[1].strip()
        token_file = tmp_path / ".dashboard_token"
        token = token_file.read_text().strip()
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600 and len(token) >= 24
        assert url == f"http://127.0.0.1:{port}/voila/render/Home.ipynb?token={token}"
        command_line = Path(f"/proc/{server.pid}/cmdline").read_bytes()
        assert token.encode() not in command_line  # not visible in ps
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    assert response.status == 200
                break
            except (ConnectionError, urllib.error.URLError):
                assert time.monotonic() < deadline, "Voilà did not answer"
                time.sleep(0.3)
        try:
            with urllib.request.urlopen(url.split("?")[0], timeout=30) as response:
                assert "/login" in response.geturl(), "served without the token"
        except urllib.error.HTTPError as error:
            assert error.code in (401, 403)
        with pytest.raises(urllib.error.HTTPError) as refused:  # the one kernel is in use
            urllib.request.urlopen(url, timeout=30)
        assert refused.value.code == 503
        assert "Too many open dashboards" in refused.value.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_refuses_a_network_address_without_a_token(run_cli, demo_db):
    db = demo_db.environment_value
    result = run_cli("--db", db, "serve", "--ip", "0.0.0.0", "--no-token")
    assert result.code == 2 and "anyone on the network" in result.stderr
    assert result.stderr.count("\n") == 1
