"""Serve the dashboards with Voilà on the chosen database."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

from aimsi_ebay import config
from aimsi_ebay.config import ENV_DATABASE
from aimsi_ebay.ops import Database
from aimsi_ebay.ui.dashboards import HOME, write_dashboards

DEFAULT_PORT = 8866
DEFAULT_IP = "127.0.0.1"


def dashboards_folder(db: Database) -> Path:
    """The folder Voilà serves: the dashboard notebooks written afresh from the package's list
    (``aimsi_ebay.ui.dashboards``) beside the store's data, so a wheel serves the same pages as a
    checkout and analyst notebooks are never served."""
    return write_dashboards(config.data_folder(db.path) / "dashboards")


def voila_command(port: int, ip: str, token: str | None) -> list[str]:
    command = [
        sys.executable, "-m", "voila", ".",
        "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
    ]
    if token:
        command.append(f"--token={token}")
    return command


def home_url(port: int, ip: str, token: str | None) -> str:
    host = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
    url = f"http://{host}:{port}/voila/render/{HOME}"
    return f"{url}?token={token}" if token else url


def serve(db: Database, *, port: int, ip: str, token: str | None) -> NoReturn:
    """Become Voilà (exec) on ``db``: kernels inherit the database location, and a stop signal
    (Ctrl-C, SIGTERM from a service manager) reaches Voilà itself, so no server is left behind."""
    db.migrate()
    root = dashboards_folder(db)
    environment = {**os.environ, ENV_DATABASE: db.environment_value}
    print(f"aimsi-ebay dashboards on {db.location}", flush=True)
    print(f"  open {home_url(port, ip, token)}", flush=True)
    os.chdir(root)
    os.execve(sys.executable, voila_command(port, ip, token), environment)
