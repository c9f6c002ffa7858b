"""Serve the dashboards (``ui/dashboards.py``) with Voilà on the chosen database, behind a login.

- A token by default: generated once, kept in a file only the user can read
  (``<data folder>/.dashboard_token``, or ``--token-file``), printed once as a login link.
  Voilà gets it through ``$JUPYTER_TOKEN``, never on its command line (``ps`` shows that).
- ``--no-token`` serves without a login, and only on a loopback address.
- Kernels are bounded (``kernel_limits``): at most ``--max-dashboards`` open at once; the next
  visitor gets a "too many open dashboards" page instead of another ~220 MB kernel, and idle
  kernels are culled after 10 minutes (voila.json).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import stat
import sys
from pathlib import Path
from typing import NoReturn

from aimsi_ebay import config
from aimsi_ebay.config import ENV_DATABASE
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ui.dashboards import HOME, TEMPLATE_SHARE, write_dashboards

DEFAULT_PORT = 8866
DEFAULT_IP = "127.0.0.1"
DEFAULT_MAX_DASHBOARDS = 12
TOKEN_FILE = ".dashboard_token"
ENV_MAX_DASHBOARDS = "AIMSI_EBAY_MAX_DASHBOARDS"


def dashboards_folder(db: Database) -> Path:
    """The folder Voilà serves: the dashboard notebooks written afresh from the package's list
    (``aimsi_ebay.ui.dashboards``) beside the store's data, so a wheel serves the same pages as a
    checkout and analyst notebooks are never served."""
    return write_dashboards(config.data_folder(db.path) / "dashboards")


def is_loopback(ip: str) -> bool:
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def voila_command(port: int, ip: str, *, with_token: bool) -> list[str]:
    """Voilà's command line: no secret on it (the token comes from ``$JUPYTER_TOKEN``)."""
    command = [
        sys.executable, "-m", "voila", ".",
        "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
    ]
    if with_token:
        command.append("--Voila.auto_token=True")  # read $JUPYTER_TOKEN, require it
    return command


def home_url(port: int, ip: str, token: str | None) -> str:
    host = "127.0.0.1" if ip in ("0.0.0.0", "", "::") else ip
    url = f"http://{host}:{port}/voila/render/{HOME}"
    return f"{url}?token={token}" if token else url


def read_or_create_token(path: Path) -> str:
    """The token in ``path``, created (mode 0600) with a random token when missing; a file that
    others can read is refused."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        info = os.stat(path)
        if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise InputError(f"others can read it; run chmod 600 {path}", file=str(path)) from None
        token = path.read_text(encoding="utf-8").strip()
        if len(token) < 16:
            raise InputError("holds no token of at least 16 characters", file=str(path)) from None
        return token
    token = secrets.token_urlsafe(24)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token


def serve(db: Database, *, port: int, ip: str, token_file: str | None = None,
          no_token: bool = False, max_dashboards: int = DEFAULT_MAX_DASHBOARDS) -> NoReturn:
    """Become Voilà (exec) on ``db``: kernels inherit the database location, and a stop signal
    (Ctrl-C, SIGTERM from a service manager) reaches Voilà itself, so no server is left behind."""
    if no_token and not is_loopback(ip):
        raise InputError(f"--ip {ip} without a token would open the dashboards to anyone on the "
                         "network; drop --no-token (a token is the default)", field="--no-token")
    if max_dashboards < 1:
        raise InputError("must be at least 1", field="--max-dashboards")
    db.migrate()
    root = dashboards_folder(db)
    token = None
    if not no_token:
        path = Path(token_file) if token_file else config.data_folder(db.path) / TOKEN_FILE
        token = read_or_create_token(path.expanduser())
    environment = {**os.environ, ENV_DATABASE: db.environment_value,
                   ENV_MAX_DASHBOARDS: str(max_dashboards)}
    environment.pop("JUPYTER_TOKEN_FILE", None)
    # The dashboards' Voilà template ("aimsi": no CDN) ships in the package; put it where Voilà
    # looks, whatever the install (a wheel also installs it under share/jupyter).
    environment["JUPYTER_PATH"] = os.pathsep.join(
        part for part in (str(TEMPLATE_SHARE), os.environ.get("JUPYTER_PATH", "")) if part)
    if token:
        environment["JUPYTER_TOKEN"] = token
    else:
        environment.pop("JUPYTER_TOKEN", None)
    print(f"aimsi-ebay dashboards on {db.location}", flush=True)
    print(f"  open {home_url(port, ip, token)}", flush=True)
    os.chdir(root)
    os.execve(sys.executable, voila_command(port, ip, with_token=bool(token)), environment)
