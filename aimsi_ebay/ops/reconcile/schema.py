"""Columns other branches add (shipping 013, invoicing 014), read defensively in ONE place.

The reconciliation SQL asks here for the few expressions that depend on them, so a merge that
renames a column changes only this module:

- a live (not voided) invoice: ``invoices.voided_at IS NULL`` / ``NOT invoices.void`` /
  ``invoices.status <> 'void'``, whichever column exists; with none, every invoice is live;
- a shipment's cost: ``coalesce(negotiated_charge, carrier_charge)`` (both in 001), where a
  ``published_charge`` column, if 013 adds one, stands in for a missing ``carrier_charge``.
"""

from __future__ import annotations

import duckdb


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall()
    return {row[0].lower() for row in rows}


def live_invoice_sql(con: duckdb.DuckDBPyConnection, alias: str = "i") -> str:
    """An SQL condition: the invoice ``alias`` is not voided."""
    columns = columns_of(con, "invoices")
    if "voided_at" in columns:
        return f"{alias}.voided_at IS NULL"
    if "void" in columns:
        return f"NOT coalesce({alias}.void, FALSE)"
    if "status" in columns:
        return f"coalesce({alias}.status, '') NOT IN ('void', 'voided')"
    return "TRUE"


def shipment_cost_sql(con: duckdb.DuckDBPyConnection, alias: str = "s") -> str:
    """An SQL expression: what the carrier charged for shipment ``alias`` (negotiated, else
    published), NULL when unknown."""
    columns = columns_of(con, "shipments")
    published = (
        f"coalesce({alias}.carrier_charge, {alias}.published_charge)"
        if "published_charge" in columns
        else f"{alias}.carrier_charge"
    )
    return f"coalesce({alias}.negotiated_charge, {published})"


def live_shipment_sql(con: duckdb.DuckDBPyConnection, alias: str = "s") -> str:
    """An SQL condition: shipment ``alias`` is not voided."""
    columns = columns_of(con, "shipments")
    condition = f"NOT coalesce({alias}.void, FALSE)" if "void" in columns else "TRUE"
    if "voided_at" in columns:
        condition += f" AND {alias}.voided_at IS NULL"
    return condition
