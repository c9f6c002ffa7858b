"""The export publishes its file only after COMMIT, recovers a killed publish, keeps its own
archive copy and leaves no scratch files; plain-text descriptions go out HTML-escaped."""

from __future__ import annotations

import hashlib
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.export import batch as exports
from aimsi_ebay.ops.export import publishing
from aimsi_ebay.ops.export.batch import export_records
from tests.ops.export.helpers import without_templates


def unpublished(db) -> list[str]:
    """Scratch files of committed batches: what the next export still has to publish."""
    return sorted(p.name for p in (db.path.parent / "exports" / ".scratch").iterdir())


def test_the_file_appears_only_after_commit_and_a_killed_publish_is_finished_next_time(
        demo_db, tmp_path, monkeypatch):
    out = tmp_path / "operator" / "upload.csv"
    seen_at_commit = []
    real_mark = exports._record_batch

    def spy(con, report, criteria, file):
        seen_at_commit.append(out.exists())  # still inside the transaction
        real_mark(con, report, criteria, file)

    monkeypatch.setattr(exports, "_record_batch", spy)
    monkeypatch.setattr(publishing, "publish", lambda *a, **k: (_ for _ in ()).throw(
        SystemExit("killed after COMMIT")))
    with pytest.raises(SystemExit):
        export_records(demo_db, "demo-store", out=out)
    assert seen_at_commit == [False]
    assert not out.exists() and unpublished(demo_db) == ["b1.csv"]  # committed, not published
    with demo_db.read() as con:
        assert con.execute("SELECT count(*) FROM export_batches").fetchone()[0] == 1
    monkeypatch.undo()
    report = export_records(demo_db, "demo-store", out=tmp_path / "next.csv")
    assert report.recovered and "batch 1: published" in report.recovered[0]
    assert out.exists() and unpublished(demo_db) == []
    _, content = exports.batch_file(demo_db, 1)  # the archive is intact, sha256 checked
    assert out.read_text(encoding="utf-8") == content
    assert list(out.parent.iterdir()) == [out]  # nothing else in the operator's folder
    scratch = demo_db.path.parent / "exports" / ".scratch"
    assert list(scratch.iterdir()) == []


def test_the_archive_is_a_file_of_its_own(demo_db, tmp_path):
    out = tmp_path / "upload.csv"
    report = export_records(demo_db, "demo-store", out=out)
    with open(out, "a", encoding="utf-8") as handle:  # the operator edits their copy
        handle.write("Add,,EXTRA\n")
    name, content = exports.batch_file(demo_db, report.batch_id)
    assert name == "upload.csv" and "EXTRA" not in content


def test_out_must_be_a_file_not_a_folder_nor_a_link(demo_db, tmp_path):
    from aimsi_ebay.errors import InputError

    with pytest.raises(InputError, match="is a folder"):
        export_records(demo_db, "demo-store", out=tmp_path)
    (tmp_path / "link.csv").symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(InputError, match="symbolic link"):
        export_records(demo_db, "demo-store", out=tmp_path / "link.csv")
    report = export_records(demo_db, "demo-store")
    with pytest.raises(InputError, match="symbolic link"):
        exports.write_batch_file(demo_db, report.batch_id, tmp_path / "link.csv")
    assert not (tmp_path / "elsewhere.csv").exists()


def test_plain_text_descriptions_are_sent_html_escaped(demo_db, tmp_path):
    without_templates(demo_db)  # records sent as stored (templates: test_descriptions)
    evil = "Great <b>deal</b> & <img src=x onerror=alert(1)> <script>alert(2)</script>"
    with demo_db.write() as con:
        sku = con.execute("SELECT min(sku) FROM ebay_records WHERE update_ebay"
                          " AND invalid_reason IS NULL").fetchone()[0]
        con.execute("UPDATE ebay_records SET description = ?, description_is_html = FALSE"
                    " WHERE sku = ?", ["Tone & <b>sustain</b> for days", sku])
    out = tmp_path / "upload.csv"
    export_records(demo_db, "demo-store", out=out)
    [row] = [r for r in upload.read_upload(out.read_text(encoding="utf-8")).rows
             if r["CustomLabel"] == sku]
    assert row["*Description"] == "Tone &amp; &lt;b&gt;sustain&lt;/b&gt; for days"
    # Active content typed as plain text is refused outright (the rule holds in both modes).
    with demo_db.write() as con:
        con.execute("UPDATE ebay_records SET description = ?, description_is_html = FALSE,"
                    " update_ebay = TRUE WHERE sku = ?", [evil, sku])
    report = export_records(demo_db, "demo-store", out=tmp_path / "again.csv")
    assert any(s.sku == sku and "active content" in " ".join(s.reasons) for s in report.skipped)


