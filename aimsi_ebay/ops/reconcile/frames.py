"""The reconciliation views as pandas DataFrames for analysts (``notebooks/analysis/
money_review.ipynb``). Money stays exact: amount columns hold ``Decimal`` objects (object
dtype), never float — ``df["margin"].sum()`` is a Decimal."""

from __future__ import annotations

import pandas as pd

from aimsi_ebay.db import Database
from aimsi_ebay.ops.reconcile.views import VIEW_NAMES, Filters, run_views


def view_frames(
    db: Database, filters: Filters | None = None, *, views: tuple[str, ...] = VIEW_NAMES
) -> dict[str, dict[str, pd.DataFrame]]:
    """{view: {table: DataFrame}} with every row, over one snapshot."""
    frames: dict[str, dict[str, pd.DataFrame]] = {}
    for result in run_views(db, filters, views=views, limit=None):
        frames[result.view] = {
            name: pd.DataFrame.from_records(table.rows, columns=table.columns).astype(
                {c: object for c in table.money})
            for name, table in result.tables.items()
        }  # fmt: skip
    return frames
