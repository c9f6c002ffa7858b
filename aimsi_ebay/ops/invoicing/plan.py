"""What an invoice would hold, for many orders at once: one set-based SQL program.

The Invoice orders list, the preview and the posting all read the same plan, so the amounts a
person sees before posting are the amounts posted. The plan works on a scope table
``invoice_scope(order_id, invoice_id)`` and an optional ``invoice_picks(order_id, line_no,
quantity)`` (the operator's own quantities for a partial invoice), both temp tables the caller
fills; it leaves four temp tables: ``plan_lines``, ``plan_packages``, ``plan_heads`` and
``plan_applications``, each carrying its order's ``invoice_id``. Posting draws the ids with the
scope (:func:`fill_scope`), so what it writes is read straight from each plan table, with no
join back to the heads; the list and the preview draw none (``invoice_id`` is NULL).

Stages:
  line_state     each order line: ordered, already invoiced (posted invoices), shipped (when the
                 shipping schema records which lines a package carried), remaining
  plan_lines     what this invoice takes of each line; a line's last invoice takes the rest of its
                 amount so the invoices of a line add up to the order line exactly
  plan_packages  live (not void) packages of the order not yet on a posted invoice
  plan_heads     per order: merchandise, shipping (per the source's rule), seller tax and the
                 eBay tax memo (prorated by merchandise; the last invoice takes the rest), total,
                 and what the deposits pay of it (``applied``, the sum of its applications)
  plan_applications  the order's open deposits, oldest first, each applied up to what is left
                 of it and of the invoice's total
"""

from __future__ import annotations

import duckdb

from aimsi_ebay.db.ids import INVOICE_NUMBER_SQL, id_sql
from aimsi_ebay.sql.literal import literal
from aimsi_ebay.sql.money import prorate_sql


