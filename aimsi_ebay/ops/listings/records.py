"""SKU eBay records: read, create, save (optimistic locking), copy to sibling SKUs, delete, search.

Every rule a record must satisfy lives in ``sql.listing_checks`` (values in ``rules.listing_policy``); this module only applies it. Every
change is written to the audit log inside the operation's own transaction with the values before
and after. Saving compares ``version``: a record someone changed since it was read is refused
with a ``ConflictError`` naming who changed it and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import ConflictError, InputError, NotFoundError
from aimsi_ebay.ops.export.record_checks import refresh_record_checks
from aimsi_ebay.ops.listings import checks
from aimsi_ebay.rules import listing_policy
from aimsi_ebay.rules.listing_policy import ITEM_SPECIFICS, Problem
from aimsi_ebay.rules.money import to_money

# The columns of ebay_records an operator edits (the rest are kept by the system).
EDITABLE = (
    "account_id", "title", "subtitle", "listing_format", "duration", "category1_id",
    "category2_id", "condition_id", "start_price", "buy_it_now_price", "reserve_price",
    "quantity", "description", "description_is_html", "update_ebay", *ITEM_SPECIFICS,
)
MONEY_FIELDS = ("start_price", "buy_it_now_price", "reserve_price")
# The column holding an editable value when it is not named like it.
FIELD_COLUMNS = {"images": "image_urls"}
RECORD_COLUMNS = (
    *EDITABLE, "ebay_item_id", "invalid_reason", "version", "updated_at", "updated_by",
)


class RecordRejectedError(InputError):
    """The record breaks listing rules (errors); nothing was saved. ``problems`` lists them all."""

    def __init__(self, sku: str, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(
            "; ".join(f"{p.field}: {p.message}" for p in errors) + " — not saved",
            file=f"SKU {sku}",
        )


@dataclass(frozen=True)
class SkuInfo:
    """A SKU with its item, as the editor's header and the search list show it."""

    sku: str
    item_id: int
    style_code: str
    description: str
    vendor: str | None
    colour: str | None
    size: str | None
    upc: str | None
    price: Decimal
    qty_on_hand: int
    qty_committed: int
    has_record: bool = False
    update_ebay: bool = False
    title: str | None = None

    @property
    def available(self) -> int:
        return self.qty_on_hand - self.qty_committed

    @property
    def variant(self) -> str:
        return " / ".join(part for part in (self.colour, self.size) if part) or "—"


@dataclass
class RecordView:
    """What the editor loads: the SKU, its record (None when it has none) and its image URLs."""

    info: SkuInfo
    record: dict[str, Any] | None
    images: list[str] = field(default_factory=list)
    siblings: list[str] = field(default_factory=list)


@dataclass
class SaveReport:
    """The outcome of a save: new version, what changed, what sanitising removed, the warnings."""

    sku: str
    version: int
    changed: dict[str, tuple[Any, Any]]
    removed: list[str]
    warnings: list[Problem]


@dataclass
class CopyReport:
    source: str
    created: list[str]
    updated: list[str]
    warnings: list[Problem]


SKU_SELECT = """
    SELECT s.sku, s.item_id, i.style_code, i.description, i.vendor, s.colour, s.size, s.upc,
           s.price, s.qty_on_hand, s.qty_committed, r.sku IS NOT NULL,
           coalesce(r.update_ebay, FALSE), r.title
    FROM skus s JOIN items i ON i.item_id = s.item_id
    LEFT JOIN ebay_records r ON r.sku = s.sku
"""


# -- reading -----------------------------------------------------------------------------------

def read_record(db: Database, sku: str) -> RecordView:
    """The SKU, its eBay record (or None) and images, in one snapshot."""
    with db.read() as con:
        return _read(con, sku)


def _read(con, sku: str) -> RecordView:
    row = con.execute(SKU_SELECT + " WHERE s.sku = ?", [sku]).fetchone()
    if row is None:
        raise NotFoundError("SKU", sku)
    info = SkuInfo(*row)
    record_row = con.execute(
        f"SELECT {', '.join(RECORD_COLUMNS)}, image_urls FROM ebay_records WHERE sku = ?", [sku]
    ).fetchone()
    record, images = None, []
    if record_row is not None:
        record = {"sku": sku, **dict(zip(RECORD_COLUMNS, record_row[:-1], strict=True))}
        images = list(record_row[-1])
    siblings = [
        other for (other,) in con.execute(
            "SELECT sku FROM skus WHERE item_id = ? AND sku <> ? ORDER BY sku", [info.item_id, sku]
        ).fetchall()
    ]
    return RecordView(info, record, images, siblings)


