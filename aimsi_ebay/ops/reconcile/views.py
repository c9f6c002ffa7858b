"""The reconciliation views: what they return, their filters, and the runner.

A view (``shipping``, ``deposits``, ``payouts``, ``batches``) is a plan of set-based SQL
(``statement.py``: the views asked for run as one statement in one read transaction) and returns a :class:`ViewResult`: named tables (the detail rows, capped at
``limit`` for the screen, and the summaries), totals over *all* rows, and ``problems`` — one line
per thing out of balance (``reconcile --check`` exits 3 when there is any).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import duckdb

from aimsi_ebay.db import Database
from aimsi_ebay.errors import InputError
from aimsi_ebay.rules.money import money_str

if TYPE_CHECKING:
    from aimsi_ebay.ops.reconcile.statement import Plan

VIEW_NAMES = ("shipping", "deposits", "payouts", "batches")
DETAIL_LIMIT = 500


@dataclass(frozen=True)
class Filters:
    """Account name, an inclusive date range (each view says which date), carrier, and the day
    ages are counted to (default today)."""

    account: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    carrier: str | None = None
    as_of: date | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(
                f"the date range {self.date_from} to {self.date_to} ends before it starts",
                field="from",
            )

    @property
    def today(self) -> date:
        return self.as_of or date.today()

    def sql(self, date_sql: str, account_sql: str | None) -> str:
        """An SQL condition on the date column ``date_sql`` and the account-id column
        ``account_sql`` (SQL from the calling module's constants), with named parameters
        (``$account``, ``$date_from``, ``$date_to``: :meth:`params`)."""
        parts = ["TRUE"]
        if self.account and account_sql:
            parts.append(
                f"{account_sql} IN (SELECT account_id FROM seller_accounts WHERE name = $account)"
            )
        if self.date_from:
            parts.append(f"{date_sql} >= $date_from")
        if self.date_to:
            parts.append(f"{date_sql} <= $date_to")
        return " AND ".join(parts)

    def params(self) -> dict[str, object]:
        """Values for the named parameters of :meth:`sql`, ``$carrier`` (lower case) and
        ``$today``."""
        return {"account": self.account, "date_from": self.date_from, "date_to": self.date_to,
                "carrier": self.carrier.lower() if self.carrier else None,
                "today": self.today}  # fmt: skip


@dataclass
class Table:
    """Rows of one section of a view; ``money`` names the columns holding amounts."""

    name: str
    title: str
    columns: list[str]
    rows: list[tuple]
    money: frozenset[str] = frozenset()
    total_rows: int | None = None  # before the display cap

    def dicts(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "total_rows": self.total_rows if self.total_rows is not None else len(self.rows),
            "rows": [{k: _plain(v) for k, v in row.items()} for row in self.dicts()],
        }


@dataclass
class ViewResult:
    view: str
    tables: dict[str, Table]
    totals: dict[str, object]
    problems: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        totals = ", ".join(f"{k} {_plain(v)}" for k, v in self.totals.items())
        state = "balanced" if self.balanced else f"{len(self.problems)} problem(s)"
        return f"{self.view}: {totals} — {state}"

    def as_json(self) -> dict[str, object]:
        return {
            "view": self.view,
            "totals": {k: _plain(v) for k, v in self.totals.items()},
            "problems": self.problems,
            "tables": {name: table.as_json() for name, table in self.tables.items()},
        }


def table(
    con: duckdb.DuckDBPyConnection,
    name: str,
    title: str,
    sql: str,
    params: list[object] | None = None,
    *,
    limit: int | None = None,
    count_sql: str | None = None,
) -> Table:
    """Run ``sql`` into a :class:`Table`; DECIMAL columns are its money columns. When more than
    ``limit`` rows come back, ``count_sql`` (default: a count of ``sql``) gives the total."""
    capped = sql if limit is None else f"SELECT * FROM ({sql}) LIMIT {int(limit) + 1}"
    result = con.execute(capped, params or [])
    columns = [d[0] for d in result.description]
    money = frozenset(d[0] for d in result.description if str(d[1]).startswith("DECIMAL"))
    rows = result.fetchall()
    total = None
    if limit is not None and len(rows) > limit:
        rows = rows[:limit]
        count = count_sql or f"SELECT count(*) FROM ({sql})"
        total = con.execute(count, [] if count_sql else params or []).fetchone()[0]
    return Table(name, title, columns, rows, money, total)


def run_view(
    db: Database, view: str, filters: Filters | None = None, *, limit: int | None = DETAIL_LIMIT
) -> ViewResult:
    """One view in its own read transaction."""
    return run_views(db, filters, views=(view,), limit=limit)[0]


def run_views(
    db: Database,
    filters: Filters | None = None,
    *,
    views: tuple[str, ...] = VIEW_NAMES,
    limit: int | None = DETAIL_LIMIT,
) -> list[ViewResult]:
    """Several views over one consistent snapshot, in ONE statement: per-order figures that two
    views need are computed once (``reconcile --check`` runs all four)."""
    from aimsi_ebay.ops.reconcile.statement import run_plans

    filters = filters or Filters()
    planners = [_planner(view) for view in views]
    with db.read() as con:
        plans = {view: planner(con, filters) for view, planner in zip(views, planners, strict=True)}
        return run_plans(con, plans, filters.params(), limit)


def _planner(view: str) -> Callable[[duckdb.DuckDBPyConnection, Filters], Plan]:
    from aimsi_ebay.ops.reconcile import batches_view, deposits_view, payouts_view, shipping_view

    planners = {
        "shipping": shipping_view.plan,
        "deposits": deposits_view.plan,
        "payouts": payouts_view.plan,
        "batches": batches_view.plan,
    }
    if view not in planners:
        raise InputError(f"{view!r} is not a view: choose {', '.join(VIEW_NAMES)}", field="view")
    return planners[view]


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
