"""``shipping lookup-file | auto-import | import | watch | apply-writebacks | ebay-tracking | maps |
services``."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from aimsi_ebay.errors import AimsiError, InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops.carriers_odbc import apply_writebacks
from aimsi_ebay.ops.shipping import settings as shipping_settings
from aimsi_ebay.ops.shipping.ebay_tracking import write_ebay_tracking
from aimsi_ebay.ops.shipping.lookup import write_auto_import, write_lookup_file
from aimsi_ebay.ops.shipping.results import import_carrier_path
from aimsi_ebay.ops.shipping.watch import apply_carrier_writebacks, scan_folder, watch

CARRIERS = ("ups", "fedex")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    shipping = subparsers.add_parser(
        "shipping", help="UPS WorldShip / FedEx Ship Manager files in and out; eBay tracking")
    commands = shipping.add_subparsers(dest="shipping_command", metavar="ACTION")
    commands.required = True

    lookup = commands.add_parser("lookup-file", parents=[common],
                                 help="write a carrier's keyed-import lookup file")
    lookup.add_argument("--carrier", choices=CARRIERS, required=True)
    lookup.add_argument("--out", metavar="FILE", help="default: the lookup folder")
    lookup.set_defaults(handler=_lookup)

    auto = commands.add_parser("auto-import", parents=[common],
                               help="write a WorldShip XML auto-import file for chosen orders")
    auto.add_argument("--orders", nargs="+", required=True, metavar="ORDER")
    auto.add_argument("--folder", help="default: the configured auto-import folder")
    auto.add_argument("--decimal-comma", action="store_true",
                      help="weights as 2,5 (a PC whose locale expects that)")
    auto.set_defaults(handler=_auto_import)

    results = commands.add_parser("import", parents=[common],
                                  help="import a carrier's results: tracking, charges, voids")
    results.add_argument("file", metavar="FILE")
    results.add_argument("--carrier", choices=CARRIERS)
    results.add_argument("--map", dest="map_name", metavar="NAME",
                         help="column map for a CSV export (default: the one that fits)")
    results.set_defaults(handler=_import)

    watching = commands.add_parser("watch", parents=[common],
                                   help="import carrier files as they appear in a folder")
    watching.add_argument("folder", metavar="FOLDER", nargs="?",
                          help="default: the configured watch folder")
    watching.add_argument("--interval", type=float, default=5.0, metavar="SECONDS")
    watching.add_argument("--once", action="store_true", help="one pass, then stop")
    watching.set_defaults(handler=_watch)

    writeback = commands.add_parser(
        "apply-writebacks", parents=[common],
        help="apply the packages and voids the carriers wrote over ODBC (PostgreSQL only)")
    writeback.set_defaults(handler=_apply_writebacks)

    tracking = commands.add_parser("ebay-tracking", parents=[common],
                                   help="write eBay's tracking upload file for shipped orders")
    tracking.add_argument("--account", metavar="NAME")
    tracking.add_argument("--out", metavar="FILE")
    tracking.set_defaults(handler=_ebay_tracking)

    maps = commands.add_parser("maps", help="column maps of post-ship CSV exports")
    actions = maps.add_subparsers(dest="maps_command", metavar="ACTION")
    actions.required = True
    actions.add_parser("list", parents=[common]).set_defaults(handler=_maps_list)
    show = actions.add_parser("show", parents=[common])
    show.add_argument("name")
    show.set_defaults(handler=_maps_show)
    put = actions.add_parser("set", parents=[common], help="store a map given as JSON")
    put.add_argument("spec", metavar="JSON|FILE|-", help="the map as JSON, a file, or - (stdin)")
    put.set_defaults(handler=_maps_set)


def _lookup(args: argparse.Namespace, db: Database):
    report = write_lookup_file(db, args.carrier, args.out)
    return report.as_json(), _with_problems(report.summary(), report)


def _auto_import(args: argparse.Namespace, db: Database):
    numbers = [n for value in args.orders for n in value.split(",") if n.strip()]
    report = write_auto_import(db, numbers, folder=args.folder, decimal_comma=args.decimal_comma)
    return report.as_json(), _with_problems(report.summary(), report)


def _with_problems(summary: str, report) -> str:
    lines = [summary]
    lines += [f"  left out {i['order_number']}: {i['reason']}" for i in report.left_out]
    lines += [f"  {i['order_number']}: service {i['ebay_service']!r} unknown,"
              f" {i['service_code']} used" for i in report.unknown_services]
    lines += [f"  {i['order_number']}: no weight for {i['skus']}"
              for i in report.missing_weights]
    lines += [f"  {i['order_number']} {i['field']}: {i['reason']} to {i['written']!r}"
              for i in report.fitted if i["reason"] == "truncated"]
    return "\n".join(lines)


def _import(args: argparse.Namespace, db: Database):
    report = import_carrier_path(db, args.file, carrier=args.carrier, map_name=args.map_name)
    lines = [report.summary()]
    lines += [f"  rejected row {r['row']}, {r['field']}: {r['reason']}" for r in report.rejected]
    lines += [f"  refused by the carrier: order {f['order_number']}: {f['message']}"
              for f in report.failures]
    return report.as_json(), "\n".join(lines)


def _watch(args: argparse.Namespace, db: Database):
    folder = Path(args.folder) if args.folder else shipping_settings.folder(db, "watch_folder")
    if args.interval <= 0:
        raise InputError("--interval must be more than 0 seconds", field="interval")
    seen, written_back = [], []

    def report(result) -> None:
        seen.append(result.as_json())
        if not args.json:
            state = "imported" if result.ok else "FAILED"
            print(f"{result.file}: {state} → {result.moved_to}: {result.reason}", flush=True)

    def report_writeback(result) -> None:  # a WritebackReport, or the error that stopped a pass
        failed = isinstance(result, AimsiError)
        written_back.append({"error": str(result)} if failed else result.as_json())
        if not args.json:
            text = f"carrier write-back FAILED: {result}" if failed else result.summary()
            print(text, flush=True)

    if args.once:
        scan_folder(db, folder, on_file=report)
        apply_carrier_writebacks(db, report_writeback)
    else:
        print(f"watching {folder} (Ctrl+C to stop)", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C ends the watch, not an error
            watch(db, folder, interval=args.interval, on_file=report,
                  on_writeback=report_writeback)
    summary = f"{len(seen)} file(s) taken from {folder}"
    if db.postgres is not None:
        summary += f"; {sum(r.get('rows', 0) for r in written_back)} carrier write-back row(s)"
    return {"folder": str(folder), "files": seen, "writebacks": written_back}, summary


def _apply_writebacks(args: argparse.Namespace, db: Database):
    report = apply_writebacks(db)
    lines = [report.summary()]
    for result in report.imports:
        lines += [f"  rejected row {r['row']}, {r['field']}: {r['reason']}"
                  for r in result.rejected]
        lines += [f"  refused by the carrier: order {f['order_number']}: {f['message']}"
                  for f in result.failures]
    return report.as_json(), "\n".join(lines)


def _ebay_tracking(args: argparse.Namespace, db: Database):
    report = write_ebay_tracking(db, account=args.account, out=args.out)
    return report.as_json(), report.summary()


def _maps_list(args: argparse.Namespace, db: Database):
    maps = shipping_settings.column_maps(db)
    rows = [{"name": m.name, "carrier": m.carrier, "has_header": m.has_header}
            for m in maps.values()]
    return {"maps": rows}, "\n".join(f"{m['name']}  ({m['carrier']})" for m in rows)


def _maps_show(args: argparse.Namespace, db: Database):
    found = shipping_settings.column_map(db, args.name)
    return {"map": json.loads(found.to_json())}, json.dumps(json.loads(found.to_json()), indent=2)


def _maps_set(args: argparse.Namespace, db: Database):
    text = args.spec
    if text == "-":
        text = sys.stdin.read()
    elif not text.lstrip().startswith("{"):
        try:
            text = Path(text).read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot read the map: {error.strerror or error}",
                             file=args.spec) from None
    stored = shipping_settings.set_column_map(db, text)
    return {"map": json.loads(stored.to_json())}, f"column map {stored.name!r} stored"
