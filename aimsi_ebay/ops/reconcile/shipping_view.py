"""Shipping: what the buyer paid for shipping against what it cost, per order, service and month.

Cost is the carriers' charge per live shipment (negotiated, else published: ``schema``) split
into carrier cost and eBay label cost (shipments made from labels bought on eBay, carrier
``ebay``). An order is in the view once it has a live shipment or is shipped/invoiced; the date
filter is the order date, the carrier filter keeps orders with a shipment of that carrier.
Problems (``--check``): orders shipped with no carrier charge, carrier charges with no order.
Orders shipped at a loss are flagged, not counted as out of balance.
"""

from __future__ import annotations

import duckdb

from aimsi_ebay.ops.reconcile.payouts import LABEL_CARRIER
from aimsi_ebay.ops.reconcile.schema import live_shipment_sql, shipment_cost_sql
from aimsi_ebay.ops.reconcile.views import Filters, ViewResult, table

_ORDER_COLUMNS = """order_number, account, order_date, month, service, carriers, shipments,
    charged, carrier_cost, label_cost, cost, margin, loss, no_charge, status"""


def shipping(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None) -> ViewResult:
    cost = shipment_cost_sql(con, "s")
    live = live_shipment_sql(con, "s")
    where, params = filters.where("o.order_date", "o.account_id")
    carrier_params: list[object] = []
    carrier_filter = "TRUE"
    if filters.carrier:
        carrier_filter = "coalesce(sh.has_carrier, FALSE)"
        carrier_params = [filters.carrier.lower()]
    has_carrier = "bool_or(lower(s.carrier) = ?)" if filters.carrier else "NULL"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE recon_shipping AS
        WITH order_shipments AS (  -- per order: live shipments, their cost by kind
            SELECT s.order_id, count(*) AS shipments, count({cost}) AS priced,
                sum({cost}) FILTER (WHERE s.carrier <> '{LABEL_CARRIER}') AS carrier_cost,
                sum({cost}) FILTER (WHERE s.carrier = '{LABEL_CARRIER}') AS label_cost,
                min(lower(s.carrier)) AS first_carrier, max(lower(s.carrier)) AS last_carrier,
                {has_carrier} AS has_carrier, min(s.service) AS service
            FROM shipments s WHERE {live} GROUP BY s.order_id),
        shipped_orders AS (  -- orders in scope that shipped
            SELECT o.order_id, o.order_number, o.account_id, o.order_date, o.status,
                o.shipping AS charged, o.shipping_service, sh.*
            FROM orders o LEFT JOIN order_shipments sh ON sh.order_id = o.order_id
            WHERE {where} AND (sh.order_id IS NOT NULL OR o.status IN ('shipped', 'invoiced'))
              AND {carrier_filter})
        SELECT order_number, a.name AS account, order_date,
            CAST(date_trunc('month', order_date) AS DATE) AS month,
            coalesce(service, shipping_service, '(none)') AS service,
            concat_ws(', ', first_carrier, nullif(last_carrier, first_carrier)) AS carriers, coalesce(shipments, 0) AS shipments,
            charged, carrier_cost, label_cost,
            CAST(coalesce(carrier_cost, 0) + coalesce(label_cost, 0) AS DECIMAL(12,2)) AS cost,
            CAST(charged - coalesce(carrier_cost, 0) - coalesce(label_cost, 0) AS DECIMAL(12,2))
                AS margin,
            coalesce(priced, 0) > 0 AND charged - coalesce(carrier_cost, 0)
                - coalesce(label_cost, 0) < 0 AS loss,
            coalesce(priced, 0) = 0 AS no_charge, status
        FROM shipped_orders LEFT JOIN seller_accounts a ON a.account_id = shipped_orders.account_id""",
        carrier_params + params,
    )
    tables = {
        "orders": table(
            con, "orders", "Shipping per order (losses first)",
            f"SELECT {_ORDER_COLUMNS} FROM recon_shipping ORDER BY loss DESC, no_charge DESC,"
            " margin, order_number", limit=limit,
            count_sql="SELECT count(*) FROM recon_shipping",
        ),
        "by_month": table(
            con, "by_month", "Shipping margin by month", _grouped("month"),
        ),
        "by_service": table(
            con, "by_service", "Shipping margin by service", _grouped("service"),
        ),
        "no_charge": table(
            con, "no_charge", "Orders shipped with no carrier charge",
            f"SELECT {_ORDER_COLUMNS} FROM recon_shipping WHERE no_charge ORDER BY order_number",
            limit=limit, count_sql="SELECT count(*) FROM recon_shipping WHERE no_charge",
        ),
        "orphan_charges": _orphans(con, filters, cost, live, limit),
    }  # fmt: skip
    totals_row = con.execute(
        """SELECT count(*), coalesce(sum(charged), 0), coalesce(sum(cost), 0),
            coalesce(sum(margin), 0), count(*) FILTER (WHERE loss),
            count(*) FILTER (WHERE no_charge) FROM recon_shipping"""
    ).fetchone()
    orphans = tables["orphan_charges"]
    orphan_count = orphans.total_rows if orphans.total_rows is not None else len(orphans.rows)
    totals = dict(zip(
        ("orders", "charged", "cost", "margin", "losses", "no_charge"), totals_row, strict=True
    ))  # fmt: skip
    totals["orphan_charges"] = orphan_count
    problems = []
    if totals["no_charge"]:
        problems.append(f"{totals['no_charge']} order(s) shipped with no carrier charge")
    if orphan_count:
        problems.append(f"{orphan_count} carrier charge(s) with no order")
    return ViewResult("shipping", tables, totals, problems)


def _grouped(key: str) -> str:
    return f"""SELECT {key}, count(*) AS orders, sum(charged) AS charged,
        CAST(sum(carrier_cost) AS DECIMAL(12,2)) AS carrier_cost,
        CAST(sum(label_cost) AS DECIMAL(12,2)) AS label_cost, sum(cost) AS cost,
        sum(margin) AS margin, count(*) FILTER (WHERE loss) AS losses
        FROM recon_shipping WHERE NOT no_charge GROUP BY {key} ORDER BY {key}"""


def _orphans(
    con: duckdb.DuckDBPyConnection, filters: Filters, cost: str, live: str, limit: int | None
):
    """Shipments whose order is not on file, and eBay labels that no order of ours matched."""
    ship_where, ship_params = filters.where("s.ship_date", None)
    label_where, label_params = filters.where("t.creation_date", "t.account_id")
    carrier = "TRUE"
    carrier_params: list[object] = []
    if filters.carrier:
        carrier, carrier_params = "lower(s.carrier) = ?", [filters.carrier.lower()]
    label_carrier = "TRUE" if not filters.carrier or filters.carrier.lower() == LABEL_CARRIER else "FALSE"
    sql = f"""
        SELECT 'shipment' AS source, s.carrier, s.service, s.tracking_number AS reference,
            s.ship_date AS date, CAST({cost} AS DECIMAL(12,2)) AS charge,
            CAST(s.order_id AS VARCHAR) AS order_ref
        FROM shipments s
        WHERE {live} AND {ship_where} AND {carrier}
          AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id = s.order_id)
        UNION ALL
        SELECT 'eBay label', '{LABEL_CARRIER}', t.description, coalesce(t.reference_id, t.row_key),
            t.creation_date, CAST(-t.net_amount AS DECIMAL(12,2)), t.order_number
        FROM ebay_transactions t
        WHERE lower(t.type) = 'shipping label' AND t.order_id IS NULL AND {label_where}
          AND {label_carrier}
        ORDER BY date, reference"""
    params = ship_params + carrier_params + label_params
    return table(con, "orphan_charges", "Carrier charges with no order", sql, params, limit=limit)
