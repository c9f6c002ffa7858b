"""Shipping: what the buyer paid for shipping against what it cost, per order, service and month.

Cost is the carriers' charge per live shipment (negotiated, else published: ``schema``) split
into carrier cost and eBay label cost (shipments made from labels bought on eBay, carrier
``ebay``), summed per order by the writers of shipments into columns of ``orders``
(``ship_summary``, migration 024), so the view scans orders. An order is in the view once it
has a live shipment or is shipped/invoiced; the date filter is the order date, the carrier
filter keeps orders with a shipment of that carrier.
Problems (``--check``): orders shipped with no carrier charge, carrier charges with no order.
Orders shipped at a loss are flagged, not counted as out of balance.
"""

from __future__ import annotations

import duckdb

from aimsi_ebay.ops.reconcile.payouts import LABEL_CARRIER
from aimsi_ebay.ops.reconcile.schema import live_shipment_sql, shipment_cost_sql
from aimsi_ebay.ops.reconcile.statement import Plan, Section
from aimsi_ebay.ops.reconcile.views import Filters, Table, ViewResult

_ORDER_COLUMNS = """order_number, account, order_date, month, service, carriers, shipments,
    charged, carrier_cost, label_cost, cost, margin, loss, no_charge, status"""
_ORDER_ORDER = "loss DESC, no_charge DESC, margin, order_number"
_TOTALS = ("orders", "charged", "cost", "margin", "losses", "no_charge")


def plan(con: duckdb.DuckDBPyConnection, filters: Filters) -> Plan:
    """Per order (``ship_orders``): the shipping figures the order carries
    (``ship_summary``: kept by the writers of shipments) — a scan of orders, no aggregate over
    shipments; the summaries group it in one pass; carriers and account names are looked up
    only for the rows shown. The carrier filter is a semi-join to that carrier's shipments."""
    cost = shipment_cost_sql(con, "s")
    live = live_shipment_sql(con, "s")
    where = filters.sql("o.order_date", "o.account_id")
    carrier_filter = (f"""o.order_id IN (SELECT s.order_id FROM shipments s
        WHERE {live} AND lower(s.carrier) = $carrier)""" if filters.carrier else "TRUE")
    # orders in scope that shipped (a live package, or shipped/invoiced)
    orders = f"""SELECT o.order_id, o.order_number, o.account_id, o.order_date,
                CAST(date_trunc('month', o.order_date) AS DATE) AS month,
                coalesce(o.shipment_service, o.shipping_service, '(none)') AS service,
                coalesce(o.live_shipments, 0) AS shipments, o.shipping AS charged,
                o.carrier_cost, o.label_cost,
                CAST(coalesce(o.carrier_cost, 0) + coalesce(o.label_cost, 0) AS DECIMAL(12,2))
                    AS cost,
                CAST(o.shipping - coalesce(o.carrier_cost, 0) - coalesce(o.label_cost, 0)
                     AS DECIMAL(12,2)) AS margin,
                coalesce(o.priced_shipments, 0) > 0 AND o.shipping - coalesce(o.carrier_cost, 0)
                    - coalesce(o.label_cost, 0) < 0 AS loss,
                coalesce(o.priced_shipments, 0) = 0 AS no_charge, o.status
            FROM orders o
            WHERE {where} AND (o.live_shipments > 0 OR o.status IN ('shipped', 'invoiced'))
                AND {carrier_filter}"""
    # read where it is used: a scan of orders' columns costs less than materialising it; with a
    # carrier filter (a semi-join to shipments) it is computed once
    ctes = {"ship_orders": orders} if filters.carrier else {}
    source = "ship_orders" if filters.carrier else f"({orders}) ship_orders"
    ctes |= {
        # ONE pass over the orders into a few cells (month x service x charged or not); the
        # months, services and totals add the cells up
        "ship_cells": f"""SELECT month, service, no_charge, count(*) AS orders,
                sum(charged) AS charged, sum(carrier_cost) AS carrier_cost,
                sum(label_cost) AS label_cost, sum(cost) AS cost, sum(margin) AS margin,
                count(*) FILTER (WHERE loss) AS losses
            FROM {source} GROUP BY month, service, no_charge""",
        "ship_groups": """SELECT month, service, GROUPING(month) AS by_service,
                CAST(sum(orders) AS BIGINT) AS orders, sum(charged) AS charged,
                CAST(sum(carrier_cost) AS DECIMAL(12,2)) AS carrier_cost,
                CAST(sum(label_cost) AS DECIMAL(12,2)) AS label_cost, sum(cost) AS cost,
                sum(margin) AS margin, CAST(sum(losses) AS BIGINT) AS losses
            FROM ship_cells WHERE NOT no_charge GROUP BY GROUPING SETS ((month), (service))""",
        "ship_totals": "SELECT {" + ", ".join(f"'{k}': {v}" for k, v in zip(_TOTALS, (
            "CAST(coalesce(sum(orders), 0) AS BIGINT)", "coalesce(sum(charged), 0)",
            "coalesce(sum(cost), 0)", "coalesce(sum(margin), 0)",
            "CAST(coalesce(sum(losses), 0) AS BIGINT)",
            "CAST(coalesce(sum(orders) FILTER (WHERE no_charge), 0) AS BIGINT)"), strict=True))
            + "} AS t FROM ship_cells",
        "ship_unowned": f"""SELECT (SELECT count(*) FROM shipments s WHERE {live})
                <> (SELECT coalesce(sum(live_shipments), 0) FROM orders) AS unowned""",
        "ship_orphans": _orphans(filters, cost, live),
    }  # fmt: skip
    # names and carriers only for the rows shown: the shipments of the shown orders by a join
    # to them (an IN over the shown rows cost a full pass of filtered shipments per section)
    dress = f"""SELECT {_ORDER_COLUMNS}, "#" FROM (SELECT c.*, a.name AS account,
            concat_ws(', ', k.first_carrier, nullif(k.last_carrier, k.first_carrier)) AS carriers
        FROM capped c LEFT JOIN seller_accounts a ON a.account_id = c.account_id
        LEFT JOIN (SELECT s.order_id, min(lower(s.carrier)) AS first_carrier,
                max(lower(s.carrier)) AS last_carrier
            FROM (SELECT DISTINCT order_id FROM capped) shown
            JOIN shipments s ON s.order_id = shown.order_id WHERE {live} GROUP BY s.order_id) k
            ON k.order_id = c.order_id)"""
    grouped = """SELECT {key}, orders, charged, carrier_cost, label_cost, cost, margin, losses
        FROM ship_groups WHERE by_service = {flag}"""
    sections = [
        Section("orders", "Shipping per order (losses first)",
                f"SELECT * FROM {source}", _ORDER_ORDER, dress=dress,
                count="SELECT t.orders FROM ship_totals"),
        Section("by_month", "Shipping margin by month", grouped.format(key="month", flag=0),
                "month", capped=False),
        Section("by_service", "Shipping margin by service",
                grouped.format(key="service", flag=1), "service", capped=False),
        Section("no_charge", "Orders shipped with no carrier charge",
                f"SELECT * FROM {source} WHERE no_charge",
                "order_number", dress=dress, count="SELECT t.no_charge FROM ship_totals"),
        Section("orphan_charges", "Carrier charges with no order", "SELECT * FROM ship_orphans",
                "date, reference"),
    ]  # fmt: skip
    return Plan(ctes, sections, {"totals": "SELECT t FROM ship_totals"}, _finish)


