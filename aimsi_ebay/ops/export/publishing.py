"""Publishing an export's upload file: only after its batch is committed, atomically.

The order that keeps the database and the files in step even when the process is killed:

1. Inside the export's transaction the file is assembled in the scratch folder
   (``exports/.scratch/b<batch>.csv``, beside the archive, never in the operator's folder).
2. COMMIT records the batch with the file's sha256 and where it is to be published.
3. The scratch file is renamed into the archive (same folder tree: atomic), then copied to the
   operator's ``--out`` through a temporary name that is renamed over it (atomic), and the batch
   is marked published.

A kill before COMMIT leaves no batch and only scratch files, which the next export removes; a
kill after COMMIT leaves a committed batch not yet published, which the next export publishes.
So an upload file at ``--out`` always belongs to a recorded batch (no duplicate listings from a
file the database never heard of). The archive is a copy of its own, never a hard link: the
operator may edit their file without changing what the archive proves was sent. Exports (and
this recovery) take one lock file in the exports folder, so two never publish at once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aimsi_ebay import config
from aimsi_ebay.db import Database
from aimsi_ebay.db.locks import file_lock
from aimsi_ebay.errors import DatabaseBusyError, InputError

SCRATCH = ".scratch"
LOCK = ".publish.lock"


@dataclass(frozen=True)
class Unpublished:
    """A committed batch whose file has not reached the archive and ``published_to`` yet."""

    batch_id: int
    archive: Path
    sha256: str
    published_to: Path | None


def check_out_path(out: str | os.PathLike[str]) -> Path:
    """The operator's ``--out``: a file name, never a folder nor a symbolic link (which would
    write the file somewhere else, e.g. over /etc/passwd)."""
    path = Path(out).expanduser()
    if path.is_symlink():
        raise InputError("is a symbolic link; refusing to write through it", file=str(path))
    if path.is_dir():
        raise InputError("is a folder; give a file name to write", file=str(path))
    if path.parent.exists() and not path.parent.is_dir():
        raise InputError(f"{path.parent} is not a folder", file=str(path))
    return path.absolute()


def scratch_name(scratch: Path, batch_id: int) -> Path:
    return scratch / f"b{batch_id}.csv"


@contextmanager
def export_lock(db: Database) -> Iterator[Path]:
    """Hold the exports' lock; yields the scratch folder (created if needed)."""
    folder = config.exports_folder(db.path)
    scratch = folder / SCRATCH
    scratch.mkdir(parents=True, exist_ok=True)

    def busy() -> DatabaseBusyError:
        return DatabaseBusyError(
            f"{folder}: another export stayed busy for {db.lock_timeout:g} s; try again")

    with file_lock(folder / LOCK, exclusive=True, timeout=db.lock_timeout, busy=busy):
        yield scratch


def recover(db: Database, scratch: Path) -> list[str]:
    """Publish the batches a killed export committed but did not publish, and remove every
    scratch file no committed batch owns. Call under ``export_lock``. Returns what was done."""
    with db.read() as con:
        rows = con.execute(
            "SELECT batch_id, file_path, file_sha256, published_to FROM export_batches"
            " WHERE published_at IS NULL AND file_path IS NOT NULL ORDER BY batch_id"
        ).fetchall()
    pending = [Unpublished(b, Path(a), s, Path(p) if p else None) for b, a, s, p in rows]
    owned = {scratch_name(scratch, item.batch_id) for item in pending}
    for leftover in scratch.iterdir():
        if leftover not in owned:
            leftover.unlink(missing_ok=True)
    notes = []
    for item in pending:
        try:
            publish(item, scratch, verify=True)
            notes.append(f"batch {item.batch_id}: published {item.published_to or item.archive}"
                         " (its export was interrupted after COMMIT)")
        except (OSError, InputError) as error:
            notes.append(f"batch {item.batch_id}: not published ({error}); its archive is "
                         f"{item.archive}")
    if pending:
        mark_published(db, [item.batch_id for item in pending])
    return notes


def publish(item: Unpublished, scratch: Path, *, verify: bool = False) -> None:
    """Scratch file → archive (rename), archive → ``published_to`` (copy, then rename)."""
    staged = scratch_name(scratch, item.batch_id)
    if staged.exists():
        item.archive.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, item.archive)
    if verify:
        if not item.archive.exists():
            raise InputError(f"its file {item.archive} is missing")
        if sha256_of(item.archive) != item.sha256:
            raise InputError(f"{item.archive} differs from what was recorded (sha256)")
    if item.published_to is not None:
        copy_atomically(item.archive, item.published_to, tag=f"b{item.batch_id}")


def mark_published(db: Database, batch_ids: list[int]) -> None:
    with db.write() as con:
        con.execute(
            "UPDATE export_batches SET published_at = ? WHERE batch_id IN"
            f" ({', '.join('?' for _ in batch_ids)})",
            [datetime.now().replace(microsecond=0), *batch_ids],
        )


def copy_atomically(source: Path, target: Path, *, tag: str) -> None:
    """A copy of ``source`` appears at ``target`` complete or not at all (its own file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{tag}.publishing")
    try:
        shutil.copyfile(source, temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