def build_plan(
    con: duckdb.DuckDBPyConnection, *, with_picks: bool = False, numbered: bool = False
) -> None:
    """Fill ``plan_lines``, ``plan_packages``, ``plan_heads`` and ``plan_applications`` for
    ``invoice_scope``.

    ``numbered``: each head draws its invoice number (posting only: a sequence never gives a
    number back, so the preview and the list never draw one).
    """
    picks = (
        "LEFT JOIN invoice_picks p ON p.order_id = ol.order_id AND p.line_no = ol.line_no"
        if with_picks
        else "LEFT JOIN (SELECT NULL::BIGINT AS order_id, NULL::INTEGER AS line_no,"
        " NULL::INTEGER AS quantity WHERE false) p ON p.order_id = ol.order_id"
    )
    picked_orders = (
        "SELECT DISTINCT order_id FROM invoice_picks" if with_picks
        else "SELECT NULL::BIGINT AS order_id WHERE false"
    )
    # What the live packages carried (shipping's shipment_lines, migration 013): a package with
    # rows there carried those lines, whole; a package without rows carried every line of its
    # order. An order with a line shipped invoices its shipped lines only.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE plan_lines AS
        WITH posted AS (  -- quantities and amounts already on posted invoices, per order line
            SELECT i.order_id, l.order_line_no AS line_no,
                   CAST(sum(l.quantity) AS INTEGER) AS qty,  -- not HUGEINT / DECIMAL(38) math
                   CAST(sum(l.amount) AS DECIMAL(12,2)) AS amount  -- below, row by row
            FROM invoice_lines l JOIN invoices i ON i.invoice_id = l.invoice_id
            JOIN invoice_scope sc ON sc.order_id = i.order_id
            WHERE i.status = 'posted' GROUP BY ALL),
        marked AS (  -- lines a live package says it carried
            SELECT DISTINCT sl.order_id, sl.line_no FROM shipment_lines sl
            JOIN shipments s ON s.tracking_number = sl.tracking_number WHERE NOT s.void),
        marked_orders AS (  -- orders in scope with a marked line that is one of their lines
            SELECT DISTINCT m.order_id FROM marked m
            JOIN invoice_scope sc ON sc.order_id = m.order_id
            JOIN order_lines ol ON ol.order_id = m.order_id AND ol.line_no = m.line_no),
        whole_orders AS (  -- of those, the ones with a live package that carried every line
            -- (an order with no marked line takes every line anyway: only these need looking at)
            SELECT DISTINCT s.order_id FROM shipments s
            JOIN marked_orders mo ON mo.order_id = s.order_id
            WHERE NOT s.void AND s.tracking_number NOT IN (
                SELECT tracking_number FROM shipment_lines WHERE tracking_number IS NOT NULL)),
        line_state AS (
            SELECT ol.order_id, sc.invoice_id, ol.line_no, ol.sku, ol.title, ol.unit_price,
                   ol.amount,
                   coalesce(po.amount, 0) AS invoiced_amount,
                   ol.quantity - coalesce(po.qty, 0) AS remaining,
                   CASE
                     WHEN p.quantity IS NOT NULL OR pk.order_id IS NOT NULL
                       THEN coalesce(p.quantity, 0)
                     WHEN wo.order_id IS NOT NULL
                       THEN ol.quantity - coalesce(po.qty, 0)
                     WHEN mo.order_id IS NOT NULL  -- shipped in part: the marked lines only
                       THEN CASE WHEN m.order_id IS NULL THEN 0
                                 ELSE ol.quantity - coalesce(po.qty, 0) END
                     ELSE ol.quantity - coalesce(po.qty, 0)
                   END AS wanted
            FROM order_lines ol JOIN invoice_scope sc ON sc.order_id = ol.order_id
            LEFT JOIN posted po ON po.order_id = ol.order_id AND po.line_no = ol.line_no
            LEFT JOIN whole_orders wo ON wo.order_id = ol.order_id
            LEFT JOIN marked_orders mo ON mo.order_id = ol.order_id
            LEFT JOIN marked m ON m.order_id = ol.order_id AND m.line_no = ol.line_no
            LEFT JOIN ({picked_orders}) pk ON pk.order_id = ol.order_id
            {picks})
        SELECT order_id, invoice_id, line_no, sku, title, unit_price, remaining,
               least(greatest(wanted, 0), remaining) AS take,
               CAST(CASE WHEN least(greatest(wanted, 0), remaining) = remaining
                         THEN amount - invoiced_amount
                         ELSE unit_price * least(greatest(wanted, 0), remaining)
                    END AS DECIMAL(12,2)) AS amount
        FROM line_state WHERE remaining > 0"""
    )
    con.execute(  # live packages not billed by a posted invoice yet (an anti-join: fast)
        """CREATE OR REPLACE TEMP TABLE plan_packages AS
        SELECT s.order_id, sc.invoice_id, s.shipment_id, s.tracking_number,
               coalesce(s.carrier_charge, s.negotiated_charge, 0) AS charge
        FROM shipments s JOIN invoice_scope sc ON sc.order_id = s.order_id
        LEFT JOIN (SELECT b.shipment_id FROM invoice_shipments b
                   JOIN invoices i ON i.invoice_id = b.invoice_id AND i.status = 'posted') billed
               ON billed.shipment_id = s.shipment_id
        WHERE NOT s.void AND billed.shipment_id IS NULL"""
    )
    rules = _rule_cases(con)
    numbers = f"{INVOICE_NUMBER_SQL} AS invoice_number," if numbered else ""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE plan_heads AS
        WITH before AS (  -- what posted invoices of the order already carry
            SELECT i.order_id, count(*) AS invoices,  -- DECIMAL(12,2), not 128-bit, below
                   CAST(sum(i.shipping) FILTER (WHERE i.shipping_basis = 'order')
                        AS DECIMAL(12,2)) AS order_shipping,
                   CAST(sum(i.tax) AS DECIMAL(12,2)) AS tax,
                   CAST(sum(i.ebay_tax_memo) AS DECIMAL(12,2)) AS memo
            FROM invoices i JOIN invoice_scope sc ON sc.order_id = i.order_id
            WHERE i.status = 'posted' GROUP BY i.order_id),
        taken AS (
            SELECT order_id,
                   CAST(sum(amount) FILTER (WHERE take > 0) AS DECIMAL(12,2)) AS merchandise,
                   count(*) FILTER (WHERE take > 0) AS lines,
                   CAST(sum(take) AS INTEGER) AS units, bool_and(take = remaining) AS final
            FROM plan_lines GROUP BY order_id),
        packages AS (  -- most orders have one package: its number is the list, no list built
            SELECT order_id, count(*) AS packages, CAST(sum(charge) AS DECIMAL(12,2)) AS charge,
                   min(tracking_number) AS first_tracking
            FROM plan_packages GROUP BY order_id),
        several AS (
            SELECT order_id,
                   array_to_string(list_sort(list(tracking_number)), ', ') AS tracking_numbers
            FROM plan_packages
            WHERE order_id IN (SELECT order_id FROM packages WHERE packages > 1)
            GROUP BY order_id),
        heads AS (
            SELECT o.order_id, sc.invoice_id, o.order_number, o.customer_id,
                   o.status AS order_status, o.source,
                   {rules['basis']} AS basis,
                   coalesce(t.merchandise, 0) AS merchandise,
                   coalesce(t.lines, 0) AS lines, coalesce(t.units, 0) AS units,
                   coalesce(t.final, true) AS final, t.order_id IS NOT NULL AS has_remaining,
                   coalesce(b.invoices, 0) AS invoices_before,
                   o.merchandise AS order_merchandise,
                   CAST(o.seller_tax - coalesce(b.tax, 0) AS DECIMAL(12,2)) AS tax_left,
                   CAST(o.ebay_tax_memo - coalesce(b.memo, 0) AS DECIMAL(12,2)) AS memo_left,
                   CAST(greatest(o.shipping - coalesce(b.order_shipping, 0), 0)
                        AS DECIMAL(12,2)) AS order_shipping_left,
                   o.seller_tax, o.ebay_tax_memo,
                   coalesce(k.packages, 0) AS packages, coalesce(k.charge, 0) AS charge,
                   CASE WHEN k.packages > 1 THEN sv.tracking_numbers
                        ELSE k.first_tracking END AS tracking_numbers,
                   {rules['handling_fixed']} AS handling_fixed,
                   {rules['handling_percent']} AS handling_percent
            FROM orders o JOIN invoice_scope sc ON sc.order_id = o.order_id
            LEFT JOIN taken t ON t.order_id = o.order_id
            LEFT JOIN before b ON b.order_id = o.order_id
            LEFT JOIN packages k ON k.order_id = o.order_id
            LEFT JOIN several sv ON sv.order_id = o.order_id),
        priced AS (
            SELECT *,
                   CAST(CASE WHEN basis = 'order' THEN order_shipping_left
                             WHEN packages = 0 THEN 0
                             ELSE charge + handling_fixed + {prorate_sql('charge', 'handling_percent', '100')}
                        END AS DECIMAL(12,2)) AS shipping,
                   CAST(CASE WHEN final OR order_merchandise <= 0 THEN tax_left
                             ELSE least({prorate_sql('seller_tax', 'merchandise', 'order_merchandise')},
                                        tax_left) END AS DECIMAL(12,2)) AS tax,
                   CAST(CASE WHEN final OR order_merchandise <= 0 THEN memo_left
                             ELSE least({prorate_sql('ebay_tax_memo', 'merchandise', 'order_merchandise')},
                                        memo_left) END AS DECIMAL(12,2)) AS ebay_tax_memo_now
            FROM heads
            WHERE lines > 0 OR (NOT has_remaining AND invoices_before = 0))  -- a line-less order
        SELECT {numbers} * FROM (  -- numbers drawn in the orders' (and the ids') order
            SELECT invoice_id, order_id, order_number, customer_id, order_status, source, basis, lines,
                   units, final, merchandise, shipping, tax, ebay_tax_memo_now AS ebay_tax_memo,
                   CAST(merchandise + shipping + tax AS DECIMAL(12,2)) AS total, tracking_numbers,
                   CAST(0 AS DECIMAL(12,2)) AS applied  -- set below, from plan_applications
            FROM priced{" ORDER BY order_id" if numbered else ""})"""
    )
    con.execute(  # the deposits' references and dates come along for the payments written
        """CREATE OR REPLACE TEMP TABLE plan_applications AS
        WITH open_deposits AS (
            SELECT h.order_id, h.invoice_id, b.deposit_id, b.reference, b.received_date, b.open,
                   h.total,
                   coalesce(sum(b.open) OVER (PARTITION BY h.order_id
                       ORDER BY b.received_date, b.deposit_id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS open_before
            FROM plan_heads h JOIN deposit_balances b ON b.order_id = h.order_id
            WHERE b.open > 0)
        SELECT order_id, invoice_id, deposit_id, reference, received_date,
               CAST(least(open, greatest(total - open_before, 0)) AS DECIMAL(12,2)) AS amount
        FROM open_deposits
        WHERE least(open, greatest(total - open_before, 0)) > 0"""
    )
    # Each head carries what its deposits pay, updated in place: the heads keep the order they
    # were written in, so a batch's report reads them as they are (no join, no sort).
    con.execute(
        """UPDATE plan_heads SET applied = a.applied
        FROM (SELECT order_id, CAST(sum(amount) AS DECIMAL(12,2)) AS applied
              FROM plan_applications GROUP BY order_id) a
        WHERE plan_heads.order_id = a.order_id"""
    )


