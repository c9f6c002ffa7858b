"""The audit log: who did what, when, with the values before and after."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from aimsi_ebay.config import operator_name


def current_user() -> str:
    """The operator (``aimsi_ebay.config.operator_name``)."""
    return operator_name()


def record(
    con: duckdb.DuckDBPyConnection,
    action: str,
    entity: str,
    key: object = None,
    *,
    before: Any = None,
    after: Any = None,
    who: str | None = None,
) -> None:
    """Append one audit entry inside the caller's transaction."""
    con.execute(
        "INSERT INTO audit_log (who, action, entity, entity_key, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [who or current_user(), action, entity, None if key is None else str(key),
         _json(before), _json(after)],
    )


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)
