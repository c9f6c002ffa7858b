"""The temp relations the sales import passes from function to function, in the order a sale
travels from the file to its deposit. Every relation lives in the caller's one write transaction
(a DuckDB connection's temp schema); this is the map a reader follows.

File → staged sale (``staging.stage_file``):
  ``incoming_sales`` / ``incoming_lines``  the read file's sales and lines (Arrow, registered;
                                           ``formats.ebay.sales`` builds them)
  ``staged_new``       each sale's new staged id and normalised keys (user id, e-mail, phone,
                       addresses: each key once per distinct value, ``sale_keys``)
  ``staged_decision``  ``staged_new``'s columns (it is dropped then) and the decision:
                       already imported? linked (known user id / e-mail / same user in the
                       file)? else create or hold
  ``staged_pending``   decision + values, the staged sales not yet written (``defer``)
Staged sale → order (``order_creation.create_orders_in_scope``):
  ``link_scope``       the staged sales a Create Order run covers (dashboard path)
  ``work``             the ready sales of the scope, one row each (from ``staged_pending``:
                       every staged column but the addresses, and the file's key ``gkey`` by
                       which its lines and addresses are read; its staged rows are written
                       from it)
  ``pending_rest``     the pending sales that are not ready (held, already imported)
  ``new_customers``    one per new buyer (eBay user id first), then ``work.customer_id`` set
  ``ship_plan``        per sale: the customer's address, a ship-to on file, or a new one
  ``new_ship_tos``     the ship-tos to create
  ``line_plan``        the lines with their SKU on file (or none: flagged for review)
  ``new_orders``       one per sale: ids, order number, money, adjustment, closed reason; the
                       orders, lines, stock commitments and deposits are inserted from it
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SalesRelations:
    """The relations' names, so code and readers spell them once."""

    incoming_sales: str = "incoming_sales"
    incoming_lines: str = "incoming_lines"
    staged_new: str = "staged_new"
    staged_decision: str = "staged_decision"
    staged_pending: str = "staged_pending"
    link_scope: str = "link_scope"
    work: str = "work"
    pending_rest: str = "pending_rest"
    new_customers: str = "new_customers"
    ship_plan: str = "ship_plan"
    new_ship_tos: str = "new_ship_tos"
    line_plan: str = "line_plan"
    new_orders: str = "new_orders"


RELATIONS = SalesRelations()