def account_choices(db: Database) -> list[tuple[str, int]]:
    """(name, account_id) of the active seller accounts."""
    with db.read() as con:
        return [
            (name, account_id) for name, account_id in con.execute(
                "SELECT name, account_id FROM seller_accounts WHERE active ORDER BY name"
            ).fetchall()
        ]


# -- writing -----------------------------------------------------------------------------------

def create_record(db: Database, sku: str) -> RecordView:
    """Create a draft record for ``sku`` (Update eBay off), filled from the SKU and item (its
    quantity is what is available, its item specifics the item's brand and model and the SKU's
    colour and UPC) and, when a sibling SKU already has a record, its category, condition,
    format and account."""
    with db.write() as con:
        view = _read(con, sku)
        if view.record is not None:
            raise InputError("already has an eBay record", file=f"SKU {sku}")
        values = new_record_values(con, view.info)
        columns = ", ".join(values)
        con.execute(
            f"INSERT INTO ebay_records (sku, {columns}, updated_by)"
            f" VALUES (?, {', '.join('?' for _ in values)}, ?)",
            [sku, *values.values(), audit.current_user()],
        )
        refresh_record_checks(con, [sku])
        audit.record(con, "create", "ebay_record", sku, after=values)
        return _read(con, sku)


def new_record_values(con, info: SkuInfo) -> dict[str, Any]:
    """A new record's values for the SKU ``info`` (see ``create_record``), inside ``con``."""
    title = " ".join(part for part in (info.description, info.colour, info.size) if part)
    sibling = con.execute(
        "SELECT r.account_id, r.category1_id, r.category2_id, r.condition_id,"
        " r.listing_format, r.duration FROM ebay_records r JOIN skus s ON s.sku = r.sku"
        " WHERE s.item_id = ? ORDER BY r.updated_at DESC LIMIT 1",
        [info.item_id],
    ).fetchone()
    if sibling is None:
        account = con.execute(
            "SELECT account_id FROM seller_accounts WHERE active ORDER BY account_id LIMIT 1"
        ).fetchone()
        sibling = (account[0] if account else None, None, None, 1000, "FixedPrice", "GTC")
    return {
        "account_id": sibling[0], "title": title[:80], "category1_id": sibling[1],
        "category2_id": sibling[2], "condition_id": sibling[3], "listing_format": sibling[4],
        "duration": sibling[5], "start_price": info.price,
        "quantity": max(info.available, 0), "description": info.description,
        "description_is_html": False, "update_ebay": False,
        **_specifics_of(con, info.sku),
    }


def _specifics_of(con, sku: str) -> dict[str, str | None]:
    """The item specifics a new record starts with: the item's brand and model, the SKU's colour
    and UPC (the MPN is the operator's to fill)."""
    row = con.execute(
        f"SELECT {_SPECIFIC_DEFAULTS} FROM skus s JOIN items i ON i.item_id = s.item_id"
        " WHERE s.sku = ?", [sku]).fetchone()
    return dict(zip(("specific_brand", "specific_model", "specific_colour", "specific_upc"),
                    row, strict=True))


_SPECIFIC_DEFAULTS = ("nullif(trim(i.brand), '') AS brand, nullif(trim(i.model), '') AS model,"
                      " nullif(trim(s.colour), '') AS colour, nullif(trim(s.upc), '') AS upc")


def fill_item_specifics(con) -> int:
    """Fill blank item specifics of every record from its item and SKU (a bulk load's last step,
    e.g. the demo store); returns how many records took any. Values already set are kept."""
    return con.execute(
        "UPDATE ebay_records SET specific_brand = coalesce(specific_brand, d.brand),"
        " specific_model = coalesce(specific_model, d.model),"
        " specific_colour = coalesce(specific_colour, d.colour),"
        " specific_upc = coalesce(specific_upc, d.upc)"
        f" FROM (SELECT s.sku, {_SPECIFIC_DEFAULTS}"
        " FROM skus s JOIN items i ON i.item_id = s.item_id) d"
        " WHERE d.sku = ebay_records.sku AND (specific_brand IS NULL OR specific_model IS NULL"
        " OR specific_colour IS NULL OR specific_upc IS NULL)").fetchone()[0]


def settle_loaded_records(con) -> None:
    """After a bulk load of records (the demo store): fill blank item specifics from the items,
    and list no more than is available (a record queued for export whose SKU is out of stock is
    restocked to its quantity: a store queues what it has)."""
    fill_item_specifics(con)
    con.execute(
        "UPDATE skus SET qty_on_hand = qty_committed + r.quantity FROM ebay_records r"
        " WHERE r.sku = skus.sku AND r.update_ebay AND skus.qty_on_hand - skus.qty_committed < 1"
        " AND r.quantity >= 1")
    con.execute(
        "UPDATE ebay_records SET quantity = least(quantity, a.available)"
        " FROM (SELECT sku, qty_on_hand - qty_committed AS available FROM skus) a"
        " WHERE a.sku = ebay_records.sku AND quantity > a.available AND a.available >= 1")
    refresh_record_checks(con)


