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

import pandas as pd

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import ConflictError, InputError, NotFoundError
from aimsi_ebay.ops.listings import checks
from aimsi_ebay.rules import listing_policy
from aimsi_ebay.rules.listing_policy import Problem
from aimsi_ebay.rules.money import to_money

# The columns of ebay_records an operator edits (the rest are kept by the system).
EDITABLE = (
    "account_id", "title", "subtitle", "listing_format", "duration", "category1_id",
    "category2_id", "condition_id", "start_price", "buy_it_now_price", "reserve_price",
    "quantity", "description", "description_is_html", "update_ebay",
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


_SKU_SELECT = """
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
    row = con.execute(_SKU_SELECT + " WHERE s.sku = ?", [sku]).fetchone()
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


def search_skus(db: Database, text: str, *, limit_items: int = 40) -> list[SkuInfo]:
    """SKUs matching ``text`` by sku, item description, vendor or UPC, with every variant of each
    matching item, grouped by item (items by description, variants by sku)."""
    words = [word for word in text.strip().lower().split() if word]
    if not words:
        return []
    conditions = " AND ".join(
        "(contains(lower(s.sku), ?) OR contains(lower(i.description), ?)"
        " OR contains(lower(coalesce(i.vendor, '')), ?) OR s.upc = ?)"
        for _ in words
    )
    parameters = [value for word in words for value in (word, word, word, word)]
    with db.read() as con:
        rows = con.execute(
            f"""
            WITH matched AS (
                SELECT DISTINCT s.item_id, i.description FROM skus s
                JOIN items i ON i.item_id = s.item_id WHERE {conditions}
                ORDER BY i.description LIMIT ?
            )
            {_SKU_SELECT}
            JOIN matched m ON m.item_id = s.item_id
            ORDER BY i.description, i.item_id, s.sku
            """,
            [*parameters, int(limit_items)],
        ).fetchall()
    return [SkuInfo(*row) for row in rows]


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
    """Create a draft record for ``sku`` (Update eBay off), filled from the SKU and item and, when
    a sibling SKU already has a record, its category, condition, format and account."""
    with db.write() as con:
        view = _read(con, sku)
        if view.record is not None:
            raise InputError("already has an eBay record", file=f"SKU {sku}")
        info = view.info
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
        values = {
            "account_id": sibling[0], "title": title[:80], "category1_id": sibling[1],
            "category2_id": sibling[2], "condition_id": sibling[3], "listing_format": sibling[4],
            "duration": sibling[5], "start_price": info.price,
            "quantity": max(1, min(info.available, 1)), "description": info.description,
            "description_is_html": False, "update_ebay": False,
        }
        columns = ", ".join(values)
        con.execute(
            f"INSERT INTO ebay_records (sku, {columns}, updated_by)"
            f" VALUES (?, {', '.join('?' for _ in values)}, ?)",
            [sku, *values.values(), audit.current_user()],
        )
        audit.record(con, "create", "ebay_record", sku, after=values)
        return _read(con, sku)


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
        audit.record(
            con, "update", "ebay_record", sku,
            before={name: before for name, (before, _) in changed.items()},
            after={name: after for name, (_, after) in changed.items()},
        )
        return SaveReport(sku, version + 1, changed, sanitised.removed, _warnings(problems))


def copy_to_siblings(
    db: Database, sku: str, *, version: int, targets: list[str] | None = None,
    include_images: bool = True,
) -> CopyReport:
    """Copy ``sku``'s record to other SKUs of the same item (default: all of them), each keeping
    its own SKU (its CustomLabel) and eBay item id; existing sibling records are overwritten."""
    with db.write() as con:
        view = _read_unchanged(con, sku, version)
        chosen = list(view.siblings if targets is None else targets)
        strangers = sorted(set(chosen) - set(view.siblings))
        if strangers:
            raise InputError(
                f"not a variant of the same item: {', '.join(strangers)}", file=f"SKU {sku}"
            )
        if not chosen:
            return CopyReport(sku, [], [], [])
        frame = pd.DataFrame({"sku": chosen})
        con.register("copy_targets", frame)
        copied = (*EDITABLE, "image_urls") if include_images else EDITABLE
        columns = ", ".join(copied)
        # A relation shaped like ebay_records (every column) holding what the targets would be;
        # a target keeps its own pictures when they are not copied.
        con.execute("CREATE TEMP TABLE copy_candidate AS SELECT * FROM ebay_records LIMIT 0")
        con.execute(
            f"INSERT INTO copy_candidate (sku, {', '.join(EDITABLE)}, image_urls, ebay_item_id,"
            " version, created_at, updated_at, updated_by)"
            f" SELECT t.sku, {', '.join('src.' + c for c in EDITABLE)},"
            f" {'src.image_urls' if include_images else 'coalesce(r.image_urls, [])'},"
            " r.ebay_item_id, r.version, current_timestamp, current_timestamp, ?"
            " FROM copy_targets t"
            " CROSS JOIN (SELECT * FROM ebay_records WHERE sku = ?) src"
            " LEFT JOIN ebay_records r ON r.sku = t.sku",
            [audit.current_user(), sku],
        )
        problems = checks.check_records(con, source="copy_candidate")
        if any(p.severity == "error" for p in problems):
            raise RecordRejectedError(sku, problems)
        before = {
            row[0]: dict(zip(EDITABLE, row[1:], strict=True))
            for row in con.execute(
                f"SELECT r.sku, {', '.join('r.' + c for c in EDITABLE)} FROM ebay_records r"
                " JOIN copy_targets t ON t.sku = r.sku"
            ).fetchall()
        }
        con.execute(
            f"UPDATE ebay_records SET {', '.join(f'{c} = k.{c}' for c in copied)},"
            " version = ebay_records.version + 1, updated_at = current_timestamp, updated_by = ?,"
            " invalid_reason = NULL FROM copy_candidate k WHERE k.sku = ebay_records.sku",
            [audit.current_user()],
        )
        con.execute(
            f"INSERT INTO ebay_records (sku, {columns}, updated_by)"
            f" SELECT sku, {columns}, ? FROM copy_candidate WHERE version IS NULL",
            [audit.current_user()],
        )
        source_values = {c: view.record[c] for c in EDITABLE}
        for target in chosen:
            audit.record(
                con, "copy", "ebay_record", target, before=before.get(target),
                after={**source_values, "copied_from": sku,
                       **({"images": view.images} if include_images else {})},
            )
        con.execute("DROP TABLE copy_candidate")
        con.unregister("copy_targets")
        return CopyReport(
            sku, [t for t in chosen if t not in before], [t for t in chosen if t in before],
            _warnings(problems),
        )


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
        elif name in ("subtitle", "category1_id", "category2_id"):
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

