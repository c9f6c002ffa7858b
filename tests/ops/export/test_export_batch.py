"""The export operation on the demo store: selection, flags, batches, all or nothing."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.export import batch as exports
from aimsi_ebay.ops.export import publishing
from aimsi_ebay.ops.export.batch import ExportCriteria, batch_rows, export_records, select_records
from tests.ops.export.helpers import without_templates


def flagged(db) -> set[str]:
    with db.read() as con:
        return {row[0] for row in con.execute("SELECT sku FROM ebay_records WHERE update_ebay").fetchall()}


def state(db) -> tuple:
    """Everything an export may change."""
    with db.read() as con:
        return (
            con.execute("SELECT sku, update_ebay, version, last_export_batch_id, last_exported_at"
                        " FROM ebay_records ORDER BY sku").fetchall(),
            con.execute("SELECT count(*) FROM export_batches").fetchone(),
            con.execute("SELECT count(*) FROM export_lines").fetchone(),
            con.execute("SELECT count(*) FROM audit_log").fetchone(),
        )


def file_skus(path) -> set[str]:
    return {row["CustomLabel"] for row in upload.read_upload(path.read_text(encoding="utf-8")).rows}


def test_selection_lists_flagged_records_with_validation_and_account_mark(demo_db):
    rows = select_records(demo_db, ExportCriteria(), "demo-store")
    assert {row.sku for row in rows} == flagged(demo_db)
    invalid = [row for row in rows if not row.valid]
    assert len(invalid) == 6 and all(row.errors for row in invalid)
    assert {row.account_mismatch for row in rows} == {True, False}
    assert all(row.account_mismatch == (row.default_account != "demo-store") for row in rows)
    assert all(isinstance(row.start_price, Decimal) for row in rows)
    assert {row.action for row in rows} == {"Add", "Revise"}
    assert all((row.action == "Revise") == bool(row.ebay_item_id) for row in rows)


def test_export_clears_flags_on_exactly_the_exported_rows(demo_db, tmp_path):
    without_templates(demo_db)  # records sent as stored (templates: test_descriptions)
    rows = select_records(demo_db, ExportCriteria(), "demo-store")
    chosen = [row.sku for row in rows if row.valid and not row.account_mismatch][:-1]
    left_out = [row.sku for row in rows if row.valid and not row.account_mismatch][-1]
    invalid = {row.sku for row in rows if not row.valid}
    before = flagged(demo_db)
    out = tmp_path / "upload.csv"

    report = export_records(demo_db, "demo-store", skus=chosen + sorted(invalid), out=out)

    assert report.exported == len(chosen) and report.batch_id is not None
    assert {row.sku for row in report.skipped} == invalid
    assert all(row.reasons for row in report.skipped)
    assert file_skus(out) == set(chosen)
    assert flagged(demo_db) == before - set(chosen)
    assert left_out in flagged(demo_db) and invalid <= flagged(demo_db)
    with demo_db.read() as con:
        stamped = {r[0] for r in con.execute(
            "SELECT sku FROM ebay_records WHERE last_export_batch_id = ?", [report.batch_id]).fetchall()}
        batch = con.execute(
            "SELECT file_name, file_path, rows_exported, rows_skipped, criteria, created_by,"
            " file_sha256 FROM export_batches WHERE batch_id = ?", [report.batch_id]).fetchone()
        lines = con.execute(
            "SELECT l.sku, l.action, l.start_price, l.quantity, l.pictures,"
            " r.start_price, r.quantity, len(r.image_urls)"
            " FROM export_lines l JOIN ebay_records r USING (sku) WHERE batch_id = ?",
            [report.batch_id]).fetchall()
        records = {sku: (title, description) for sku, title, description in con.execute(
            "SELECT sku, title, description FROM ebay_records").fetchall()}
    assert stamped == set(chosen)
    archived = Path(batch[1])
    assert batch[0] == "upload.csv" and archived.parent == demo_db.path.parent / "exports"
    assert archived.read_bytes() == out.read_bytes()
    assert batch[6] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert batch[2:4] == (len(chosen), len(invalid)) and batch[5] == "pytest"
    assert {line[0] for line in lines} == set(chosen)
    for sku, action, price, quantity, pictures, *record in lines:
        assert action in ("Add", "Revise") and price > 0
        assert (price, quantity, pictures) == tuple(record), sku
    sent = batch_rows(demo_db, report.batch_id)
    assert sorted(sent["CustomLabel"]) == sorted(chosen)
    for row in sent.itertuples(index=False):
        assert (row[5], row[8]) == records[row[2]]  # *Title, *Description as sent


def test_invalid_rows_are_never_written(demo_db, tmp_path):
    out = tmp_path / "all.csv"
    report = export_records(demo_db, "demo-store", out=out)
    invalid = {row.sku for row in report.skipped}
    assert len(invalid) == 6
    assert not invalid & file_skus(out)
    assert invalid <= flagged(demo_db)


def test_own_records_only_leaves_other_accounts_records(demo_db, tmp_path):
    rows = {row.sku: row for row in select_records(demo_db, ExportCriteria(), "demo-store")}
    report = export_records(demo_db, "demo-store", out=tmp_path / "own.csv", own_records_only=True)
    sent = file_skus(tmp_path / "own.csv")
    assert sent and all(not rows[sku].account_mismatch for sku in sent)
    assert report.exported == sum(1 for r in rows.values() if r.valid and not r.account_mismatch)


def test_file_that_cannot_be_written_clears_nothing(demo_db, tmp_path, monkeypatch):
    before = state(demo_db)

    def refuse(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(publishing, "seal", refuse)  # the file cannot be flushed to disk
    with pytest.raises(OSError, match="disk full"):
        export_records(demo_db, "demo-store", out=tmp_path / "never.csv")
    assert state(demo_db) == before
    assert not (tmp_path / "never.csv").exists()


def test_commit_that_fails_removes_the_file(demo_db, tmp_path, monkeypatch):
    before = state(demo_db)

    @contextmanager
    def write_then_fail_commit():
        with demo_db._connection(read_only=False) as con:
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("ROLLBACK")
            raise duckdb.IOException("simulated COMMIT failure")

    monkeypatch.setattr(demo_db, "write", write_then_fail_commit)
    out = tmp_path / "gone.csv"
    with pytest.raises(duckdb.IOException, match="simulated"):
        export_records(demo_db, "demo-store", out=out)
    assert not out.exists()
    monkeypatch.undo()
    assert state(demo_db) == before


def stored_files(db) -> list[Path]:
    """Every file in the exports folder but the exports' lock file."""
    folder = db.path.parent / "exports"
    return [p for p in folder.rglob("*") if p.is_file() and p.name != ".publish.lock"]


