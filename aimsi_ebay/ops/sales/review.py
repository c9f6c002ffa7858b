"""The staged sales as the operator reviews them, sale by sale (Import orders dashboard): the
preview grid, one sale with its lines and ship-to decision, the customers that may be its buyer,
and Find Customer. Read-only; the decisions themselves are in ``decisions``."""

from __future__ import annotations

import duckdb
import pandas as pd

from aimsi_ebay.db import Database
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.ops.sales.parties import plan_ship_tos
from aimsi_ebay.rules.matching import Candidate, Person, rank
from aimsi_ebay.rules.normalise import phone_key, postal_key


def preview(db: Database, batch_id: int) -> pd.DataFrame:
    """The batch's staged sales for the preview grid (money as text, never float)."""
    with db.read() as con:
        frame = con.execute(
            """SELECT s.staged_sale_id AS id, s.row_number AS "row", s.ebay_order_number AS
                "order number", s.sales_record_number AS "record", s.buyer_user_id AS "user id",
                s.buyer_name AS buyer, s.buyer_email AS "e-mail",
                CAST(s.total_price AS VARCHAR) AS total,
                CAST(s.deposit_amount AS VARCHAR) AS deposit,
                CASE WHEN s.paid_date IS NULL THEN 'unpaid' ELSE CAST(s.paid_date AS VARCHAR) END
                    AS paid,
                s.status, s.match_status AS customer,
                CASE WHEN s.customer_id IS NOT NULL THEN c.name || ' #' || s.customer_id
                     ELSE s.match_reason END AS decision,
                o.order_number AS "order", coalesce(s.review_reason, '') AS review
            FROM staged_sales s LEFT JOIN customers c ON c.customer_id = s.customer_id
            LEFT JOIN orders o ON o.order_id = s.order_id
            WHERE s.batch_id = ? ORDER BY s.row_number, s.staged_sale_id""",
            [batch_id],
        ).df()
    return frame.astype({"id": "int64"}).fillna("")


def sale_detail(db: Database, staged_sale_id: int) -> dict:
    """One staged sale with its lines and the ship-to decision it would get now. An ordered
    sale's address and lines are read from its ship-to (or customer) and its order's lines:
    they live there once (``order_creation.ORDERED_DROPS``)."""
    with db.read() as con:
        cursor = con.execute(
            "SELECT * FROM staged_sales WHERE staged_sale_id = ?", [staged_sale_id]
        )
        row = cursor.fetchone()
        if row is None:
            raise NotFoundError("staged sale", staged_sale_id)
        sale = dict(zip([d[0] for d in cursor.description], row, strict=True))
        if sale["status"] == "ordered" and sale["ship_address1"] is None:
            sale.update(_shipped_to(con, sale))
        lines = con.execute(
            "SELECT l.line_no, l.sku, l.title, l.quantity, l.unit_price, l.amount,"
            " k.sku IS NOT NULL AS known FROM staged_sale_lines l LEFT JOIN skus k ON"
            " upper(k.sku) = upper(trim(l.sku)) WHERE l.staged_sale_id = ? ORDER BY l.line_no",
            [staged_sale_id],
        ).fetchall()
        if not lines and sale["status"] == "ordered":  # its lines are its order's
            lines = con.execute(
                "SELECT line_no, sku, title, quantity, unit_price, amount, sku IS NOT NULL"
                " FROM order_lines WHERE order_id = ? ORDER BY line_no",
                [sale["order_id"]],
            ).fetchall()
        sale["lines"] = [
            dict(
                zip(
                    ("line_no", "sku", "title", "quantity", "unit_price", "amount", "known"),
                    line,
                    strict=True,
                )
            )
            for line in lines
        ]
        sale["ship_to_decision"] = _ship_decision(con, sale)
    return sale


_SHIP_FIELDS = ("name", "phone", "address1", "address2", "city", "state", "postal_code", "country")


def _shipped_to(con: duckdb.DuckDBPyConnection, sale: dict) -> dict:
    """An ordered sale's ship-to address, from where it lives once (``ORDERED_DROPS``): its
    ship-to, else its customer's own address."""
    row = con.execute(
        "SELECT t.name, t.phone, t.address1, t.address2, t.city, t.state, t.postal_code,"
        " t.country FROM ship_to_addresses t WHERE t.ship_to_id = $ship UNION ALL"
        " SELECT c.name, c.phone, c.address1, c.address2, c.city, c.state, c.postal_code,"
        " c.country FROM customers c WHERE c.customer_id = $customer AND $ship IS NULL",
        {"ship": sale["ship_to_id"], "customer": sale["customer_id"]},
    ).fetchone()
    return {f"ship_{f}": v for f, v in zip(_SHIP_FIELDS, row or (), strict=False)}


