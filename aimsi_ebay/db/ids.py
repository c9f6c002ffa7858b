"""Ids and human document numbers: the one place that draws them.

Operations never name a sequence or use ``RETURNING``: they take an id with :func:`next_id`, or
put :func:`id_sql` / the ``*_NUMBER_SQL`` expressions in a set-based ``INSERT … SELECT``. The
expressions call ``aimsi_next_id('seq')``, which every connection the ``Database`` hands out
defines for its backend: on a DuckDB file a macro for ``nextval`` (a DuckDB sequence, safe across
processes under the writer lock); on PostgreSQL a function drawing from the PostgreSQL sequence
natively (``nextval`` does not work through DuckDB's attach), a vector of ids per round trip.

Order numbers are digits only, so UPS WorldShip keyed import (``.$_0-9A-Z``) and FedEx accept
them as they are.
"""

from __future__ import annotations

from typing import Literal

import duckdb

Sequence = Literal[
    "seq_account_id", "seq_item_id", "seq_export_batch_id", "seq_customer_id", "seq_ship_to_id",
    "seq_import_batch_id", "seq_staged_sale_id", "seq_order_id", "seq_deposit_id",
    "seq_shipment_id", "seq_invoice_id", "seq_payment_id", "seq_audit_id", "seq_refund_id",
    "seq_shipping_import_id", "seq_payout_import_id", "seq_credit_note_id",
]


NumberSequence = Literal["seq_order_number", "seq_invoice_number", "seq_credit_note_number"]


def id_sql(sequence: Sequence | NumberSequence) -> str:
    """An SQL expression giving a new id per row of a set-based insert."""
    return f"aimsi_next_id('{sequence}')"


ORDER_NUMBER_SQL = f"CAST({id_sql('seq_order_number')} AS VARCHAR)"
INVOICE_NUMBER_SQL = f"'INV' || CAST({id_sql('seq_invoice_number')} AS VARCHAR)"
CREDIT_NOTE_NUMBER_SQL = f"'CN' || CAST({id_sql('seq_credit_note_number')} AS VARCHAR)"


def next_id(con: duckdb.DuckDBPyConnection, sequence: Sequence) -> int:
    """One new id, to insert a single row with."""
    return int(con.execute(f"SELECT {id_sql(sequence)}").fetchone()[0])
