"""One place for settings: where the database and the store's files are, how long to wait for a
busy database, and who the operator is.

Every setting has an environment variable (so a Voilà kernel, a scheduled job and a test all see
the same store) and a default that works from a checkout. Nothing else in the package reads
``os.environ`` for these.
"""

from __future__ import annotations

import contextlib
import getpass
import os
from pathlib import Path

from aimsi_ebay.errors import InputError

ENV_DATABASE = "AIMSI_EBAY_DB"
ENV_DATA_FOLDER = "AIMSI_EBAY_DATA"
ENV_INBOX = "AIMSI_EBAY_INBOX"
ENV_LOCK_TIMEOUT = "AIMSI_EBAY_LOCK_TIMEOUT"
ENV_USER = "AIMSI_EBAY_USER"
ENV_USER_HEADER = "AIMSI_EBAY_USER_HEADER"
MAX_OPERATOR_NAME = 64

DEFAULT_DATABASE = Path("data") / "aimsi_ebay.duckdb"
DEFAULT_LOCK_TIMEOUT = 60.0
MAX_LOCK_TIMEOUT = 24 * 3600.0


def database_location(explicit: str | os.PathLike[str] | None = None) -> str:
    """``--db``, else ``$AIMSI_EBAY_DB``, else ``data/aimsi_ebay.duckdb``."""
    return str(explicit or os.environ.get(ENV_DATABASE) or DEFAULT_DATABASE)


def data_folder(database_path: Path) -> Path:
    """Where the store's files live (exports/, inbox/, archive/): ``$AIMSI_EBAY_DATA``, else the
    database's own folder."""
    configured = os.environ.get(ENV_DATA_FOLDER)
    return Path(configured).expanduser() if configured else database_path.parent


def exports_folder(database_path: Path) -> Path:
    """Archived copies of every upload file sent to eBay."""
    return data_folder(database_path) / "exports"


def inbox_folder(database_path: Path) -> Path:
    """Sales downloads waiting to be staged: ``$AIMSI_EBAY_INBOX``, else ``inbox/``."""
    configured = os.environ.get(ENV_INBOX)
    return Path(configured).expanduser() if configured else data_folder(database_path) / "inbox"


def archive_folder(database_path: Path) -> Path:
    """Files the workbench has finished with (imported downloads, processed carrier files)."""
    return data_folder(database_path) / "archive"


def lock_timeout(explicit: float | None = None) -> float:
    """Seconds to wait for a busy database: ``$AIMSI_EBAY_LOCK_TIMEOUT``, else 60."""
    if explicit is not None:
        return explicit
    text = os.environ.get(ENV_LOCK_TIMEOUT, "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= MAX_LOCK_TIMEOUT:
        raise InputError(
            f"${ENV_LOCK_TIMEOUT}: {text!r} is not a number of seconds from 0 to {MAX_LOCK_TIMEOUT:g}"
        )
    return seconds


def header_variable(header: str) -> str:
    """The environment variable Voilà gives a dashboard's kernel for a request header it was told
    to pass on (``VoilaConfiguration.http_header_envs``; RFC 3875's ``HTTP_`` names)."""
    return "HTTP_" + header.upper().replace("-", "_")


def operator_name() -> str:
    """Who is working, for the audit log.

    Behind an authenticating proxy (``serve --trusted-user-header NAME`` sets
    ``$AIMSI_EBAY_USER_HEADER``): the person the proxy named in that header of the request that
    opened this dashboard, and nothing else: without it the write is refused, never put down to
    the server's login. Otherwise ``$AIMSI_EBAY_USER``, else the login name."""
    header = os.environ.get(ENV_USER_HEADER, "").strip()
    if not header:
        return os.environ.get(ENV_USER) or getpass.getuser()
    name = os.environ.get(header_variable(header), "").strip()
    if not name:
        raise InputError(f"no signed-in user: this page was not opened through the proxy that "
                         f"sends {header}; open the dashboards through it and reload")
    with contextlib.suppress(UnicodeError):  # HTTP headers arrive as Latin-1: "José" in UTF-8
        name = name.encode("latin-1").decode("utf-8")
    if len(name) > MAX_OPERATOR_NAME or not name.isprintable():
        raise InputError(f"{header}: {name[:MAX_OPERATOR_NAME]!r} is not a user name (printable, "
                         f"at most {MAX_OPERATOR_NAME} characters)")
    return name
