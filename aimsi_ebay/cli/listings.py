"""``listings pull FILE`` and ``listings push FILE [--dry-run] [--strict]`` (CSV, XLSX, Parquet)."""

from __future__ import annotations

import argparse
from pathlib import Path

from aimsi_ebay.ops import Database
from aimsi_ebay.ops.listings import bulk_edit

DIFF_LIMIT_JSON = 10_000
SHOWN = 20


def register(subparsers, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("listings", help="bulk edits of the SKU eBay records")
    actions = group.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    pull = actions.add_parser(
        "pull", parents=[common], help="write every eBay record to FILE (.csv, .xlsx, .parquet)"
    )
    pull.add_argument("file", metavar="FILE")
    pull.set_defaults(handler=_pull)
    push = actions.add_parser(
        "push", parents=[common],
        help="validate FILE and write its changes; bad rows are reported and skipped",
    )
    push.add_argument("file", metavar="FILE")
    push.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    push.add_argument(
        "--strict", action="store_true", help="write nothing when any row is bad"
    )
    push.set_defaults(handler=_push)


def _pull(args: argparse.Namespace, db: Database):
    frame = bulk_edit.pull_frame(db)
    path = bulk_edit.write_frame(frame, args.file)
    return {"file": str(path), "rows": len(frame)}, f"{path}: {len(frame)} eBay record(s) pulled"


def _push(args: argparse.Namespace, db: Database):
    name = Path(args.file).name
    frame = bulk_edit.read_frame(args.file)
    report = bulk_edit.push_frame(db, frame, dry_run=args.dry_run, strict=args.strict, file=name)
    result = {"file": name, **report.as_dict(diff_limit=DIFF_LIMIT_JSON)}
    lines = [
        f"{name}: {report.rows} row(s), {report.changed} changed, {report.unchanged} unchanged, "
        f"{len(report.rejected)} problem(s) in bad rows; "
        + ("dry run, nothing written" if report.dry_run else f"{report.written} record(s) written")
    ]
    for _, change in report.diff.head(SHOWN).iterrows():
        mark = "" if change["ok"] else " (rejected)"
        lines.append(
            f"  {change['sku']} {change['field']}: {_short(change['before'])} -> "
            f"{_short(change['after'])}{mark}"
        )
    if len(report.diff) > SHOWN:
        lines.append(f"  … {len(report.diff) - SHOWN} more change(s); --json lists them")
    for rejection in report.rejected:
        where = f"row {rejection.row}" + (f' "{rejection.field}"' if rejection.field else "")
        lines.append(f"  {name} {where}: {rejection.reason} (SKU {rejection.sku})")
    for sku, removed in report.sanitised.items():
        lines.append(f"  SKU {sku} description sanitised: removed {', '.join(removed)}")
    return result, "\n".join(lines)


def _short(value: object, width: int = 40) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"
