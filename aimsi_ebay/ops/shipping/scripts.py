"""The shipping SQL programs (``*.sql`` beside this module), run statement by statement.

A statement preceded by the comment ``-- only when: NAME`` runs only when the caller's
``conditions[NAME]()`` is true: a stage that is rare (voiding live packages, lines marked by
hand) is skipped by asking a cheap question first instead of scanning a big table for nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from importlib import resources

import duckdb

_PARAMETER = re.compile(r"\$([a-z_]+)")
_CONDITION = re.compile(r"--\s*only when:\s*([a-z_]+)\s*$")


def script(name: str) -> str:
    """The text of ``<name>.sql`` in this package."""
    return resources.files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def statements(sql: str) -> list[tuple[str | None, str]]:
    """The statements of a program, each with its condition (None: always): split where a line
    ends with ``;``; comments dropped."""
    out: list[tuple[str | None, str]] = []
    condition: str | None = None
    body: list[str] = []
    for line in sql.splitlines():
        stripped = line.strip()
        if stripped.startswith("--"):
            found = _CONDITION.match(stripped)
            if found:
                condition = found.group(1)
            continue
        body.append(line)
        if re.search(r";[ \t]*$", line):
            text = "\n".join(body).strip().removesuffix(";").strip()
            if text:
                out.append((condition, text))
            condition, body = None, []
    if "\n".join(body).strip():
        out.append((condition, "\n".join(body).strip()))
    return out


def run_script(con: duckdb.DuckDBPyConnection, sql: str, parameters: Mapping[str, object],
               conditions: Mapping[str, Callable[[], bool]] | None = None) -> None:
    """Run each statement with the named parameters it uses (``$name``); a conditional one only
    when its condition holds (asked when its turn comes, so it sees the stages before it)."""
    for condition, statement in statements(sql):
        if condition is not None and not (conditions or {})[condition]():
            continue
        used = {name: parameters[name] for name in set(_PARAMETER.findall(statement))}
        con.execute(statement, used) if used else con.execute(statement)
