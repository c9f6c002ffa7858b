"""Copy one SKU's eBay record to the other variants (colours, sizes) of the same item.

Only what a family shares is copied by default: categories, format and duration, condition,
description and the seller account (whose business policies every row names). Anything else
(title, prices, pictures, item specifics …) only when the operator ticks it, because a colour's
title and pictures are wrong on another colour. ``preview_copy`` says per target what would
change; ``copy_to_siblings`` takes the versions the preview showed and refuses, writing nothing,
when any target changed since (each sibling's version is checked, not only the source's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import ConflictError, InputError
from aimsi_ebay.ops.export.record_checks import refresh_record_checks
from aimsi_ebay.ops.listings import checks
from aimsi_ebay.ops.listings.records import (
    EDITABLE,
    CopyReport,
    RecordRejectedError,
    RecordView,
    _read,
    _read_unchanged,
    _warnings,
    new_record_values,
)

FAMILY_FIELDS = (
    "category1_id", "category2_id", "listing_format", "duration", "condition_id",
    "description", "description_is_html", "account_id",
)
IMAGES = "images"
# Everything an operator may tick (the rest of the editable fields and the pictures).
COPYABLE = (*FAMILY_FIELDS, *(f for f in EDITABLE if f not in FAMILY_FIELDS), IMAGES)


@dataclass(frozen=True)
class TargetChange:
    """What copying does to one target SKU: its version now (None: it gets a new record) and,
    per field, the value before and after."""

    sku: str
    version: int | None
    changes: dict[str, tuple[Any, Any]]

    @property
    def creates(self) -> bool:
        return self.version is None


def _plan(con, sku: str, version: int, targets: list[str] | None,
          fields: tuple[str, ...]) -> tuple[RecordView, list[TargetChange]]:
    unknown = sorted(set(fields) - set(COPYABLE))
    if unknown:
        raise InputError(f"cannot copy {', '.join(unknown)}", file=f"SKU {sku}")
    view = _read_unchanged(con, sku, version)
    chosen = list(view.siblings if targets is None else targets)
    strangers = sorted(set(chosen) - set(view.siblings))
    if strangers:
        raise InputError(f"not a variant of the same item: {', '.join(strangers)}",
                         file=f"SKU {sku}")
    source = {**view.record, IMAGES: view.images}
    plans = []
    for target in chosen:
        current = _read(con, target)
        if current.record is None:
            base, target_version = {**new_record_values(con, current.info), IMAGES: []}, None
        else:
            base = {**current.record, IMAGES: current.images}
            target_version = current.record["version"]
        changes = {f: (base.get(f), source[f]) for f in fields if base.get(f) != source[f]}
        plans.append(TargetChange(target, target_version, changes))
    return view, plans


def preview_copy(db: Database, sku: str, *, version: int, targets: list[str] | None = None,
                 fields: tuple[str, ...] = FAMILY_FIELDS) -> list[TargetChange]:
    """Per target SKU, what copying ``fields`` from ``sku`` would change (nothing is written)."""
    with db.read() as con:
        return _plan(con, sku, version, targets, tuple(fields))[1]


def copy_to_siblings(
    db: Database, sku: str, *, version: int, target_versions: dict[str, int | None],
    fields: tuple[str, ...] = FAMILY_FIELDS,
) -> CopyReport:
    """Copy ``fields`` of ``sku``'s record to the targets named in ``target_versions`` (each with
    the version the operator saw, None for one without a record), each keeping its own SKU
    (CustomLabel) and eBay item id. All or nothing: a changed target or a broken rule refuses."""
    fields = tuple(fields)
    with db.write() as con:
        _, plans = _plan(con, sku, version, list(target_versions), fields)
        stale = [p.sku for p in plans if p.version != target_versions[p.sku]]
        if stale:
            raise ConflictError(
                f"SKU {', '.join(stale)}: changed by someone else since the preview — preview "
                "again; nothing was copied")
        problems = []
        for plan in plans:
            current = _read(con, plan.sku)
            base = (current.record if current.record is not None
                    else {"sku": plan.sku, **new_record_values(con, current.info),
                          "invalid_reason": None})
            candidate = {**base, **{f: after for f, (_, after) in plan.changes.items()},
                         "invalid_reason": None}
            images = plan.changes.get(IMAGES, (None, current.images))[1]
            problems += checks.check_record(con, candidate, images)
        if any(p.severity == "error" for p in problems):
            raise RecordRejectedError(sku, problems)
        user = audit.current_user()
        for plan in plans:
            _write(con, plan, user, sku)
        return CopyReport(sku, [p.sku for p in plans if p.creates],
                          [p.sku for p in plans if not p.creates and p.changes],
                          _warnings(problems))


def _write(con, plan: TargetChange, user: str, source: str) -> None:
    values = {("image_urls" if f == IMAGES else f): after
              for f, (_, after) in plan.changes.items()}
    if plan.creates:
        current = _read(con, plan.sku)
        values = {**new_record_values(con, current.info), **values}
        con.execute(
            f"INSERT INTO ebay_records (sku, {', '.join(values)}, updated_by)"
            f" VALUES (?, {', '.join('?' for _ in values)}, ?)", [plan.sku, *values.values(), user])
    elif values:
        updated = con.execute(
            f"UPDATE ebay_records SET {''.join(f'{c} = ?, ' for c in values)}"
            " version = version + 1, updated_at = current_timestamp, updated_by = ?,"
            " invalid_reason = NULL WHERE sku = ? AND version = ?",
            [*values.values(), user, plan.sku, plan.version]).fetchone()[0]
        if updated != 1:
            raise ConflictError(f"SKU {plan.sku}: changed by someone else — preview again")
    else:
        return
    refresh_record_checks(con, [plan.sku])
    audit.record(con, "copy", "ebay_record", plan.sku,
                 before={f: before for f, (before, _) in plan.changes.items()},
                 after={**{f: after for f, (_, after) in plan.changes.items()},
                        "copied_from": source})
