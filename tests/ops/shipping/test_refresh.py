"""Lookup files are kept current only where the shipping desk uses them."""

from __future__ import annotations

from pathlib import Path

from aimsi_ebay.ops.shipping.lookup import LAYOUTS, refresh_after_change, refresh_lookup_files
from aimsi_ebay.ops.shipping.settings import read_settings


def _files(db) -> list[Path]:
    with db.read() as con:
        folder = Path(read_settings(con, db)["lookup_folder"]).expanduser()
    return [folder / layout.file_name for layout in LAYOUTS.values()]


def test_a_change_refreshes_only_the_files_the_desk_uses(demo_db):
    for path in _files(demo_db):
        path.unlink(missing_ok=True)
    assert refresh_after_change(demo_db)
    assert not any(path.exists() for path in _files(demo_db))  # no desk set up: nothing written
    refresh_lookup_files(demo_db)
    ups, fedex = _files(demo_db)
    fedex.unlink()
    ups.write_bytes(b"stale")
    assert refresh_after_change(demo_db)
    assert ups.read_bytes() != b"stale" and not fedex.exists()