def _finish(tables: dict[str, Table], scalars: dict[str, object]) -> ViewResult:
    totals = dict(scalars["totals"])
    orphans = tables["orphan_charges"]
    orphan_count = orphans.total_rows if orphans.total_rows is not None else len(orphans.rows)
    totals["orphan_charges"] = orphan_count
    problems = []
    if totals["no_charge"]:
        problems.append(f"{totals['no_charge']} order(s) shipped with no carrier charge")
    if orphan_count:
        problems.append(f"{orphan_count} carrier charge(s) with no order")
    return ViewResult("shipping", tables, totals, problems)


def _orphans(filters: Filters, cost: str, live: str) -> str:
    """Shipments whose order is not on file, and eBay labels that no order of ours matched.

    A shipment of no order is the only one the orders' kept counts leave out, so the anti-join
    of shipments to the orders' ids runs only when the live shipments outnumber what the orders
    count (two cheap column sums; equal on a healthy store, where both sides then read no rows)."""
    ship_where = filters.sql("s.ship_date", None)
    label_where = filters.sql("t.creation_date", "t.account_id")
    carrier = "lower(s.carrier) = $carrier" if filters.carrier else "TRUE"
    label_carrier = (
        "TRUE" if not filters.carrier or filters.carrier.lower() == LABEL_CARRIER else "FALSE"
    )
    sql = f"""
        SELECT 'shipment' AS source, s.carrier, s.service, s.tracking_number AS reference,
            s.ship_date AS date, CAST({cost} AS DECIMAL(12,2)) AS charge,
            CAST(s.order_id AS VARCHAR) AS order_ref
        FROM shipments s
        WHERE {live} AND {ship_where} AND {carrier} AND (SELECT unowned FROM ship_unowned)
          AND s.order_id NOT IN (SELECT order_id FROM orders
                                 WHERE (SELECT unowned FROM ship_unowned))
        UNION ALL
        SELECT 'eBay label', '{LABEL_CARRIER}', t.description, coalesce(t.reference_id, t.row_key),
            t.creation_date, CAST(-t.net_amount AS DECIMAL(12,2)), t.order_number
        FROM ebay_transactions t
        WHERE lower(t.type) = 'shipping label' AND t.order_id IS NULL AND {label_where}
          AND {label_carrier}"""
    return sql
