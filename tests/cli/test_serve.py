"""``serve --trusted-user-header``: refused where anyone but the proxy could send the header; when
accepted, Voilà hands only that header to the kernels and nothing else names the operator."""

from __future__ import annotations

import os

import pytest

from aimsi_ebay.cli import serve as serving
from aimsi_ebay.db import Database
from aimsi_ebay.errors import InputError


@pytest.mark.parametrize(("args", "says"), [
    (["--ip", "0.0.0.0"], "--ip 0.0.0.0 would let anyone who reaches it name themselves"),
    (["--no-token"], "without the token anything on this machine could send the header"),
])
def test_the_header_is_refused_where_others_than_the_proxy_could_send_it(
        run_cli, tmp_path, demo_db, args, says):
    result = run_cli("--db", demo_db.environment_value, "serve", "--trusted-user-header", "X-Forwarded-User", *args)
    assert result.code == 2 and says in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / ".dashboard_token").exists()  # refused before anything is made


@pytest.mark.parametrize("header", ["X_Forwarded_User", "X-User: alice", "", "-X"])
def test_a_header_name_must_be_a_plain_one(header):
    with pytest.raises(InputError, match="is not a header name"):
        serving.check_user_header(header, "127.0.0.1", no_token=False)


class Exec(Exception):
    """Raised instead of becoming Voilà."""


@pytest.fixture
def exec_captured(monkeypatch, tmp_path, demo_db):
    """Run ``serving.serve`` up to its exec; returns (command, environment)."""
    captured = {}

    def execve(program, command, environment):
        captured.update(command=command, environment=environment)
        raise Exec

    monkeypatch.setattr(os, "execve", execve)
    monkeypatch.setattr(os, "chdir", lambda folder: None)
    monkeypatch.setenv("AIMSI_EBAY_DATA", str(tmp_path))  # the token file's folder

    def run(**options):
        with pytest.raises(Exec):
            serving.serve(Database(demo_db.environment_value), port=8999, ip="127.0.0.1", **options)
        return captured["command"], captured["environment"]

    return run


def test_behind_a_proxy_voila_passes_the_header_and_nothing_else_names_the_operator(
        exec_captured, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("AIMSI_EBAY_USER", "server-login")
    monkeypatch.setenv("HTTP_X_FORWARDED_USER", "stray")
    command, environment = exec_captured(trusted_user_header="X-Forwarded-User")
    assert "--VoilaConfiguration.http_header_envs=['X-Forwarded-User']" in command
    assert "--Voila.auto_token=True" in command and "--Voila.ip=127.0.0.1" in command
    assert environment["AIMSI_EBAY_USER_HEADER"] == "X-Forwarded-User"
    assert "AIMSI_EBAY_USER" not in environment and "HTTP_X_FORWARDED_USER" not in environment
    assert environment["JUPYTER_TOKEN"] == (tmp_path / ".dashboard_token").read_text().strip()
    said = capsys.readouterr().out.splitlines()
    assert said[1] == ("  behind a proxy: 127.0.0.1:8999 only; the operator is the X-Forwarded-User"
                       f" header of requests carrying the token in {tmp_path / '.dashboard_token'}")
    assert environment["JUPYTER_TOKEN"] not in "\n".join(said)


def test_without_the_option_no_header_is_trusted(exec_captured, monkeypatch):
    monkeypatch.setenv("AIMSI_EBAY_USER_HEADER", "X-Forwarded-User")  # left over: not trusted
    command, environment = exec_captured()
    assert not any("http_header_envs" in part for part in command)
    assert "AIMSI_EBAY_USER_HEADER" not in environment


@pytest.mark.parametrize("header", ["Authorization", "cookie", "User-Agent", "Host"])
def test_a_header_browsers_send_themselves_is_refused(header):
    with pytest.raises(InputError, match="browsers send themselves"):
        serving.check_user_header(header, "127.0.0.1", no_token=False)
