"""An atomic write leaves the old file or the new one, never part of one."""

from __future__ import annotations

import pytest

from aimsi_ebay.formats.atomic import write_atomic


def test_writes_bytes_or_blocks(tmp_path):
    target = tmp_path / "sub" / "FILE.CSV"
    write_atomic(target, b"one")
    assert target.read_bytes() == b"one"
    write_atomic(target, iter([b"tw", b"o"]))
    assert target.read_bytes() == b"two"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "FILE.CSV"
    target.write_bytes(b"old")

    def blocks():
        yield b"half of the new"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, blocks())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["FILE.CSV"]
