"""Installable anywhere: the wheel carries the demo data, the migrations and the dashboards.

The wheel is built from this checkout and installed into a fresh virtual environment (its
dependencies are borrowed from the test environment through a path file, so no network is
needed); then ``aimsi-ebay demo`` and ``aimsi-ebay serve`` run from a folder that is not the
checkout.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding the built wheel; returns its ``aimsi-ebay`` script."""
    work = tmp_path_factory.mktemp("wheel")
    # Built from a clean copy of the sources: an in-tree build/ folder may hold stale modules.
    source = work / "source"
    skipped = shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__")

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = {"data", "tests", "test-artifacts"} if Path(folder) == ROOT else set()
        return set(skipped(folder, names)) | (top & set(names))

    shutil.copytree(ROOT, source, ignore=ignore)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(work / "dist"), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next((work / "dist").glob("aimsi_ebay-*.whl"))
    target = work / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    site = Path(subprocess.check_output(
        [target / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(target / "bin" / "python"), "install",
         "--no-deps", "-q", str(wheel)],
        capture_output=True, text=True, timeout=300, env=_env(),
    )
    assert installed.returncode == 0, installed.stderr
    # Then the test environment's libraries, but not its editable aimsi_ebay (a path file line
    # adds the folder only; that folder's own .pth files, the editable finder among them, stay
    # unread). Written after the install, so pip does not take the editable one as installed.
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return target / "bin" / "aimsi-ebay"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIMSI_EBAY")}
    env.pop("PYTHONPATH", None)
    # The borrowed libraries' data files (Voilà's page templates) live under the test
    # environment's prefix; a venv with the dependencies installed has them under its own.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return env


def test_the_wheel_holds_the_package_not_the_checkout(installed, tmp_path):
    where = subprocess.check_output(
        [installed.parent / "python", "-c", "import aimsi_ebay; print(aimsi_ebay.__file__)"],
        text=True, cwd=tmp_path, env=_env()).strip()
    assert str(ROOT) not in where and "site-packages" in where


def test_demo_and_serve_work_from_any_folder(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    built = subprocess.run([installed, "--db", "store.duckdb", "demo", "--json"],
                           cwd=elsewhere, env=_env(), capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert (elsewhere / "store.duckdb").exists()
    assert any((elsewhere / "inbox").iterdir()), "the demo's inbox download comes from the wheel"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [installed, "--db", "store.duckdb", "serve", "--port", str(port)],
        cwd=elsewhere, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = ""
        for _ in range(20):
            line = server.stdout.readline()
            if "http://" in line:
                url = line[line.index("http://"):].split()[0]
                break
        assert url, "serve printed no URL"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    page = response.read().decode()
                break
            except (ConnectionError, urllib.error.URLError):
                assert time.monotonic() < deadline, "Voilà did not answer"
                time.sleep(0.5)
        assert response.status == 200 and "voila" in page.lower()
        served = sorted(p.name for p in (elsewhere / "dashboards").glob("*.ipynb"))
        assert "Home.ipynb" in served and not any("analysis" in name for name in served)
    finally:
        server.terminate()
        server.wait(timeout=30)
