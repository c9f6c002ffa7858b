"""Bulk edits of eBay records with pandas: a DataFrame out, edited, validated and written back.

``pull_frame(db)`` gives one row per record; money columns are two-place text (``"749.99"``), never
float. ``push_frame(db, frame, dry_run)`` compares the frame with the database and returns a
``PushReport``: the diff (one row per changed field), every bad row with its reason, the
warnings, and what sanitising removed from HTML descriptions.

Policy for bad rows: **they are skipped and the valid changes are written** (in one transaction),
because an analyst editing thousands of rows wants the good 99 % in and a list of the rest to fix;
pushing the same file again after fixing is safe, since unchanged rows change nothing. Pass
``strict=True`` (CLI ``--strict``) to write nothing when any row is bad.

Only the editable columns present in the frame are compared, so a frame of ``sku, version,
start_price`` is a valid push. ``version`` must be there: a row whose record changed since it was
pulled is rejected ("pull again"), never overwritten. Read-only columns (item, vendor, variant,
available, ebay_item_id, invalid_reason) are ignored. Validation is ``ops.listings.checks`` over the
changed rows, set-based; the write is ``UPDATE … FROM`` the validated relation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from aimsi_ebay.db import Database, audit
from aimsi_ebay.formats import bulk_file
from aimsi_ebay.ops.export.record_checks import refresh_record_checks
from aimsi_ebay.ops.listings import checks
from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.ops.listings.frame_input import (  # noqa: F401  (the column lists, re-exported)
    BOOLEAN,
    COLUMNS,
    EDITABLE,
    EXCEL_CELL_LIMIT,
    IMAGE_SEPARATOR,
    INTEGER,
    MONEY,
    NULLABLE_TEXT,
    READ_ONLY,
    TEXT,
    Rejection,
    normalise,
)
from aimsi_ebay.rules import listing_policy
from aimsi_ebay.rules.listing_policy import Problem
from aimsi_ebay.sql.money import strip_sql


@dataclass
class PushReport:
    rows: int
    changed: int
    unchanged: int
    written: int
    dry_run: bool
    diff: pd.DataFrame
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    sanitised: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self, diff_limit: int | None = None) -> dict[str, Any]:
        diff = self.diff if diff_limit is None else self.diff.head(diff_limit)
        return {
            "rows": self.rows, "changed": self.changed, "unchanged": self.unchanged,
            "written": self.written, "dry_run": self.dry_run,
            "rejected": [{**asdict(r), "row": _row_number(r.row)} for r in self.rejected],
            "warnings": [asdict(w) for w in self.warnings],
            "sanitised": self.sanitised,
            "diff": diff.astype(object).where(diff.notna(), None).to_dict("records"),
            "diff_rows": len(self.diff),
        }


# -- pull --------------------------------------------------------------------------------------

def pull_frame(db: Database) -> pd.DataFrame:
    """Every eBay record as one row; money as two-place text, images joined with ``|``."""
    with db.read() as con:
        frame = con.execute(
            f"""
            SELECT r.sku, r.version, i.description AS item, i.vendor,
                   nullif(concat_ws(' / ', s.colour, s.size), '') AS variant,
                   s.qty_on_hand - s.qty_committed AS available, r.ebay_item_id, r.invalid_reason,
                   a.name AS account, r.title, r.subtitle, r.listing_format, r.duration,
                   r.category1_id, r.category2_id, r.condition_id,
                   {", ".join(f"CAST(r.{m} AS VARCHAR) AS {m}" for m in MONEY)},
                   r.quantity, r.update_ebay, r.description_is_html, r.description,
                   array_to_string(r.image_urls, '{IMAGE_SEPARATOR}') AS images
            FROM ebay_records r
            LEFT JOIN skus s ON s.sku = r.sku
            LEFT JOIN items i ON i.item_id = s.item_id
            LEFT JOIN seller_accounts a ON a.account_id = r.account_id
            ORDER BY r.sku
            """
        ).df()
    for column in (*MONEY, "item", "vendor", "variant", "ebay_item_id", "invalid_reason",
                   "account", "subtitle", "category1_id", "category2_id"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    frame["available"] = frame["available"].astype("Int64")
    return frame[list(COLUMNS)]


# -- files (formats/bulk_file.py; kept here so callers need one module) ----------------------

write_frame = bulk_file.write_frame
read_frame = bulk_file.read_frame


# -- push --------------------------------------------------------------------------------------

def push_frame(
    db: Database, frame: pd.DataFrame, dry_run: bool = False, *, strict: bool = False,
    file: str | None = None,
) -> PushReport:
    """Validate ``frame`` against the records and write the valid changes in one transaction."""
    incoming, rejected, provided = normalise(frame, file)
    context = db.read() if dry_run else db.write()
    with context as con:
        con.register("push_in", incoming)
        try:
            report = _push(con, incoming, provided, rejected, dry_run, strict, file)
        finally:
            con.unregister("push_in")
    return report


def _push(con, incoming, provided, rejected, dry_run, strict, file) -> PushReport:
    fields = list(provided)
    columns = _record_columns(con)
    # The candidate records: every ebay_records column, the frame's value where it gave one.
    override = {f: f"i.{f}" for f in fields if f not in (*MONEY, "account", "images")}
    override.update({m: f"CAST(i.{m} AS DECIMAL(12,2))" for m in MONEY if m in fields})
    if "account" in provided:
        override["account_id"] = "a.account_id"
    if "images" in provided:
        # The cell's URLs split on "|", stripped as str.strip() does, blanks dropped, in order.
        override["image_urls"] = (
            f"list_filter(list_transform(string_split(i.images, '{IMAGE_SEPARATOR}'),"
            f" lambda u: {strip_sql('u')}), lambda u: u <> '')")
    select = ", ".join(f"{override.get(c, 'r.' + c)} AS {c}" for c in columns)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE push_candidate AS
        SELECT {select}, i.row_label, i.version AS pulled_version,
               {'a.account_id IS NULL AND i.account IS NOT NULL' if 'account' in provided
                else 'FALSE'} AS bad_account
        FROM push_in i JOIN ebay_records r ON r.sku = i.sku
        {'LEFT JOIN seller_accounts a ON a.name = i.account' if 'account' in provided else ''}
        WHERE NOT i.bad
        """
    )
    _reject_sql(con, rejected, "SELECT i.row_label, i.sku, 'sku', 'no eBay record for this SKU;"
                " create it in the SKU eBay records dashboard first' FROM push_in i"
                " LEFT JOIN ebay_records r ON r.sku = i.sku WHERE r.sku IS NULL AND NOT i.bad")
    if "account" in provided:
        _reject_sql(con, rejected, "SELECT c.row_label, c.sku, 'account', 'no seller account"
                    " named ' || i.account FROM push_candidate c JOIN push_in i ON i.sku = c.sku"
                    " WHERE c.bad_account")
    con.execute("DELETE FROM push_candidate WHERE bad_account")
    sanitised = _sanitise(con, fields)
    diff = _diff(con, fields)
    changed_skus = set(diff["sku"])
    con.execute("CREATE OR REPLACE TEMP TABLE push_changed (sku VARCHAR)")
    if changed_skus:
        con.register("push_changed_frame", pd.DataFrame({"sku": sorted(changed_skus)}))
        con.execute("INSERT INTO push_changed SELECT sku FROM push_changed_frame")
        con.unregister("push_changed_frame")
    _reject_sql(
        con, rejected,
        "SELECT c.row_label, c.sku, 'version', 'changed by ' || r.updated_by || ' at '"
        " || strftime(r.updated_at, '%Y-%m-%d %H:%M:%S') || ' since it was pulled (version '"
        " || c.pulled_version || ', now ' || r.version || '); pull again'"
        " FROM push_candidate c JOIN ebay_records r ON r.sku = c.sku"
        " WHERE c.sku IN (SELECT sku FROM push_changed) AND r.version <> c.pulled_version",
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE push_checked AS SELECT c.* FROM push_candidate c"
        " JOIN push_changed USING (sku) JOIN ebay_records r ON r.sku = c.sku"
        " WHERE r.version = c.pulled_version"
    )
    problems = checks.check_records(con, source="push_checked")
    rows_by_sku = dict(con.execute("SELECT sku, row_label FROM push_checked").fetchall())
    for problem in problems:
        if problem.severity == "error":
            rejected.append(Rejection(rows_by_sku.get(problem.sku), problem.sku, problem.field,
                                      problem.message))
    bad_skus = {r.sku for r in rejected}
    warnings = [p for p in problems if p.severity == "warning" and p.sku not in bad_skus]
    good = sorted(changed_skus - bad_skus)
    written = 0
    if good and not dry_run and not (strict and rejected):
        written = _write(con, good, fields, diff[diff["sku"].isin(good)], file)
    known = con.execute("SELECT count(*) FROM push_candidate").fetchone()[0]
    rejected.sort(key=lambda r: (_row_order(r.row), r.field or ""))
    diff.insert(2, "ok", ~diff["sku"].isin(bad_skus))
    return PushReport(
        rows=len(incoming), changed=len(changed_skus), unchanged=known - len(changed_skus),
        written=written, dry_run=dry_run, diff=diff, rejected=rejected, warnings=warnings,
        sanitised={sku: removed for sku, removed in sanitised.items() if sku in changed_skus},
    )


