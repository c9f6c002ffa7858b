"""What the Shipping dashboard and the CLI show: the queue of orders to ship with their
problems, an order's packages, a search by tracking number, voids and past imports."""

from __future__ import annotations

import pandas as pd

from aimsi_ebay.db import Database
from aimsi_ebay.ops.shipping.lookup import carrier_orders
from aimsi_ebay.ops.shipping.settings import check_carrier, read_settings

QUEUE_COLUMNS = ["order_number", "ebay_order_number", "ship_to", "city", "state", "country",
                 "ebay_service", "service_code", "weight_lbs", "state_of_order", "problems"]


def shipping_queue(db: Database, carrier: str = "ups") -> pd.DataFrame:
    """Every open or picked order: ready, partly shipped, or left out, with its problems."""
    carrier = check_carrier(carrier)
    with db.read() as con:
        settings = read_settings(con, db)
        table = carrier_orders(con, carrier, settings[f"{carrier}.default_service"])
        partly = {row[0] for row in con.execute(
            "SELECT DISTINCT o.order_number FROM shipments s JOIN orders o USING (order_id)"
            " WHERE o.status IN ('open', 'picked')").fetchall()}
    rows = []
    for row in table.to_pylist():
        problems = []
        if row["left_out"]:
            problems.append(row["left_out"])
        if row["unknown_service"]:
            problems.append(f"service {row['ebay_service'] or '(none)'!r} not in the table:"
                            f" {row['service_code']} used")
        if row["missing_weights"]:
            problems.append(f"no weight for {row['missing_weights']}")
        state = ("left out" if row["left_out"] else
                 "partly shipped" if row["order_number"] in partly else "ready")
        rows.append({
            "order_number": row["order_number"], "ebay_order_number": row["ebay_order_number"],
            "ship_to": row["company"] or row["name"], "city": row["city"],
            "state": row["state"], "country": row["country"],
            "ebay_service": row["ebay_service"], "service_code": row["service_code"],
            "weight_lbs": "" if row["weight_lbs"] is None else f"{row['weight_lbs']:f}",
            "state_of_order": state, "problems": "; ".join(problems),
        })
    frame = pd.DataFrame(rows, columns=QUEUE_COLUMNS)
    return frame.sort_values("order_number", ignore_index=True)


_PACKAGE_SQL = """
SELECT o.order_number, o.status, s.carrier, s.service, s.tracking_number,
       s.carrier_charge AS published_charge, s.negotiated_charge, s.weight, s.ship_date,
       FALSE AS void, s.source_file, s.source_row, s.ebay_uploaded_at
FROM shipments s JOIN orders o ON o.order_id = s.order_id
WHERE {live}
UNION ALL
SELECT coalesce(o.order_number, ''), coalesce(o.status, ''), v.carrier, v.service,
       v.tracking_number, v.carrier_charge, v.negotiated_charge, NULL, NULL, TRUE,
       v.source_file, v.source_row, NULL
FROM shipment_voids v LEFT JOIN orders o ON o.order_id = v.order_id
WHERE {voided}
ORDER BY 1, 5
"""


def find_tracking(db: Database, text: str, *, limit: int = 50) -> list[dict]:
    """Packages (live and voided) whose tracking number contains ``text`` (any case)."""
    needle = f"%{text.strip().upper()}%"
    if needle == "%%":
        return []
    sql = _PACKAGE_SQL.format(live="upper(s.tracking_number) LIKE $t",
                              voided="upper(v.tracking_number) LIKE $t") + " LIMIT $limit"
    return _rows(db, sql, {"t": needle, "limit": limit})


def order_packages(db: Database, order_number: str) -> list[dict]:
    """An order's packages, live and voided."""
    sql = _PACKAGE_SQL.format(live="o.order_number = $n", voided="o.order_number = $n")
    return _rows(db, sql, {"n": order_number.strip()})


def order_shipping(db: Database, order_number: str) -> dict | None:
    """An order's status, shipping cost and shipped date."""
    with db.read() as con:
        row = con.execute("SELECT order_number, status, shipping_cost, shipped_date, shipping"
                          " FROM orders WHERE order_number = ?", [order_number]).fetchone()
    if row is None:
        return None
    return dict(zip(("order_number", "status", "shipping_cost", "shipped_date",
                     "shipping_charged"), row, strict=True))


def voided_packages(db: Database, *, limit: int = 200) -> list[dict]:
    """The most recent voids."""
    sql = ("SELECT v.tracking_number, coalesce(o.order_number, '') AS order_number, v.carrier,"
           " v.carrier_charge AS published_charge, v.negotiated_charge, v.source_file,"
           " v.voided_at FROM shipment_voids v LEFT JOIN orders o ON o.order_id = v.order_id"
           " ORDER BY v.voided_at DESC, v.tracking_number LIMIT $limit")
    return _rows(db, sql, {"limit": limit})


def recent_imports(db: Database, *, limit: int = 30) -> list[dict]:
    """The latest carrier files imported, newest first."""
    sql = ("SELECT import_id, file_name, kind, carrier, packages_added, voided, unchanged,"
           " rejected, failures, imported_at, imported_by FROM shipping_imports"
           " ORDER BY import_id DESC LIMIT $limit")
    return _rows(db, sql, {"limit": limit})


def import_problems(db: Database, import_id: int) -> list[dict]:
    """The rejected rows and refused shipments of one import."""
    sql = ("SELECT row_number AS row, field, reason, kind FROM shipping_import_problems"
           " WHERE import_id = $id ORDER BY row_number, field")
    return _rows(db, sql, {"id": import_id})


def _rows(db: Database, sql: str, parameters: dict) -> list[dict]:
    with db.read() as con:
        cursor = con.execute(sql, parameters)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