def save_record(
    db: Database,
    sku: str,
    changes: dict[str, Any],
    *,
    version: int,
    images: list[str] | None = None,
) -> SaveReport:
    """Save ``changes`` (editable fields) and, when given, the image URLs in order.

    Refused with ``ConflictError`` when the record's version is no longer ``version`` and with
    ``RecordRejectedError`` when the result breaks a listing rule. An HTML description is
    sanitised first; the report says what was removed and lists the warnings.
    """
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputError(f"not editable: {', '.join(unknown)}", file=f"SKU {sku}")
    with db.write() as con:
        view = _read_unchanged(con, sku, version)
        current = view.record
        candidate = {**current, **normalise_changes(changes)}
        sanitised = listing_policy.sanitise_description(
            candidate["description"] or "", bool(candidate["description_is_html"])
        )
        candidate["description"] = sanitised.text
        # A save re-checks the whole record, so a reason flagged earlier is judged afresh.
        candidate["invalid_reason"] = None
        new_images = view.images if images is None else [u.strip() for u in images if u.strip()]
        problems = checks.check_record(con, candidate, new_images)
        if any(p.severity == "error" for p in problems):
            raise RecordRejectedError(sku, problems)
        changed = {
            name: (current[name], candidate[name])
            for name in EDITABLE if current[name] != candidate[name]
        }
        images_changed = new_images != view.images
        if not changed and not images_changed:
            return SaveReport(sku, version, {}, sanitised.removed, _warnings(problems))
        if images_changed:
            changed["images"] = (view.images, new_images)
        assignments = "".join(f"{FIELD_COLUMNS.get(name, name)} = ?, " for name in changed)
        updated = con.execute(
            f"UPDATE ebay_records SET {assignments}"
            " version = version + 1, updated_at = current_timestamp, updated_by = ?,"
            " invalid_reason = NULL WHERE sku = ? AND version = ?",
            [*(after for _, after in changed.values()), audit.current_user(), sku, version],
        ).fetchone()[0]
        if updated != 1:
            raise _conflict(sku, _read(con, sku).record)
        refresh_record_checks(con, [sku])
        audit.record(
            con, "update", "ebay_record", sku,
            before={name: before for name, (before, _) in changed.items()},
            after={name: after for name, (_, after) in changed.items()},
        )
        return SaveReport(sku, version + 1, changed, sanitised.removed, _warnings(problems))


def delete_record(db: Database, sku: str, *, version: int) -> None:
    """Delete the record and its images (the SKU stays); refused if changed since ``version``."""
    with db.write() as con:
        view = _read_unchanged(con, sku, version)
        con.execute("DELETE FROM ebay_records WHERE sku = ? AND version = ?", [sku, version])
        audit.record(
            con, "delete", "ebay_record", sku,
            before={**{c: view.record[c] for c in EDITABLE}, "images": view.images},
        )


# -- helpers -----------------------------------------------------------------------------------

def normalise_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Editor values into column values: money via ``to_money``, blanks to None, ints, bools."""
    result: dict[str, Any] = {}
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip() if name != "description" else value
        if name in MONEY_FIELDS:
            result[name] = None if value in (None, "") else to_money(value, field=name)
        elif name in ("quantity", "condition_id", "account_id"):
            if value in (None, ""):
                result[name] = None
            else:
                try:
                    result[name] = int(value)
                except (TypeError, ValueError):
                    raise InputError(f"{value!r} is not a whole number", field=name) from None
        elif name in ("description_is_html", "update_ebay"):
            result[name] = bool(value)
        elif name in ("subtitle", "category1_id", "category2_id", *ITEM_SPECIFICS):
            result[name] = None if value in (None, "") else str(value)
        else:
            result[name] = "" if value is None else value
    return result


def _warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


def _read_unchanged(con, sku: str, version: int):
    """The SKU's view, refused when it has no record or the record changed since ``version``."""
    view = _read(con, sku)
    if view.record is None:
        raise NotFoundError("eBay record", sku)
    if view.record["version"] != version:
        raise _conflict(sku, view.record)
    return view


def _conflict(sku: str, record: dict[str, Any] | None) -> ConflictError:
    if record is None:
        return ConflictError(f"SKU {sku}: the eBay record was deleted by someone else — reload")
    when = record["updated_at"]
    stamp = when.strftime("%Y-%m-%d %H:%M:%S") if isinstance(when, datetime) else str(when)
    return ConflictError(
        f"SKU {sku}: changed by {record['updated_by']} at {stamp} — reload"
    )