def _row_number(row: Any) -> Any:
    """File row numbers are integers in reports; other frame labels stay as they are."""
    text = "" if row is None else str(row)
    return int(text) if text.isdigit() else row


def _row_order(row: Any) -> tuple[int, str]:
    text = "" if row is None else str(row)
    return (int(text), "") if text.isdigit() else (1 << 62, text)


def _record_columns(con) -> list[str]:
    """The columns of ebay_records, in table order (the candidate relation has them all)."""
    return [row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'ebay_records'"
        " ORDER BY ordinal_position"
    ).fetchall()]


def _sanitise(con, fields: list[str]) -> dict[str, list[str]]:
    """Sanitise the HTML descriptions the frame changed; returns what was removed, per SKU."""
    if "description" not in fields and "description_is_html" not in fields:
        return {}
    rows = con.execute(
        "SELECT c.sku, c.description FROM push_candidate c JOIN ebay_records r ON r.sku = c.sku"
        " WHERE c.description_is_html AND (c.description IS DISTINCT FROM r.description"
        " OR NOT r.description_is_html)"
    ).fetchall()
    removed: dict[str, list[str]] = {}
    cleaned = []
    for sku, text in rows:
        result = listing_policy.sanitise_description(text or "", True)
        if result.removed or result.text != text:
            cleaned.append((sku, result.text))
            if result.removed:
                removed[sku] = result.removed
    if cleaned:
        con.register("push_clean", pd.DataFrame(cleaned, columns=["sku", "description"]))
        con.execute(
            "UPDATE push_candidate SET description = k.description FROM push_clean k"
            " WHERE k.sku = push_candidate.sku"
        )
        con.unregister("push_clean")
    return removed