def test_recording_that_fails_while_the_file_is_written_removes_the_file(
        demo_db, tmp_path, monkeypatch):
    # The file is finished in a thread while the batch is recorded; a database error then
    # waits for the file, removes it and rolls everything back.
    before = state(demo_db)

    def fail(*args):
        raise duckdb.ConstraintException("simulated failure while recording the rows")

    monkeypatch.setattr(exports, "_record_rows", fail)
    out = tmp_path / "files" / "gone.csv"
    with pytest.raises(duckdb.ConstraintException, match="simulated"):
        export_records(demo_db, "demo-store", out=out)
    assert not out.parent.exists()  # nothing in the operator's folder, not even the folder
    assert stored_files(demo_db) == []  # no archive, no scratch left behind
    assert state(demo_db) == before


def test_dry_run_changes_nothing(demo_db, tmp_path):
    before = state(demo_db)
    report = export_records(demo_db, "demo-store", dry_run=True)
    assert report.exported > 0 and report.file is None and report.batch_id is None
    preview = export_records(demo_db, "demo-store", dry_run=True, out=tmp_path / "preview.csv")
    assert preview.file and len(file_skus(tmp_path / "preview.csv")) == report.exported
    assert state(demo_db) == before
    assert stored_files(demo_db) == []


def test_test_mode_records_the_batch_but_keeps_the_flags(demo_db, tmp_path):
    before = flagged(demo_db)
    report = export_records(demo_db, "demo-store", test_mode=True)
    assert report.batch_id and report.file.endswith("_verify.csv")
    assert flagged(demo_db) == before
    assert {row["Action"] for row in upload.read_upload(Path(report.file).read_text()).rows} == {"VerifyAdd"}


