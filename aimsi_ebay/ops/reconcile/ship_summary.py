"""The shipping figures each order carries (migration 024), kept by the writers of shipments.

The reconciliation's shipping view reads an order's live shipments count, priced count, carrier
cost, eBay label cost and service from ``orders`` instead of aggregating every shipment (issue
18: a scan of orders, not 1.2 million shipments grouped and joined). Every writer that adds or
removes a package refreshes its orders in the same transaction: the carrier import through
``ops/shipping/order_state.sql`` (its costs CTE), eBay labels (``payouts._book_labels``) and the
demo store (``demo/store.py``) through :func:`refresh`. :func:`rebuild` recomputes every order from its shipments (``reconcile
--rebuild-summary``: a repair, and what a store filled by plain SQL runs once); :func:`drift`
lists the orders whose kept figures differ from a recomputation.
"""

from __future__ import annotations

import duckdb

from aimsi_ebay.db import Database
from aimsi_ebay.ops.reconcile.schema import live_shipment_sql, shipment_cost_sql

LABEL_CARRIER = "ebay"  # the carrier of a label bought on eBay (payouts.LABEL_CARRIER)
COLUMNS = ("live_shipments", "priced_shipments", "carrier_cost", "label_cost",
           "shipment_service")  # fmt: skip


def _figures_sql(con: duckdb.DuckDBPyConnection, where: str) -> str:
    """Per order id: the kept figures recomputed from its live shipments (``where`` narrows the
    shipments, alias ``s``)."""
    cost = shipment_cost_sql(con, "s")
    return f"""SELECT s.order_id, count(*) AS live_shipments, count({cost}) AS priced_shipments,
            CAST(sum({cost}) FILTER (WHERE s.carrier <> '{LABEL_CARRIER}') AS DECIMAL(16,2))
                AS carrier_cost,
            CAST(sum({cost}) FILTER (WHERE s.carrier = '{LABEL_CARRIER}') AS DECIMAL(16,2))
                AS label_cost,
            min(s.service) AS shipment_service
        FROM shipments s WHERE {live_shipment_sql(con, "s")} AND ({where}) GROUP BY s.order_id"""


def refresh(con: duckdb.DuckDBPyConnection, order_ids_sql: str) -> None:
    """Recompute the figures of the orders ``order_ids_sql`` selects (one column of order ids),
    inside the caller's write transaction; an order left with no live package gets zeros."""
    touched = f"SELECT DISTINCT order_id FROM ({order_ids_sql}) t WHERE order_id IS NOT NULL"
    figures = _figures_sql(con, f"s.order_id IN ({touched})")
    con.execute(
        f"""UPDATE orders SET live_shipments = coalesce(f.live_shipments, 0),
            priced_shipments = coalesce(f.priced_shipments, 0), carrier_cost = f.carrier_cost,
            label_cost = f.label_cost, shipment_service = f.shipment_service
        FROM ({touched}) t LEFT JOIN ({figures}) f ON f.order_id = t.order_id
        WHERE orders.order_id = t.order_id"""
    )


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute every order's figures from its shipments, writing only the orders that differ;
    returns how many changed."""
    sets = ", ".join(f"{c} = d.{c}" for c in COLUMNS)
    found = con.execute(
        f"UPDATE orders SET {sets} FROM ({_stale_sql(con)}) d WHERE orders.order_id = d.order_id"
    ).fetchone()
    return int(found[0]) if found else 0


def rebuild_store(db: Database) -> int:
    """:func:`rebuild` in its own write transaction (the CLI's ``--rebuild-summary``)."""
    with db.write() as con:
        return rebuild(con)


def drift(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Ids of the orders whose kept figures differ from a recomputation from shipments."""
    rows = con.execute(f"SELECT order_id FROM ({_stale_sql(con)}) ORDER BY order_id").fetchall()
    return [row[0] for row in rows]


def _stale_sql(con: duckdb.DuckDBPyConnection) -> str:
    """Every order whose kept figures differ from its shipments', with the right figures."""
    fresh = [f"coalesce(f.{c}, 0)" if c.endswith("shipments") else f"f.{c}" for c in COLUMNS]
    kept = ", ".join(f"o.{c}" for c in COLUMNS)
    return f"""SELECT o.order_id, {", ".join(f"{e} AS {c}" for e, c in zip(fresh, COLUMNS, strict=True))}
        FROM orders o LEFT JOIN ({_figures_sql(con, "TRUE")}) f ON f.order_id = o.order_id
        WHERE ({kept}) IS DISTINCT FROM ({", ".join(fresh)})"""
