"""Serve the dashboards (``ui/dashboards.py``) with Voilà on the chosen database, behind a login.

- A token by default: generated once, kept in a file only the user can read
  (``<data folder>/.dashboard_token``, or ``--token-file``), printed once as a login link.
  Voilà gets it through ``$JUPYTER_TOKEN``, never on its command line (``ps`` shows that).
- ``--no-token`` serves without a login, and only on a loopback address.
- Kernels are bounded (``kernel_limits``): at most ``--max-dashboards`` open at once; the next
  visitor gets a "too many open dashboards" page instead of another ~220 MB kernel, and idle
  kernels are culled after 10 minutes (voila.json).
- ``--trusted-user-header NAME`` serves many people behind a reverse proxy that signs each one in
  (``deploy/nginx.conf``): Voilà, on a loopback address only, hands that request header to each
  dashboard's kernel (``VoilaConfiguration.http_header_envs``), where ``config.operator_name``
  makes it the audit log's operator. The token stays required, and only the proxy sends it, so
  nothing else on the machine can reach Voilà and name itself someone else.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
import stat
import sys
from pathlib import Path
from typing import NoReturn

from aimsi_ebay import config
from aimsi_ebay.config import ENV_DATABASE, ENV_USER, ENV_USER_HEADER, header_variable
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ui.dashboards import HOME, TEMPLATE_SHARE, write_dashboards

DEFAULT_PORT = 8866
DEFAULT_IP = "127.0.0.1"
DEFAULT_MAX_DASHBOARDS = 12
TOKEN_FILE = ".dashboard_token"
ENV_MAX_DASHBOARDS = "AIMSI_EBAY_MAX_DASHBOARDS"
HEADER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,63}")
BROWSER_HEADERS = frozenset({  # sent by browsers themselves (Authorization: the token here)
    "authorization", "cookie", "host", "origin", "referer", "user-agent", "connection", "upgrade",
    "content-type", "content-length", "accept", "x-xsrftoken", "x-requested-with"})


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


def voila_command(port: int, ip: str, *, with_token: bool,
                  user_header: str | None = None) -> list[str]:
    """Voilà's command line: no secret on it (the token comes from ``$JUPYTER_TOKEN``)."""
    command = [
        sys.executable, "-m", "voila", ".",
        "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
    ]
    if with_token:
        command.append("--Voila.auto_token=True")  # read $JUPYTER_TOKEN, require it
    if user_header:  # each kernel gets the header as $HTTP_<NAME> (absent when not sent)
        command.append(f"--VoilaConfiguration.http_header_envs=['{user_header}']")
    return command


def check_user_header(header: str, ip: str, *, no_token: bool) -> None:
    """``--trusted-user-header`` only where nobody but the proxy can send it: a loopback address
    and the token (which only the proxy sends), and a plain header name."""
    if not HEADER_NAME.fullmatch(header):
        raise InputError(f"{header!r} is not a header name (letters, digits and dashes, such as "
                         "X-Forwarded-User)", field="--trusted-user-header")
    if header.lower() in BROWSER_HEADERS:
        raise InputError(f"{header} is a header browsers send themselves; name the one the proxy "
                         "sets, such as X-Forwarded-User", field="--trusted-user-header")
    if not is_loopback(ip):
        raise InputError(f"--ip {ip} would let anyone who reaches it name themselves in {header}; "
                         "serve on 127.0.0.1 behind the proxy", field="--trusted-user-header")
    if no_token:
        raise InputError("without the token anything on this machine could send the header; the "
                         "proxy sends the token (drop --no-token)", field="--trusted-user-header")


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
          no_token: bool = False, max_dashboards: int = DEFAULT_MAX_DASHBOARDS,
          trusted_user_header: str | None = None) -> NoReturn:
    """Become Voilà (exec) on ``db``: kernels inherit the database location, and a stop signal
    (Ctrl-C, SIGTERM from a service manager) reaches Voilà itself, so no server is left behind."""
    if trusted_user_header is not None:
        check_user_header(trusted_user_header, ip, no_token=no_token)
    if no_token and not is_loopback(ip):
        raise InputError(f"--ip {ip} without a token would open the dashboards to anyone on the "
                         "network; drop --no-token (a token is the default)", field="--no-token")
    if max_dashboards < 1:
        raise InputError("must be at least 1", field="--max-dashboards")
    db.migrate()
    root = dashboards_folder(db)
    token = None
    path = (Path(token_file) if token_file else config.data_folder(db.path) / TOKEN_FILE).expanduser()
    if not no_token:
        token = read_or_create_token(path)
    environment = {**os.environ, ENV_DATABASE: db.environment_value,
                   ENV_MAX_DASHBOARDS: str(max_dashboards)}
    environment.pop("JUPYTER_TOKEN_FILE", None)
    environment.pop(ENV_USER_HEADER, None)
    if trusted_user_header:
        # The operator is the header, never this server's login nor a variable left in its
        # environment; kernels get $HTTP_<NAME> from the request only.
        environment[ENV_USER_HEADER] = trusted_user_header
        environment.pop(ENV_USER, None)
        environment.pop(header_variable(trusted_user_header), None)
    # The dashboards' Voilà template ("aimsi": no CDN) ships in the package; put it where Voilà
    # looks, whatever the install (a wheel also installs it under share/jupyter).
    environment["JUPYTER_PATH"] = os.pathsep.join(
        part for part in (str(TEMPLATE_SHARE), os.environ.get("JUPYTER_PATH", "")) if part)
    if token:
        environment["JUPYTER_TOKEN"] = token
    else:
        environment.pop("JUPYTER_TOKEN", None)
    print(f"aimsi-ebay dashboards on {db.location}", flush=True)
    if trusted_user_header:
        print(f"  behind a proxy: {ip}:{port} only; the operator is the {trusted_user_header} "
              f"header of requests carrying the token in {path}", flush=True)
    else:
        print(f"  open {home_url(port, ip, token)}", flush=True)
    os.chdir(root)
    os.execve(sys.executable, voila_command(port, ip, with_token=bool(token),
                                            user_header=trusted_user_header), environment)
