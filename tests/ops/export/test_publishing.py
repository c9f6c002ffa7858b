"""The export publishes its file only after COMMIT, recovers a killed publish, keeps its own
archive copy and leaves no scratch files; plain-text descriptions go out HTML-escaped."""

from __future__ import annotations

import hashlib
from pathlib import Path

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