# Frame fields held in a column named otherwise (the frame names the account, not its id).
_COLUMN = {**listings.FIELD_COLUMNS, "account": "account_id"}


def _diff(con, fields: list[str]) -> pd.DataFrame:
    """One row per (sku, field) that differs: before and after as text."""
    parts = []
    for name in fields:
        column = _COLUMN.get(name, name)
        if name == "account":
            before = "(SELECT name FROM seller_accounts WHERE account_id = r.account_id)"
            after = "(SELECT name FROM seller_accounts WHERE account_id = c.account_id)"
        elif name == "images":
            before = f"array_to_string(r.image_urls, '{IMAGE_SEPARATOR}')"
            after = f"array_to_string(c.image_urls, '{IMAGE_SEPARATOR}')"
        else:
            before, after = f"CAST(r.{column} AS VARCHAR)", f"CAST(c.{column} AS VARCHAR)"
        parts.append(
            f"SELECT c.sku, c.row_label AS row, '{name}' AS field, {before} AS before,"
            f" {after} AS after FROM push_candidate c JOIN ebay_records r ON r.sku = c.sku"
            f" WHERE c.{column} IS DISTINCT FROM r.{column}"
        )
    if not parts:
        return pd.DataFrame(columns=["sku", "row", "field", "before", "after"])
    frame = con.execute(
        "SELECT * FROM (" + " UNION ALL ".join(parts) + ") ORDER BY sku, field"
    ).df()
    frame.columns = ["sku", "row", "field", "before", "after"]
    return frame.astype(object).where(frame.notna(), None)


def _write(con, good: list[str], fields: list[str], diff, file) -> int:
    con.register("push_good_frame", pd.DataFrame({"sku": good}))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE push_good AS SELECT c.* FROM push_checked c"
        " JOIN push_good_frame g ON g.sku = c.sku"
    )
    con.unregister("push_good_frame")
    who = audit.current_user()
    # Only the columns that changed somewhere are set (a smaller write than every column).
    touched = set(diff["field"])
    columns = [_COLUMN.get(f, f) for f in fields if f in touched]
    assignments = "".join(f"{c} = k.{c}, " for c in columns)
    written = con.execute(
        f"UPDATE ebay_records SET {assignments}version = ebay_records.version + 1,"
        " updated_at = current_timestamp, updated_by = ?, invalid_reason = NULL"
        " FROM push_good k WHERE k.sku = ebay_records.sku"
        " AND ebay_records.version = k.pulled_version",
        [who],
    ).fetchone()[0]
    refresh_record_checks(con, good)
    # One audit entry per record (before → after of the changed fields), set-based.
    con.register("push_diff", diff)
    con.execute(
        "INSERT INTO audit_log (who, action, entity, entity_key, before, after)"
        " SELECT ?, 'bulk_update', 'ebay_record', d.sku,"
        " CAST(json_group_object(d.field, d.before) AS VARCHAR),"
        " CAST(json_group_object(d.field, d.after) AS VARCHAR)"
        " FROM push_diff d JOIN push_good g ON g.sku = d.sku GROUP BY d.sku",
        [who],
    )
    con.unregister("push_diff")
    audit.record(con, "bulk_push", "ebay_records", file, after={"written": int(written)})
    return int(written)


def _reject_sql(con, rejected: list[Rejection], sql: str) -> None:
    rejected.extend(Rejection(*row) for row in con.execute(sql).fetchall())


