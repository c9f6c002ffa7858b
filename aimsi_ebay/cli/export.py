"""``export --account NAME [criteria…] [--out FILE] [--test-mode] [--dry-run]`` and ``export-history``."""

from __future__ import annotations

import argparse

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops.export import batch as exports


def register(subparsers, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser(
        "export", parents=[common],
        help="write the eBay listing upload file for the flagged records of an account")
    export.add_argument("--account", required=True, metavar="NAME", help="seller account to list under")
    export.add_argument("--vendor", metavar="V")
    export.add_argument("--department", metavar="D")
    export.add_argument("--category", metavar="C", help="item (inventory) category")
    export.add_argument("--ebay-category", metavar="ID", help="eBay category 1 or 2")
    export.add_argument("--sku", metavar="PATTERN", help="SKU prefix, or a pattern with * and ?")
    export.add_argument("--min-price", metavar="X")
    export.add_argument("--max-price", metavar="Y")
    export.add_argument("--not-exported-since", metavar="DATE", help="last exported before DATE, or never")
    export.add_argument(
        "--all-accounts", action="store_true",
        help="also export records whose default account is another one (default: only the "
             "account's own records and records without a default account)")
    export.add_argument("--out", metavar="FILE", help="the file to write (default: exports/ beside the database)")
    export.add_argument("--test-mode", action="store_true",
                        help="write VerifyAdd rows (eBay checks, lists nothing); flags stay set")
    export.add_argument("--dry-run", action="store_true",
                        help="change nothing; write the file only if --out is given")
    export.set_defaults(handler=_export)

    history = subparsers.add_parser("export-history", parents=[common], help="past export batches")
    history.add_argument("--limit", type=int, default=20)
    history.add_argument("--batch", type=int, metavar="ID", help="write this batch's file again (with --out)")
    history.add_argument("--out", metavar="FILE")
    history.set_defaults(handler=_history)


def _export(args: argparse.Namespace, db: Database):
    criteria = exports.ExportCriteria.parse(
        vendor=args.vendor, department=args.department, item_category=args.category,
        ebay_category=args.ebay_category, sku_pattern=args.sku, min_price=args.min_price,
        max_price=args.max_price, not_exported_since=args.not_exported_since,
    )
    report = exports.export_records(
        db, args.account, criteria, out=args.out, test_mode=args.test_mode, dry_run=args.dry_run,
        own_records_only=not args.all_accounts,
    )
    lines = [
        f"{'dry run: ' if report.dry_run else ''}{report.exported} exported "
        f"({report.adds} Add, {report.revises} Revise{', test mode' if report.test_mode else ''}), "
        f"{len(report.skipped)} skipped as invalid"
        + (f", batch {report.batch_id}" if report.batch_id else "")
    ]
    lines += [f"  skipped {row.sku}: {'; '.join(row.reasons)}" for row in report.skipped]
    lines.append(f"file: {report.file}" if report.file else "no file written")
    lines += [f"  {note}" for note in report.recovered]
    return report.as_dict(), "\n".join(lines)


def _history(args: argparse.Namespace, db: Database):
    if args.batch is not None:
        if not args.out:
            raise InputError("--batch needs --out FILE to write the batch's file to", field="--out")
        name, _ = exports.write_batch_file(db, args.batch, args.out)
        return {"batch_id": args.batch, "file_name": name, "out": args.out}, f"batch {args.batch} ({name}) written to {args.out}"
    batches = exports.list_batches(db, limit=args.limit)
    text = "\n".join(
        f"{b.batch_id}: {b.created_at:%Y-%m-%d %H:%M} {b.account} {b.rows_exported} exported, "
        f"{b.rows_skipped} skipped{' (test mode)' if b.test_mode else ''} by {b.created_by} -> {b.file_name}"
        for b in batches
    )
    return {"batches": [b.__dict__ for b in batches]}, text or "no export batches yet"
