"""``payouts import FILE --account NAME`` and ``reconcile [--view …] [--from --to] [--account]
[--carrier] [--out FILE] [--check] [--rebuild-summary]``.

``--check`` is for a nightly job: it exits 3 when any view is out of balance (after printing the
problems), 0 when every view balances. ``--rebuild-summary`` first recomputes the figures
orders, deposits, invoices and payouts keep for the views from their source rows (a repair;
it says how many were wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops.reconcile import money_summary, ship_summary
from aimsi_ebay.ops.reconcile.export import view_csv, view_xlsx
from aimsi_ebay.ops.reconcile.payouts import import_payouts
from aimsi_ebay.ops.reconcile.views import VIEW_NAMES, Filters, run_views

EXIT_OUT_OF_BALANCE = 3


def register(subparsers, common: argparse.ArgumentParser) -> None:
    payouts = subparsers.add_parser(
        "payouts", help="eBay's Transaction report: payouts, fees, refunds, labels"
    )
    actions = payouts.add_subparsers(dest="payouts_command", metavar="ACTION")
    actions.required = True
    run = actions.add_parser(
        "import", parents=[common], help="import an eBay Transaction report (idempotent)"
    )
    run.add_argument("file", metavar="FILE")
    run.add_argument("--account", required=True, metavar="NAME", help="seller account")
    run.set_defaults(handler=_import)

    command = subparsers.add_parser(
        "reconcile",
        parents=[common],
        help="shipping, deposits, payouts and import batches reconciled; --check for a job",
    )
    command.add_argument("--view", choices=VIEW_NAMES, help="one view (default: all four)")
    command.add_argument("--from", dest="date_from", type=_day, metavar="YYYY-MM-DD")
    command.add_argument("--to", dest="date_to", type=_day, metavar="YYYY-MM-DD")
    command.add_argument("--account", metavar="NAME", help="one seller account")
    command.add_argument("--carrier", metavar="NAME", help="shipping view: one carrier")
    command.add_argument(
        "--out", metavar="FILE", help="write the view(s) to FILE (.csv or .xlsx; one view)"
    )
    command.add_argument(
        "--check", action="store_true", help=f"exit {EXIT_OUT_OF_BALANCE} when out of balance"
    )
    command.add_argument(
        "--rebuild-summary", action="store_true",
        help="first recompute the figures the views read from their source rows (a repair)",
    )
    command.set_defaults(handler=_reconcile)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-20") from None


def _import(args: argparse.Namespace, db: Database):
    report = import_payouts(db, args.file, account=args.account)
    lines = [report.summary(), *(f"  rejected {line}" for line in report.rejected)]
    lines += [f"  check: {line}" for line in report.violations]
    return report.as_json(), "\n".join(lines)


def _reconcile(args: argparse.Namespace, db: Database):
    filters = Filters(account=args.account, date_from=args.date_from, date_to=args.date_to,
                      carrier=args.carrier)  # fmt: skip
    views = (args.view,) if args.view else VIEW_NAMES
    if args.out and len(views) != 1:
        raise InputError("--out writes one view: add --view", field="--out")
    rebuilt = rebuilt_money = None
    if args.rebuild_summary:
        rebuilt = ship_summary.rebuild_store(db)
        rebuilt_money = money_summary.rebuild_store(db)
    results = run_views(db, filters, views=views, limit=None if args.out else 50)
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":
            out.write_bytes(view_xlsx(results[0]))
        elif out.suffix.lower() == ".csv":
            out.write_text(view_csv(results[0]), encoding="utf-8", newline="")
        else:
            raise InputError("write .csv or .xlsx", file=str(out), field="--out")
    problems = [f"{r.view}: {p}" for r in results for p in r.problems]
    payload = {"views": {r.view: r.as_json() for r in results}, "problems": problems}
    if not args.out:
        payload["views"] = {r.view: {k: v for k, v in r.as_json().items() if k != "tables"}
                            for r in results}  # fmt: skip
    summary = "\n".join([*(r.summary() for r in results), *(f"  {p}" for p in problems)])
    if rebuilt is not None:
        payload["rebuilt_orders"] = rebuilt
        payload["rebuilt_money_rows"] = rebuilt_money
        summary = (f"rebuilt the shipping figures of {rebuilt} order(s) and the money figures"
                   f" of {rebuilt_money} row(s)\n" + summary)
    if args.check and problems:
        if args.json:
            print(json.dumps({"ok": False, **payload}, default=str))
        else:
            print(summary)
        sys.exit(EXIT_OUT_OF_BALANCE)
    return payload, summary
