"""Who the operator is (``config.operator_name``): behind a proxy, the header it sent, nothing else."""

from __future__ import annotations

import getpass

import pytest

from aimsi_ebay.config import ENV_USER, ENV_USER_HEADER, header_variable, operator_name
from aimsi_ebay.errors import InputError


@pytest.fixture
def clean(monkeypatch):
    for name in (ENV_USER, ENV_USER_HEADER, "HTTP_X_FORWARDED_USER", "HTTP_REMOTE_USER"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_header_variable_is_the_name_voila_gives_the_kernel():
    assert header_variable("X-Forwarded-User") == "HTTP_X_FORWARDED_USER"
    assert header_variable("remote-user") == "HTTP_REMOTE_USER"


def test_on_one_machine_the_operator_is_the_setting_else_the_login(clean):
    assert operator_name() == getpass.getuser()
    clean.setenv(ENV_USER, "counter-2")
    assert operator_name() == "counter-2"


def test_behind_a_proxy_the_operator_is_the_header_and_not_the_servers_login(clean):
    clean.setenv(ENV_USER, "server-login")
    clean.setenv(ENV_USER_HEADER, "X-Forwarded-User")
    clean.setenv("HTTP_X_FORWARDED_USER", " alice ")
    assert operator_name() == "alice"


def test_behind_a_proxy_no_header_is_refused_never_the_login(clean):
    clean.setenv(ENV_USER, "server-login")
    clean.setenv(ENV_USER_HEADER, "X-Forwarded-User")
    with pytest.raises(InputError, match=r"no signed-in user: .* X-Forwarded-User"):
        operator_name()
    clean.setenv("HTTP_X_FORWARDED_USER", "  ")
    with pytest.raises(InputError, match="no signed-in user"):
        operator_name()


@pytest.mark.parametrize("name", ["a" * 65, "alice\x1b[31m", "bob\tsmith"])
def test_behind_a_proxy_a_name_that_is_not_one_is_refused(clean, name):
    clean.setenv(ENV_USER_HEADER, "X-Forwarded-User")
    clean.setenv("HTTP_X_FORWARDED_USER", name)
    with pytest.raises(InputError, match="is not a user name"):
        operator_name()


def test_a_utf8_name_read_by_the_web_server_as_latin1_comes_back_whole(clean):
    clean.setenv(ENV_USER_HEADER, "Remote-User")
    clean.setenv("HTTP_REMOTE_USER", "José".encode().decode("latin-1"))
    assert operator_name() == "José"