def _rule_cases(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The shipping rules (a few rows) as CASE expressions on ``o.source`` with their values
    written in: a source without a rule takes the rule of 'other', else the buyer's amount.

    Read first and written in, the rules cost nothing per order (a join had DuckDB build its
    hash table on the orders; a map looked up per order cost 0.25 s of 100,000 orders' plan).
    Literals, not bound values: the Invoice orders page plans at its first paint, and a bound
    value makes DuckDB import pandas (``sql.literal``)."""
    rows = con.execute(
        "SELECT source, basis, handling_fixed, handling_percent FROM invoice_shipping_rules"
        " ORDER BY source"
    ).fetchall()
    fallback = next((row for row in rows if row[0] == "other"), ("other", "order", 0, 0))
    cases = {}
    for index, (name, kind) in enumerate((("basis", "VARCHAR"), ("handling_fixed",
                                          "DECIMAL(12,2)"), ("handling_percent", "DECIMAL(5,2)"))):
        whens = " ".join(f"WHEN {literal(row[0])} THEN {literal(row[index + 1], kind)}"
                         for row in rows)
        otherwise = literal(fallback[index + 1], kind)
        cases[name] = f"CASE o.source {whens} ELSE {otherwise} END" if rows else otherwise
    return cases


def fill_scope(
    con: duckdb.DuckDBPyConnection, scope_sql: str, parameters: list | None = None,
    *, invoice_ids: bool = False,
) -> None:
    """``invoice_scope`` from a query giving ``order_id`` (one row per order).

    ``invoice_ids``: each order draws the id its invoice will have, in the orders' order
    (posting only). An order the plan finds nothing to invoice on leaves its id unused: ids are
    keys, not numbers a person reads (invoice numbers are drawn by the heads only)."""
    ids, order = ((id_sql("seq_invoice_id"), " ORDER BY order_id") if invoice_ids
                  else ("NULL::BIGINT", ""))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE invoice_scope AS
        SELECT order_id, {ids} AS invoice_id FROM (  -- ids drawn in the orders' order
            SELECT DISTINCT order_id FROM ({scope_sql}){order})""",
        parameters or [],
    )


def draw_invoice_ids(con: duckdb.DuckDBPyConnection) -> None:
    """Give the orders of ``invoice_scope`` their invoice ids (a scope narrowed after it was
    filled: only the orders left draw one)."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE invoice_scope AS
        SELECT order_id, {id_sql('seq_invoice_id')} AS invoice_id
        FROM (SELECT order_id FROM invoice_scope ORDER BY order_id)"""
    )