def test_default_file_goes_beside_the_database_and_history_redownloads_it(demo_db):
    report = export_records(demo_db, "demo-store")
    path = demo_db.path.parent / "exports" / (report.file.rsplit("/", 1)[-1])
    assert path.exists() and f"_b{report.batch_id}" in path.name
    [latest, *_] = exports.list_batches(demo_db)
    assert latest.batch_id == report.batch_id and latest.account == "demo-store"
    name, content = exports.batch_file(demo_db, report.batch_id)
    assert name == path.name and content == path.read_text(encoding="utf-8")
    with pytest.raises(InputError, match="no export batch"):
        exports.batch_file(demo_db, 999)


def test_nothing_to_export_writes_no_file_and_no_batch(demo_db, tmp_path):
    report = export_records(demo_db, "demo-store", ExportCriteria(sku_pattern="NO-SUCH-SKU"),
                            out=tmp_path / "empty.csv")
    assert report.exported == 0 and report.file is None and report.batch_id is None
    assert not (tmp_path / "empty.csv").exists()


def test_chosen_skus_no_longer_flagged_are_reported(demo_db, tmp_path):
    report = export_records(demo_db, "demo-store", skus=["NOT-FLAGGED-SKU"], out=tmp_path / "x.csv")
    assert report.not_flagged == ["NOT-FLAGGED-SKU"] and report.exported == 0


@pytest.mark.parametrize(
    ("criteria", "check"),
    [
        ({"vendor": "fender"}, lambda r: (r.vendor or "").lower() == "fender"),
        ({"department": "Guitars"}, lambda r: r.department == "Guitars"),
        ({"sku_pattern": "GTR-"}, lambda r: r.sku.startswith("GTR-")),
        ({"sku_pattern": "*-SB"}, lambda r: r.sku.endswith("-SB")),
        ({"min_price": "100", "max_price": "500.00"},
         lambda r: r.start_price is not None and Decimal(100) <= r.start_price <= Decimal(500)),
        ({"default_account": "demo-outlet"}, lambda r: r.default_account == "demo-outlet"),
        ({"ebay_category": "33034"}, lambda r: r.ebay_category == "33034"),
    ],
)
def test_criteria_filter_the_selection(demo_db, criteria, check):
    everything = select_records(demo_db, ExportCriteria())
    picked = select_records(demo_db, ExportCriteria.parse(**criteria))
    assert picked, criteria
    assert all(check(row) for row in picked)
    assert {row.sku for row in everything if check(row)} == {row.sku for row in picked}


def test_not_exported_since(demo_db):
    everything = select_records(demo_db, ExportCriteria())
    picked = select_records(demo_db, ExportCriteria.parse(not_exported_since="2026-10-01"))
    expected = {row.sku for row in everything
                if row.last_exported_at is None or row.last_exported_at.date() < __import__("datetime").date(2026, 10, 1)}
    assert {row.sku for row in picked} == expected and 0 < len(expected) < len(everything)


@pytest.mark.parametrize(
    ("raw", "field"),
    [({"min_price": "12.3x"}, "min_price"), ({"min_price": "10", "max_price": "5"}, "min_price"),
     ({"not_exported_since": "yesterday"}, "not_exported_since")],
)
def test_bad_criteria_name_the_field(raw, field):
    with pytest.raises(InputError) as caught:
        ExportCriteria.parse(**raw)
    assert caught.value.field == field


def test_sku_like_escapes_sql_wildcards():
    assert exports.sku_like("A_B%") == "A\\_B\\%%"
    assert exports.sku_like("GTR-*-S?") == "GTR-%-S_"


def test_the_busiest_account_is_the_one_most_flagged_records_belong_to(demo_db):
    assert exports.busiest_account(demo_db) == "demo-store"
    with demo_db.write() as con:
        con.execute("UPDATE ebay_records SET update_ebay = FALSE WHERE account_id ="
                    " (SELECT account_id FROM seller_accounts WHERE name = 'demo-store')")
    assert exports.busiest_account(demo_db) == "demo-outlet"
