"""The operator's decisions on staged sales (Import orders dashboard): link a customer, create
one, hold, choose the ship-to, and the bulk decisions — each one transaction, each reversible
until the order is created.

A link stores nothing on the customer: the buyer's eBay user id and e-mail become aliases only
when Create Order writes the order (``parties.add_aliases``), so unlinking (or Hold)
takes back everything the link did, including the other sales of the same buyer it linked.
A weak candidate is linked only when the operator confirms; Create Customer is refused while a
strong candidate is on file unless the operator confirms.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.ops.sales import review
from aimsi_ebay.rules.matching import Candidate, Person, score


class ConfirmationNeeded(InputError):
    """The decision needs the operator's confirmation (a weak link, a duplicate customer)."""


_OPEN = "status IN ('staged', 'held')"


def _follower_reason(staged_sale_id: int) -> str:
    return f"same buyer as sale #{staged_sale_id}"


def match_of(db: Database, staged_sale_id: int, customer_id: int) -> Candidate:
    """How well a customer matches the sale's buyer (for a customer found by search, too)."""
    sale = review.sale_detail(db, staged_sale_id)
    with db.read() as con:
        row = con.execute(
            "SELECT name, email, phone, address1, address2, postal_code, country FROM customers"
            " WHERE customer_id = ?",
            [customer_id],
        ).fetchone()
    if row is None:
        raise NotFoundError("customer", customer_id)
    value, reasons = score(review.buyer_person(sale), Person(*row))
    return Candidate(customer_id, row[0] or "", value, reasons)


def link_customer(
    db: Database, staged_sale_id: int, customer_id: int, *, confirmed: bool = False
) -> Candidate:
    """The operator chose this customer; a weak match needs ``confirmed``."""
    match = match_of(db, staged_sale_id, customer_id)
    if match.strength == "weak" and not confirmed:
        raise ConfirmationNeeded(
            f"#{customer_id} {match.name} is a WEAK match (score {match.score:.2f}: "
            f"{match.reason_text or 'no shared detail'}): confirm to link it",
            field="customer",
        )
    with db.write() as con:
        _decide(con, staged_sale_id, "linked", f"chosen by the operator ({match.strength})",
                customer_id)  # fmt: skip
        _follow(con, staged_sale_id, "linked", customer_id)
    return match


def choose_create(db: Database, staged_sale_id: int, *, confirmed: bool = False) -> int:
    """Create Customer for the sale's buyer (made by Create Order, so it stays reversible);
    refused while a strong candidate is on file unless ``confirmed``. Returns how many sales
    (this one and the same buyer's others in the batch) will create it."""
    strong = [c for c in review.candidates(db, staged_sale_id) if c.strength == "strong"]
    if strong and not confirmed:
        best = strong[0]
        raise ConfirmationNeeded(
            f"#{best.customer_id} {best.name} is a STRONG match (score {best.score:.2f}: "
            f"{best.reason_text}): link it, or confirm to create a new customer anyway",
            field="customer",
        )
    with db.write() as con:
        _decide(con, staged_sale_id, "create", "new customer (chosen by the operator)", None)
        return 1 + _follow(con, staged_sale_id, "create", None)


def unlink(db: Database, staged_sale_id: int, *, hold: bool = True) -> None:
    """Take back the sale's customer decision and every link it made for the same buyer."""
    with db.write() as con:
        _decide(con, staged_sale_id, "unmatched", "held by the operator", None, status="held")
        con.execute(
            "UPDATE staged_sales SET match_status = 'unmatched', customer_id = NULL,"
            " status = 'held', match_reason = 'held: the decision it followed was taken back'"
            f" WHERE {_OPEN} AND match_reason = ?",
            [_follower_reason(staged_sale_id)],
        )


def choose_ship_to(
    db: Database, staged_sale_id: int, choice: str, ship_to_id: int | None = None
) -> None:
    """Ship to the customer's own address ('customer'), a ship-to on file ('ship_to'), a new
    one from the sale ('new'), or let the address decide (None)."""
    if choice not in ("customer", "ship_to", "new", None):
        raise InputError(f"unknown ship-to choice {choice!r}", field="ship_to")
    with db.write() as con:
        sale = con.execute(
            f"SELECT customer_id, {_OPEN} FROM staged_sales WHERE staged_sale_id = ?",
            [staged_sale_id],
        ).fetchone()
        if sale is None:
            raise NotFoundError("staged sale", staged_sale_id)
        if not sale[1]:
            raise InputError("this sale's order is created; its ship-to is decided")
        if (
            choice == "ship_to"
            and con.execute(
                "SELECT 1 FROM ship_to_addresses WHERE ship_to_id = ? AND customer_id = ?",
                [ship_to_id, sale[0]],
            ).fetchone()
            is None
        ):
            raise InputError("choose one of the customer's ship-tos", field="ship_to")
        con.execute(
            "UPDATE staged_sales SET ship_choice = ?, chosen_ship_to_id = ?"
            " WHERE staged_sale_id = ?",
            [choice, ship_to_id if choice == "ship_to" else None, staged_sale_id],
        )


