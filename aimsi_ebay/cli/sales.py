"""``import-sales FILE --account NAME [--format auto|…|shopify|map:NAME] [--unmatched create|hold]
[--dry-run]``: an eBay download for an eBay account, a web-shop export for a shop account."""

from __future__ import annotations

import argparse

from aimsi_ebay.ops import Database
from aimsi_ebay.ops.sales.importer import FORMAT_CHOICES, import_sales
from aimsi_ebay.ops.sales.staging import UNMATCHED_CHOICES
from aimsi_ebay.ops.shop.importing import check_format


def register(subparsers, common: argparse.ArgumentParser) -> None:
    command = subparsers.add_parser(
        "import-sales",
        parents=[common],
        help="import an eBay sales download or a web-shop order export: customers, ship-tos,"
        " orders, deposits",
    )
    command.add_argument("file", metavar="FILE")
    command.add_argument("--account", required=True, metavar="NAME", help="seller account")
    command.add_argument(
        "--format",
        dest="fmt",
        type=check_format,
        default="auto",
        metavar="|".join(FORMAT_CHOICES),
        help="file layout (default: recognised from the header; map:NAME: a shop's column map)",
    )
    command.add_argument(
        "--unmatched",
        choices=UNMATCHED_CHOICES,
        default="hold",
        help="a sale whose buyer matches no customer by e-mail or eBay user id: create a new "
        "customer, or hold it for the Import orders dashboard (default %(default)s)",
    )
    command.add_argument(
        "--dry-run",
        action="store_true",
        help="stage and report what would be created, then write nothing",
    )
    command.set_defaults(handler=_import_sales)


def _import_sales(args: argparse.Namespace, db: Database):
    report = import_sales(
        db,
        args.file,
        account=args.account,
        fmt=args.fmt,
        unmatched=args.unmatched,
        dry_run=args.dry_run,
    )
    lines = [report.summary()]
    lines += [
        f"  rejected row {r['row']}, {r['field'] or '-'}: {r['reason']}" for r in report.rejected
    ]
    return report.as_json(), "\n".join(lines)
