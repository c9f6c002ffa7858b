"""The README's recipe for many browsers, run as written: ``aimsi-ebay serve
--trusted-user-header X-Forwarded-User`` behind Debian's nginx with ``deploy/nginx.conf`` (TLS,
a login per person). Two people sign in and each saves a record: the audit log names each of
them, not the server's login, even when the browser sends its own X-Forwarded-User; a request
without a login is refused, and Voilà itself cannot be reached around nginx without its token."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from aimsi_ebay.db import Database
from tests.browser.conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser
HEADER = "X-Forwarded-User"
PEOPLE = {"alice": "alice-password-1", "bob": "bob-password-2"}
UNVERIFIED = ssl._create_unverified_context()  # the test's own self-signed certificate


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _nginx() -> str:
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(path, os.X_OK)), None)
    if found is None:
        pytest.fail("nginx is not installed: run ./scripts/test, which installs it")
    return found


def _site_config(folder: Path, proxy_port: int, voila_port: int, token: str) -> Path:
    """deploy/nginx.conf with only the lines its comments say to edit (and the paths the
    install steps create) pointed into ``folder``."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(folder / "key.pem"),
                    "-out", str(folder / "cert.pem")], check=True, capture_output=True)
    lines = []
    for name, password in PEOPLE.items():  # what htpasswd writes, with crypt(3)'s SHA-512
        hashed = subprocess.run(["openssl", "passwd", "-6", password], check=True,
                                capture_output=True, text=True).stdout.strip()
        lines.append(f"{name}:{hashed}\n")
    (folder / "htpasswd").write_text("".join(lines))
    (folder / "token.conf").write_text(f'proxy_set_header Authorization "token {token}";\n')
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in {
        "listen 443 ssl;": f"listen 127.0.0.1:{proxy_port} ssl;",
        "server_name dashboards.example.com;": "server_name localhost;",
        "ssl_certificate /etc/ssl/certs/aimsi-ebay.pem;":
            f"ssl_certificate {folder / 'cert.pem'};",
        "ssl_certificate_key /etc/ssl/private/aimsi-ebay.key;":
            f"ssl_certificate_key {folder / 'key.pem'};",
        "auth_basic_user_file /etc/nginx/aimsi-ebay.htpasswd;":
            f"auth_basic_user_file {folder / 'htpasswd'};",
        "include /etc/nginx/aimsi-ebay-token.conf;": f"include {folder / 'token.conf'};",
        "proxy_pass http://127.0.0.1:8866;": f"proxy_pass http://127.0.0.1:{voila_port};",
    }.items():
        assert text.count(old) == 1, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    (folder / "site.conf").write_text(text)
    temp = folder / "temp"
    temp.mkdir()
    # What Debian's /etc/nginx/nginx.conf gives a site file, minus paths only root may write.
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the test's private folder
    (folder / "main.conf").write_text(
        f"{user}pid {folder / 'nginx.pid'};\nevents {{}}\nhttp {{\n"
        f"  access_log {folder / 'access.log'};\n"
        + "".join(f"  {kind}_temp_path {temp / kind};\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"  include {folder / 'site.conf'};\n}}\n")
    return folder / "main.conf"


def _wait_for(url: str, what: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2, context=UNVERIFIED)
        except urllib.error.HTTPError:
            return  # it answers (a login or a 404 is an answer)
        except OSError:
            time.sleep(0.3)
            continue
        return
    pytest.fail(f"{what} did not start within 90 s; see {log}")


