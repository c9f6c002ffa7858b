"""The views as ONE statement: each view gives a :class:`Plan` (named CTEs, sections, scalar
figures); :func:`run_plans` joins the plans of every view asked for into a single SELECT whose
one row holds each section as a list of rows, and turns it back into :class:`ViewResult`.

Why one statement: a temp table per view wrote millions of rows and read them back, and views
that need the same per-order figures computed them again. Here a CTE that several sections (or
views) read is materialised once, in memory, and a section's detail rows are a LIMIT over it (the
database keeps only the top rows while it scans). CTE names are shared across views on purpose:
two plans that name the same CTE must give the same SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from aimsi_ebay.ops.reconcile.views import Table, ViewResult

# Group-by keys are dense ids (sequences): let DuckDB aggregate by direct indexing up to 2^21
# keys (a table per thread of 2M slots) instead of hashing; larger ranges hash as before.
PERFECT_HASH_BITS = 21


@dataclass(frozen=True)
class Section:
    """One table of a view: ``sql`` selects its rows over the statement's CTEs, ``order`` is
    its ORDER BY (names of its columns). A ``capped`` section keeps the first ``limit`` rows;
    ``dress`` (SQL over ``capped``, the rows kept) adds what only shown rows need — names,
    labels — and gives the final columns, passing on ``"#"`` (their order); ``count`` is SQL for the number of rows before the
    cap (default: a count of ``sql``)."""

    name: str
    title: str
    sql: str
    order: str
    capped: bool = True
    dress: str | None = None
    count: str | None = None


@dataclass
class Plan:
    """What one view asks of the statement, and how its figures become a :class:`ViewResult`:
    ``finish(tables, scalars)`` where scalars are the values of ``scalars`` (SQL expressions)."""

    ctes: dict[str, str]
    sections: list[Section]
    scalars: dict[str, str]
    finish: Callable[[dict[str, Table], dict[str, object]], ViewResult]


def run_plans(
    con: duckdb.DuckDBPyConnection,
    plans: dict[str, Plan],
    params: dict[str, object],
    limit: int | None,
) -> list[ViewResult]:
    ctes: dict[str, str] = {}
    for plan in plans.values():
        for name, sql in plan.ctes.items():
            if ctes.setdefault(name, sql) != sql:
                raise RuntimeError(f"two views define the CTE {name} differently")
    columns: list[str] = []
    for view, plan in plans.items():
        for section in plan.sections:
            cap = section.capped and limit is not None
            columns.append(f'({_section_sql(section, limit if cap else None)}) AS "{view}.{section.name}"')
            if cap:
                count = section.count or f"SELECT count(*) FROM ({section.sql})"
                columns.append(f'({count}) AS "{view}.{section.name}#"')
        columns += [f'({sql}) AS "{view}:{key}"' for key, sql in plan.scalars.items()]
    body = "SELECT " + ",\n".join(columns)
    sql = _with(ctes, body) + body
    used = set(re.findall(r"\$(\w+)", sql))
    con.execute(f"SET perfect_ht_threshold = {PERFECT_HASH_BITS}")
    result = con.execute(sql, {k: v for k, v in params.items() if k in used})
    names = [d[0] for d in result.description]
    types = {d[0]: d[1] for d in result.description}
    values = dict(zip(names, result.fetchone(), strict=True))
    results = []
    for view, plan in plans.items():
        tables = {}
        for section in plan.sections:
            key = f"{view}.{section.name}"
            fields = [f for f in types[key].child.children if f[0] != "#"]
            cols = [name for name, _ in fields]
            money = frozenset(name for name, kind in fields if str(kind).startswith("DECIMAL"))
            rows = [tuple(row[c] for c in cols) for row in values[key] or []]
            total = None
            if section.capped and limit is not None and len(rows) > limit:
                rows, total = rows[:limit], values[f"{key}#"]
            tables[section.name] = Table(section.name, section.title, cols, rows, money, total)
        scalars = {key: values[f"{view}:{key}"] for key in plan.scalars}
        results.append(plan.finish(tables, scalars))
    return results


def _section_sql(section: Section, limit: int | None) -> str:
    """The rows kept, numbered in their order (``#``, which ``dress`` passes on), as a list."""
    cap = "" if limit is None else f" LIMIT {int(limit) + 1}"
    top = f"SELECT * FROM ({section.sql}) ORDER BY {section.order}{cap}"
    capped = f'SELECT *, row_number() OVER (ORDER BY {section.order}) AS "#" FROM ({top})'
    rows = section.dress or "SELECT * FROM capped"
    return (f"WITH capped AS MATERIALIZED ({capped}) "
            f'SELECT list(r ORDER BY r."#") FROM ({rows}) r')  # fmt: skip


def _with(ctes: dict[str, str], body: str) -> str:
    """WITH clause; a CTE read more than once (by later CTEs or the body) is materialised."""
    if not ctes:
        return ""
    parts = []
    names = list(ctes)
    for index, name in enumerate(names):
        later = " ".join(ctes[n] for n in names[index + 1:]) + body
        uses = len(re.findall(rf"\b{name}\b", later))
        how = "MATERIALIZED" if uses > 1 else "NOT MATERIALIZED"
        parts.append(f"{name} AS {how} ({ctes[name]})")
    return "WITH " + ",\n".join(parts) + "\n"