def ship_to_options(db: Database, staged_sale_id: int) -> list[tuple[str, object]]:
    """The ship-to choices for the dashboard: (label, (choice, ship_to_id))."""
    sale = review.sale_detail(db, staged_sale_id)
    options: list[tuple[str, object]] = [("decided by the address", (None, None))]
    if sale["customer_id"] is None:
        return options
    options.append(("the customer's own address", ("customer", None)))
    with db.read() as con:
        rows = con.execute(
            "SELECT ship_to_id, name, address1, city, postal_code FROM ship_to_addresses"
            " WHERE customer_id = ? ORDER BY ship_to_id",
            [sale["customer_id"]],
        ).fetchall()
    options += [
        (f"ship-to #{r[0]}: " + ", ".join(p for p in r[1:] if p), ("ship_to", r[0])) for r in rows
    ]
    options.append(("a new ship-to from this sale's address", ("new", None)))
    return options


# -- bulk decisions ------------------------------------------------------------------------------


@dataclass
class BulkPreview:
    """What the two bulk decisions would do now, sale by sale."""

    no_candidate: list[int]  # open sales without a customer and without any candidate
    strong: list[tuple[int, int]]  # (sale, its strong candidate)


def bulk_preview(db: Database, batch_id: int) -> BulkPreview:
    with db.read() as con:
        ids = [
            r[0]
            for r in con.execute(
                f"SELECT staged_sale_id FROM staged_sales WHERE batch_id = ? AND {_OPEN}"
                " AND customer_id IS NULL AND match_status <> 'create' ORDER BY staged_sale_id",
                [batch_id],
            ).fetchall()
        ]
    preview = BulkPreview([], [])
    for staged_sale_id in ids:
        found = review.candidates(db, staged_sale_id, limit=1)
        if not found:
            preview.no_candidate.append(staged_sale_id)
        elif found[0].strength == "strong":
            preview.strong.append((staged_sale_id, found[0].customer_id))
    return preview


def create_for_all_without_candidate(db: Database, batch_id: int) -> int:
    """Create Customer for every open sale that has no candidate; returns how many."""
    ids = bulk_preview(db, batch_id).no_candidate
    with db.write() as con:
        for staged_sale_id in ids:
            _decide(con, staged_sale_id, "create", "new customer (no candidate; bulk)", None)
    return len(ids)


def link_all_strong(db: Database, batch_id: int) -> int:
    """Link every open sale to its strong candidate; returns how many."""
    pairs = bulk_preview(db, batch_id).strong
    with db.write() as con:
        for staged_sale_id, customer_id in pairs:
            _decide(con, staged_sale_id, "linked", "strong match (bulk)", customer_id)
    return len(pairs)


# -- one decision --------------------------------------------------------------------------------


def _decide(
    con: duckdb.DuckDBPyConnection,
    staged_sale_id: int,
    match: str,
    reason: str,
    customer_id: int | None,
    status: str = "staged",
) -> None:
    current = con.execute(
        "SELECT status FROM staged_sales WHERE staged_sale_id = ?", [staged_sale_id]
    ).fetchone()
    if current is None:
        raise NotFoundError("staged sale", staged_sale_id)
    if current[0] not in ("staged", "held"):
        raise InputError(f"this sale is {current[0].replace('_', ' ')}; nothing to decide")
    con.execute(
        "UPDATE staged_sales SET match_status = ?, match_reason = ?, customer_id = ?,"
        " status = ? WHERE staged_sale_id = ?",
        [match, reason, customer_id, status, staged_sale_id],
    )
    audit.record(
        con,
        "decide",
        "staged_sale",
        staged_sale_id,
        after={"match": match, "customer_id": customer_id, "status": status},
    )


def _follow(
    con: duckdb.DuckDBPyConnection, staged_sale_id: int, match: str, customer_id: int | None
) -> int:
    """The batch's other open, undecided sales of the same buyer (eBay user id or e-mail)
    follow the decision; returns how many."""
    before = con.execute(
        f"SELECT count(*) FROM staged_sales WHERE {_OPEN} AND match_reason = ?",
        [_follower_reason(staged_sale_id)],
    ).fetchone()[0]
    con.execute(
        f"""UPDATE staged_sales SET match_status = $match, customer_id = $customer,
            status = 'staged', match_reason = $reason
        FROM (SELECT batch_id, user_id_norm, email_norm FROM staged_sales
              WHERE staged_sale_id = $sale) s
        WHERE staged_sales.batch_id = s.batch_id AND staged_sales.staged_sale_id <> $sale
          AND staged_sales.{_OPEN} AND staged_sales.customer_id IS NULL
          AND staged_sales.match_status <> 'create'
          AND (staged_sales.user_id_norm = s.user_id_norm
               OR staged_sales.email_norm = s.email_norm)""",
        {
            "match": match,
            "customer": customer_id,
            "reason": _follower_reason(staged_sale_id),
            "sale": staged_sale_id,
        },
    )
    after = con.execute(
        f"SELECT count(*) FROM staged_sales WHERE {_OPEN} AND match_reason = ?",
        [_follower_reason(staged_sale_id)],
    ).fetchone()[0]
    return int(after - before)