def _ship_decision(con: duckdb.DuckDBPyConnection, sale: dict) -> str:
    if sale["status"] == "ordered":
        return f"ship-to #{sale['ship_to_id']}" if sale["ship_to_id"] else "customer's address"
    if sale["customer_id"] is None:
        return (
            "new customer: ship to their address"
            if sale["match_status"] == "create"
            else "decided once the customer is chosen"
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE work AS SELECT * FROM staged_sales WHERE staged_sale_id = ?",
        [sale["staged_sale_id"]],
    )
    plan_ship_tos(con)
    decision, ship_to_id = con.execute("SELECT decision, ship_to_id FROM ship_plan").fetchone()
    return {
        "customer": "reuse the customer's address",
        "reuse": f"reuse ship-to #{ship_to_id}",
        "new": "create a new ship-to (the address differs from every one on file)",
    }[decision]


def candidates(db: Database, staged_sale_id: int, *, limit: int = 5) -> list[Candidate]:
    """Customers that may be this sale's buyer, scored, best first."""
    sale = sale_detail(db, staged_sale_id)
    postal = postal_key(
        sale["buyer_postal_code"] or sale["ship_postal_code"],
        sale["buyer_country"] or sale["ship_country"],
    )
    phone = sale["phone_norm"] or phone_key(sale["ship_phone"])
    words = [
        w for w in (sale["buyer_name"] or sale["ship_name"] or "").lower().split() if len(w) > 1
    ]
    with db.read() as con:
        # A cheap count of the matching facts orders the pre-filter, so on a big store the best
        # candidates are inside the limit (the full score is computed on these in Python).
        rows = con.execute(
            """SELECT customer_id, name, email, phone, address1, address2, postal_code, country
            FROM (SELECT *,
                    4 * coalesce(email_norm = $email, FALSE)::INTEGER
                    + 3 * coalesce(phone_norm = $phone, FALSE)::INTEGER
                    + 2 * coalesce($word <> '' AND lower(name) LIKE '%' || $word || '%', FALSE)::INTEGER
                    + coalesce(postal_code = $postal, FALSE)::INTEGER AS signals
                  FROM customers
                  WHERE phone_norm = $phone OR email_norm = $email OR postal_code = $postal
                     OR ($word <> '' AND lower(name) LIKE '%' || $word || '%'))
            ORDER BY signals DESC, customer_id LIMIT 2000""",
            {"phone": phone, "email": sale["email_norm"], "postal": postal,
             "word": words[-1] if words else ""},
        ).fetchall()
    person = buyer_person(sale)
    return rank(person, [(r[0], Person(*r[1:])) for r in rows], limit=limit)


def buyer_person(sale: dict) -> Person:
    """The comparable facts of a staged sale's buyer (the ship-to's where the buyer's lack)."""
    return Person(
        sale["buyer_name"] or sale["ship_name"],
        sale["buyer_email"],
        sale["buyer_phone"] or sale["ship_phone"],
        sale["buyer_address1"] or sale["ship_address1"],
        sale["buyer_address2"] or sale["ship_address2"],
        postal_key(
            sale["buyer_postal_code"] or sale["ship_postal_code"],
            sale["buyer_country"] or sale["ship_country"],
        ),
        sale["buyer_country"] or sale["ship_country"],
    )


def search_customers(db: Database, text: str, *, limit: int = 20) -> list[dict]:
    """Find Customer: by name, e-mail, phone or postal code (case-insensitive)."""
    text = text.strip()
    if len(text) < 2:
        raise InputError("type at least 2 characters to search customers", field="search")
    phone = phone_key(text) if any(ch.isdigit() for ch in text) else None
    with db.read() as con:
        rows = con.execute(
            "SELECT customer_id, name, email, phone, city, state, postal_code FROM customers"
            " WHERE lower(name) LIKE ? OR email_norm LIKE ? OR phone_norm = ? OR postal_code = ?"
            " ORDER BY name, customer_id LIMIT ?",
            [f"%{text.lower()}%", f"%{text.lower()}%", phone, text, limit],
        ).fetchall()
    keys = ("customer_id", "name", "email", "phone", "city", "state", "postal_code")
    return [dict(zip(keys, row, strict=True)) for row in rows]