@pytest.fixture
def behind_nginx(tmp_path, demo_db):
    """``serve`` in trusted-header mode (started with a server login and a stray header variable
    in its environment, which must not count) and nginx in front; yields (nginx's URL, Voilà's
    URL, the database)."""
    database = demo_db.environment_value
    voila_port, proxy_port = _free_port(), _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    serve_log = ARTIFACTS / "serve-behind-proxy.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUPYTER_TOKEN")}
    env.update({"AIMSI_EBAY_USER": "server-login", "HTTP_X_FORWARDED_USER": "stray-variable",
                "AIMSI_EBAY_DATA": str(tmp_path)})
    with open(serve_log, "w") as log:
        serve = subprocess.Popen(
            [sys.executable, "-m", "aimsi_ebay", "--db", database, "serve",
             "--port", str(voila_port), "--trusted-user-header", HEADER],
            env=env, stdout=log, stderr=subprocess.STDOUT)
    nginx = None
    try:
        voila = f"http://127.0.0.1:{voila_port}"
        _wait_for(f"{voila}/voila/static/", "serve", serve_log)
        said = serve_log.read_text().splitlines()
        assert said[1] == (f"  behind a proxy: 127.0.0.1:{voila_port} only; the operator is the "
                           f"{HEADER} header of requests carrying the token in "
                           f"{tmp_path / '.dashboard_token'}"), said
        config = _site_config(tmp_path, proxy_port, voila_port,
                              (tmp_path / ".dashboard_token").read_text().strip())
        error_log = ARTIFACTS / "nginx-behind-proxy.log"
        nginx = subprocess.Popen(
            [_nginx(), "-p", str(tmp_path), "-e", str(error_log), "-c", str(config),
             "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        proxy = f"https://127.0.0.1:{proxy_port}"
        _wait_for(f"{proxy}/", "nginx", error_log)
        yield proxy, voila, database
    finally:
        for process in (nginx, serve):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()


def _status(url: str, headers: dict[str, str]) -> tuple[int, str]:
    """The status and final URL of a GET (redirects followed)."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60, context=UNVERIFIED) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        return error.code, url


def _save_subtitle(browser, proxy: str, person: str, sku: str, subtitle: str,
                   forged: str | None):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, ignore_https_errors=True,
        http_credentials={"username": person, "password": PEOPLE[person]},
        extra_http_headers={HEADER: forged} if forged else None)
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{proxy}/voila/render/SKU_eBay_records.ipynb")
    page.wait_for_selector(".sku-search input")
    page.fill(".sku-search input", sku)
    page.click(".sku-find")
    option = page.locator(".sku-results option", has_text=f"{sku} —").first
    option.wait_for(state="attached")
    page.select_option(".sku-results select", value=option.get_attribute("value"))
    page.fill(".sku-subtitle input", subtitle)
    page.click(".sku-save")
    page.wait_for_selector(".aimsi-message-success")
    assert "Traceback" not in page.content()
    return page


def test_two_people_behind_nginx_are_each_named_in_the_audit_log(browser, behind_nginx):
    proxy, voila, database = behind_nginx
    home = "/voila/render/Home.ipynb"
    assert _status(proxy + home, {})[0] == 401  # no login
    assert _status(proxy + home, {HEADER: "alice"})[0] == 401  # a header is no login
    # Around nginx, straight to Voilà with a forged header: its login page, no dashboard.
    status, landed = _status(voila + home, {HEADER: "alice"})
    assert status in (401, 403) or "/login" in landed, (status, landed)

    alice = _save_subtitle(browser, proxy, "alice", "TSH-LOGO-S", "Saved by alice",
                           forged="mallory")
    bob = _save_subtitle(browser, proxy, "bob", "GTR-STRAT-BK", "Saved by bob", forged=None)
    alice.screenshot(path=str(ARTIFACTS / "served-behind-proxy.png"), full_page=True)

    with Database(database).read() as con:
        who = dict(con.execute(
            "SELECT entity_key, who FROM audit_log WHERE action = 'update'"
            " AND entity = 'ebay_record' AND entity_key IN ('TSH-LOGO-S', 'GTR-STRAT-BK')"
        ).fetchall())
        updated_by = dict(con.execute(
            "SELECT sku, updated_by FROM ebay_records WHERE sku IN ('TSH-LOGO-S', 'GTR-STRAT-BK')"
        ).fetchall())
    assert who == {"TSH-LOGO-S": "alice", "GTR-STRAT-BK": "bob"}
    assert updated_by == who
    for page in (alice, bob):
        assert page.context.cookies() == []  # no Voilà login cookie reaches a browser
        page.context.close()
