"""Serve the dashboards in ``notebooks/`` with Voilà on the chosen database."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

from aimsi_ebay.config import ENV_DATABASE
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database

DEFAULT_PORT = 8866
DEFAULT_IP = "127.0.0.1"
HOME_NOTEBOOK = "Home.ipynb"


def project_root() -> Path:
    """The folder holding ``notebooks/`` and ``voila.json`` (the checkout, or the current folder)."""
    for candidate in (Path(__file__).resolve().parents[1], Path.cwd()):
        if (candidate / "notebooks" / HOME_NOTEBOOK).exists():
            return candidate
    raise InputError("notebooks/Home.ipynb not found: run from the aimsi-ebay checkout")


def voila_command(port: int, ip: str, token: str | None) -> list[str]:
    command = [
        sys.executable, "-m", "voila", "notebooks",
        "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
    ]
    if token:
        command.append(f"--token={token}")
    return command


def home_url(port: int, ip: str, token: str | None) -> str:
    host = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
    url = f"http://{host}:{port}/voila/render/{HOME_NOTEBOOK}"
    return f"{url}?token={token}" if token else url


def serve(db: Database, *, port: int, ip: str, token: str | None) -> NoReturn:
    """Become Voilà (exec) on ``db``: kernels inherit the database location, and a stop signal
    (Ctrl-C, SIGTERM from a service manager) reaches Voilà itself, so no server is left behind."""
    root = project_root()
    db.migrate()
    environment = {**os.environ, ENV_DATABASE: str(db.path)}
    print(f"aimsi-ebay dashboards on {db.path}", flush=True)
    print(f"  open {home_url(port, ip, token)}", flush=True)
    os.chdir(root)
    os.execve(sys.executable, voila_command(port, ip, token), environment)