def test_the_archive_hash_matches_the_published_file(demo_db, tmp_path):
    out = tmp_path / "upload.csv"
    report = export_records(demo_db, "demo-store", out=out)
    with demo_db.read() as con:
        sha, path = con.execute("SELECT file_sha256, file_path FROM export_batches"
                                " WHERE batch_id = ?", [report.batch_id]).fetchone()
    assert hashlib.sha256(out.read_bytes()).hexdigest() == sha
    assert Path(path).stat().st_ino != out.stat().st_ino


def test_the_copy_for_out_is_made_before_commit_but_reaches_out_only_after_it(
        demo_db, tmp_path, monkeypatch):
    # The copy for --out is made (and flushed) while the batch is recorded, in the scratch
    # folder; a COMMIT that fails leaves nothing at --out, nor in the operator's folder, nor the
    # copy in the scratch folder.
    operator = tmp_path / "operator"
    operator.mkdir()
    out = operator / "upload.csv"
    scratch = demo_db.path.parent / "exports" / ".scratch"
    prepared, made = [], threading.Event()
    real_prepare = publishing.prepare

    def spy(staged, target):
        try:
            copy = real_prepare(staged, target)
            prepared.append((copy, copy is not None and copy.exists()))
            return copy
        finally:
            made.set()

    seen_at_commit = []

    @contextmanager
    def write_then_fail_commit():
        with demo_db._connection(read_only=False) as con:
            con.execute("BEGIN TRANSACTION")
            yield con
            assert made.wait(30)  # the copy is whole: it still must not be at --out
            seen_at_commit.append((out.exists(), sorted(p.name for p in operator.iterdir())))
            con.execute("ROLLBACK")
            raise duckdb.IOException("simulated COMMIT failure")

    monkeypatch.setattr(publishing, "prepare", spy)
    monkeypatch.setattr(demo_db, "write", write_then_fail_commit)
    with pytest.raises(duckdb.IOException, match="simulated"):
        export_records(demo_db, "demo-store", out=out)
    [(copy, existed)] = prepared
    assert existed and copy.parent == scratch  # made before COMMIT, beside the scratch file
    assert seen_at_commit == [(False, [])]
    assert not out.exists() and list(operator.iterdir()) == []
    assert not copy.exists() and not [p for p in scratch.iterdir() if p.suffix == ".publishing"]
    monkeypatch.undo()
    report = export_records(demo_db, "demo-store", out=out)  # the next export: all published
    assert out.read_text(encoding="utf-8") == exports.batch_file(demo_db, report.batch_id)[1]
    assert list(operator.iterdir()) == [out] and list(scratch.iterdir()) == []


def test_a_copy_for_out_left_by_a_killed_export_is_removed_by_the_next(
        demo_db, tmp_path, monkeypatch):
    operator = tmp_path / "operator"
    operator.mkdir()
    out = operator / "upload.csv"
    monkeypatch.setattr(publishing, "publish", lambda *a, **k: (_ for _ in ()).throw(
        SystemExit("killed after COMMIT")))
    with pytest.raises(SystemExit):
        export_records(demo_db, "demo-store", out=out)
    monkeypatch.undo()
    scratch = demo_db.path.parent / "exports" / ".scratch"
    staged = publishing.scratch_name(scratch, 1)
    shutil.copyfile(staged, publishing.prepared_name(staged))  # what a kill -9 leaves
    report = export_records(demo_db, "demo-store", out=operator / "next.csv")
    assert "batch 1: published" in report.recovered[0]
    assert out.read_text(encoding="utf-8") == exports.batch_file(demo_db, 1)[1]
    assert list(scratch.iterdir()) == []
    assert list(operator.iterdir()) == [out]  # (nothing was left to export next)


def test_out_still_gets_its_file_when_its_folder_went_after_the_copy_was_made(
        demo_db, tmp_path, monkeypatch):
    out = tmp_path / "operator" / "upload.csv"
    out.parent.mkdir()
    real_prepare = publishing.prepare

    def then_remove_the_folder(staged, target):
        copy = real_prepare(staged, target)
        shutil.rmtree(target.parent)
        return copy

    monkeypatch.setattr(publishing, "prepare", then_remove_the_folder)
    report = export_records(demo_db, "demo-store", out=out)
    assert out.read_text(encoding="utf-8") == exports.batch_file(demo_db, report.batch_id)[1]
    assert list(out.parent.iterdir()) == [out]
    assert list((demo_db.path.parent / "exports" / ".scratch").iterdir()) == []
