"""The watch folder: carrier files appear (WorldShip's export, its ``.Out`` replies, FedEx's
export); each is imported once and moved to ``processed/`` or, when it cannot be read at all,
to ``failed/`` with ``<name>.reason.txt`` beside it. A file that imported with some rejected rows
is processed, with its rejections in ``<name>.rejected.txt``.

A file still being written is left for the next pass (its size or time changed within the last
second); WorldShip's own auto-import inputs (``OpenShipments`` without a status, ``.xxx``) and
hidden or temporary files are not ours to take.

On the shared PostgreSQL database the same watcher also applies what WorldShip and FedEx Ship
Manager wrote over ODBC (``carriers.writeback``, ``ops.carriers_odbc``) on every pass, so one
watcher at the shipping desk covers both ways the carriers report back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aimsi_ebay.db import Database
from aimsi_ebay.errors import AimsiError, InputError
from aimsi_ebay.formats.carriers import worldship_xml
from aimsi_ebay.ops.carriers_odbc import WritebackReport, apply_writebacks
from aimsi_ebay.ops.shipping.results import ShippingImportReport, import_carrier_file

PROCESSED = "processed"
FAILED = "failed"
_SKIPPED_SUFFIXES = (".xxx", ".part", ".tmp", ".txt", ".lock")
SETTLE_SECONDS = 1.0


@dataclass
class WatchResult:
    """One file taken from the folder: where it went and what its import did."""

    file: str
    moved_to: str
    ok: bool
    reason: str = ""
    report: ShippingImportReport | None = None

    def as_json(self) -> dict:
        return {"file": self.file, "moved_to": self.moved_to, "ok": self.ok,
                "reason": self.reason, "report": self.report.as_json() if self.report else None}


def waiting_files(folder: Path, *, settle: float = SETTLE_SECONDS) -> list[Path]:
    """The carrier files in ``folder`` ready to import, oldest first."""
    if not folder.is_dir():
        raise InputError("the watch folder does not exist", file=str(folder))
    now = time.time()
    found = []
    for path in folder.iterdir():
        if not path.is_file() or path.name.startswith(".") or \
                path.suffix.lower() in _SKIPPED_SUFFIXES:
            continue
        stat = path.stat()
        if now - stat.st_mtime < settle:
            continue  # still being written
        if path.suffix.lower() == ".xml" and _auto_import_input(path):
            continue
        found.append((stat.st_mtime, path.name, path))
    return [path for _, _, path in sorted(found)]


def _auto_import_input(path: Path) -> bool:
    """An OpenShipments file WorldShip has not processed yet (our own auto-import output)."""
    data = path.read_bytes()[:65536]
    return b"<OpenShipments" in data.replace(b"\x00", b"") and not worldship_xml.identify(data)


def scan_folder(db: Database, folder: str | Path, *, settle: float = SETTLE_SECONDS,
                on_file: Callable[[WatchResult], None] | None = None) -> list[WatchResult]:
    """Import every waiting file once and move it away; returns what happened to each."""
    folder = Path(folder).expanduser()
    results = []
    for path in waiting_files(folder, settle=settle):
        result = _take(db, folder, path)
        results.append(result)
        if on_file:
            on_file(result)
    return results


def apply_carrier_writebacks(
    db: Database, on_writeback: Callable[[WritebackReport | AimsiError], None] | None = None
) -> WritebackReport | None:
    """On PostgreSQL, apply the carriers' ODBC write-back rows not applied yet (None on a DuckDB
    file: there is no ODBC there). A pass that fails is reported, not raised: the watcher goes
    on, and the rows stay pending for the next pass."""
    if db.postgres is None:
        return None
    try:
        report = apply_writebacks(db)
    except AimsiError as error:
        if on_writeback:
            on_writeback(error)
        return None
    if report.rows and on_writeback:
        on_writeback(report)
    return report


def watch(db: Database, folder: str | Path, *, interval: float = 5.0,
          stop: Callable[[], bool] = lambda: False,
          on_file: Callable[[WatchResult], None] | None = None,
          on_writeback: Callable[[WritebackReport | AimsiError], None] | None = None) -> int:
    """Scan the folder (and, on PostgreSQL, the carriers' write-back table) every ``interval``
    seconds until ``stop()``; returns the files taken."""
    taken = 0
    while not stop():
        taken += len(scan_folder(db, folder, on_file=on_file))
        apply_carrier_writebacks(db, on_writeback)
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline and not stop():
            time.sleep(min(0.2, interval))
    return taken


def _take(db: Database, folder: Path, path: Path) -> WatchResult:
    try:
        report = import_carrier_file(db, path.name, path.read_bytes())
    except (AimsiError, OSError) as error:
        reason = error.message if isinstance(error, InputError) else str(error)
        target = _move(path, folder / FAILED)
        target.with_name(target.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
        return WatchResult(path.name, str(target), False, reason)
    target = _move(path, folder / PROCESSED)
    problems = [f"row {r['row']}, {r['field']}: {r['reason']}" for r in report.rejected]
    problems += [f"row {f['row']}, order {f['order_number']}: refused by the carrier:"
                 f" {f['message']}" for f in report.failures]
    if problems:
        target.with_name(target.name + ".rejected.txt").write_text(
            "\n".join(problems) + "\n", encoding="utf-8")
    return WatchResult(path.name, str(target), True, report.summary(), report)


def _move(path: Path, folder: Path) -> Path:
    """Move into ``folder`` without overwriting an earlier file of the same name."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    count = 1
    while target.exists():
        target = folder / f"{path.stem}.{count}{path.suffix}"
        count += 1
    return path.replace(target)
