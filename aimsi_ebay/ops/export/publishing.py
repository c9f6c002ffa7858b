"""Publishing an export's upload file: only after its batch is committed, atomically.

The order that keeps the database and the files in step even when the process is killed:

1. Inside the export's transaction the file is assembled in the scratch folder
   (``exports/.scratch/b<batch>.csv``, beside the archive, never in the operator's folder).
2. COMMIT records the batch with the file's sha256 and where it is to be published.
3. The operator's ``--out`` gets a copy of the scratch file renamed over it (atomic), then the
   scratch file is renamed into the archive (same folder tree: atomic). So a committed batch
   whose scratch file still exists is not yet fully published; no extra write is needed to
   say so. The copy for ``--out`` is made and flushed on a thread while the database records
   and commits the batch (``prepare``: ``b<batch>.publishing`` in the scratch folder), so
   after COMMIT only renames are left; where ``--out``'s folder is missing or on another file
   system the copy is made after COMMIT through a temporary name beside ``--out`` instead.

A kill before COMMIT leaves no batch and only scratch files, which the next export removes; a
kill after COMMIT leaves a committed batch's scratch file, which the next export publishes.
Nothing is written to the operator's folder before COMMIT, and a failed export removes its
prepared copy.
So an upload file at ``--out`` always belongs to a recorded batch (no duplicate listings from a
file the database never heard of). The archive is a copy of its own, never a hard link: the
operator may edit their file without changing what the archive proves was sent. Exports (and
this recovery) take one lock file in the exports folder, so two never publish at once.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aimsi_ebay import config
from aimsi_ebay.db import Database
from aimsi_ebay.db.locks import file_lock
from aimsi_ebay.errors import DatabaseBusyError, InputError

SCRATCH = ".scratch"
_STAGED = re.compile(r"b([0-9]+)\.csv")
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
    leftovers = list(scratch.iterdir())
    staged = {int(m.group(1)): path for path in leftovers
              if (m := _STAGED.fullmatch(path.name))}
    committed: list[Unpublished] = []
    if staged:
        with db.read() as con:
            rows = con.execute(
                "SELECT batch_id, file_path, file_sha256, published_to FROM export_batches"
                f" WHERE file_path IS NOT NULL AND batch_id IN ({', '.join('?' for _ in staged)})"
                " ORDER BY batch_id", list(staged),
            ).fetchall()
        committed = [Unpublished(b, Path(a), s, Path(p) if p else None) for b, a, s, p in rows]
    owned = {staged[item.batch_id] for item in committed}
    for path in leftovers:
        if path not in owned:
            path.unlink(missing_ok=True)
    notes = []
    for item in committed:
        try:
            publish(item, scratch, verify=True)
            notes.append(f"batch {item.batch_id}: published {item.published_to or item.archive}"
                         " (its export was interrupted after COMMIT)")
        except (OSError, InputError) as error:
            notes.append(f"batch {item.batch_id}: not published ({error})")
            scratch_name(scratch, item.batch_id).unlink(missing_ok=True)
    return notes


def publish(item: Unpublished, scratch: Path, *, verify: bool = False,
            prepared: Path | None = None) -> None:
    """Scratch file → ``published_to`` (``prepared``, its copy made before COMMIT, renamed
    over it; else copied, then renamed), then → archive (rename)."""
    staged = scratch_name(scratch, item.batch_id)
    if verify and sha256_of(staged) != item.sha256:
        raise InputError(f"{staged} differs from what was recorded (sha256)")
    try:
        if item.published_to is not None:
            if prepared is None:
                copy_atomically(staged, item.published_to, tag=f"b{item.batch_id}")
            else:
                try:
                    os.replace(prepared, item.published_to)
                except OSError:  # the folder went, or moved to another file system
                    copy_atomically(staged, item.published_to, tag=f"b{item.batch_id}")
    finally:
        if prepared is not None:
            prepared.unlink(missing_ok=True)
    item.archive.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, item.archive)


def prepared_name(staged: Path) -> Path:
    """Where ``prepare`` puts the copy for ``--out``: beside the scratch file (never matching
    ``b<batch>.csv``, so ``recover`` removes it as nobody's)."""
    return staged.with_suffix(".publishing")


def prepare(staged: Path, target: Path) -> Path | None:
    """Beside the COMMIT: a flushed copy of ``staged`` (a scratch file) that ``publish`` renames
    over ``target`` after COMMIT, so no copy is left for then; its own file (the archive
    stays one of its own too). None where a rename cannot move it to ``target`` (``target``'s
    folder missing or on another file system) or the copy failed: ``publish`` then copies after
    COMMIT, as it always did, and reports any error there."""
    copy = prepared_name(staged)
    try:
        if target.parent.stat().st_dev != staged.parent.stat().st_dev:
            return None
        shutil.copyfile(staged, copy)
        with open(copy, "rb+") as handle:
            os.fsync(handle.fileno())
    except OSError:
        copy.unlink(missing_ok=True)
        return None
    return copy


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


def seal(path: Path) -> str:
    """Flush ``path`` (a scratch file, before COMMIT) to disk; returns its sha256.

    The file becomes the archive, readable by its owner only (as the files the export
    assembled through a private temporary file were).
    """
    digest = hashlib.sha256()
    with open(path, "rb+") as handle:
        os.fchmod(handle.fileno(), 0o600)
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
        os.fsync(handle.fileno())
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
