"""The shipping SQL programs (``*.sql`` beside this module), run statement by statement."""

from __future__ import annotations

import re
from importlib import resources

import duckdb

_PARAMETER = re.compile(r"\$([a-z_]+)")


def script(name: str) -> str:
    """The text of ``<name>.sql`` in this package."""
    return resources.files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def statements(sql: str) -> list[str]:
    """The statements of a program: split where a line ends with ``;`` (comments dropped)."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    parts = re.split(r";[ \t]*\n", "\n".join(lines) + "\n")
    return [part.strip() for part in parts if part.strip()]


def run_script(con: duckdb.DuckDBPyConnection, sql: str, parameters: dict[str, object]) -> None:
    """Run each statement with the named parameters it uses (``$name``)."""
    for statement in statements(sql):
        used = {name: parameters[name] for name in set(_PARAMETER.findall(statement))}
        con.execute(statement, used) if used else con.execute(statement)
