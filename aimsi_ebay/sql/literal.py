"""Values written into SQL text, for the few reads that must bind no parameter.

DuckDB 1.5's Python client imports pandas (0.5–1 s) the first time a query binds a parameter
of any type. A dashboard's first paint waits for its first reads, so the reads of a first paint
write their few values as literals instead and let pandas load in the background
(``ui.first_paint.warm_imports``). Everywhere else, bind parameters as usual.

Only types with one unambiguous SQL spelling are accepted. Text is quoted the SQL way (``'``
doubled); DuckDB reads no backslash escapes in a plain ``'…'`` literal, so that is the whole
rule. NUL cannot be written in a literal and is refused.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def literal(value: object, sql_type: str | None = None) -> str:
    """``value`` as SQL text; with ``sql_type``, cast to it (``CAST(NULL AS …)`` for None)."""
    text = _bare(value)
    return f"CAST({text} AS {sql_type})" if sql_type else text


def _bare(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):  # before int: bool is an int
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"no SQL literal for {value}")
        return f"'{value:f}'"
    if isinstance(value, dt.datetime):
        return f"'{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text with a NUL character cannot be written as an SQL literal")
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for a {type(value).__name__}")
