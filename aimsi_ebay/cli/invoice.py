"""``invoice``: post invoices for orders, show, print, pay, apply a deposit, void.

    invoice ORDER_NUMBER… [--dry-run]          invoice these orders (all or nothing)
    invoice --ready [--account A] [--source S] every order ready to invoice, in one batch
    invoice show N | invoice pdf N --out FILE | invoice html N --out FILE
    invoice pay N --amount X --method cash|card|cheque|other [--reference R]
    invoice apply N --deposit ID [--amount X]  a same-customer deposit, by hand
    invoice void N --reason TEXT
"""

from __future__ import annotations

import argparse
from pathlib import Path

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops.invoicing import documents, payments
from aimsi_ebay.ops.invoicing.posting import invoice_orders, invoice_ready
from aimsi_ebay.ops.invoicing.ready import SOURCES, ReadyFilter, ready_orders
from aimsi_ebay.rules.money import money_str

ACTIONS = ("show", "pdf", "html", "pay", "apply", "void", "list")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    command = subparsers.add_parser(
        "invoice", parents=[common],
        help="invoice orders and pay them with their deposits; show, print, pay, void invoices",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("words", nargs="*", metavar="ORDER_NUMBER|ACTION N",
                         help=f"order numbers, or one of {', '.join(ACTIONS)} and an invoice number")
    command.add_argument("--ready", action="store_true", help="invoice every ready order")
    command.add_argument("--account", metavar="NAME", help="with --ready / list: this account")
    command.add_argument("--source", choices=SOURCES, help="with --ready / list: this source")
    command.add_argument("--dry-run", action="store_true",
                         help="show what would be invoiced, write nothing")
    command.add_argument("--out", metavar="FILE", help="pdf / html: the file to write")
    command.add_argument("--reason", metavar="TEXT", help="void: why")
    command.add_argument("--amount", metavar="X", help="pay / apply: the amount")
    command.add_argument("--method", metavar="M", help="pay: cash, card, cheque or other")
    command.add_argument("--reference", metavar="R", help="pay: cheque number, card authorisation…")
    command.add_argument("--deposit", type=int, metavar="ID", help="apply: the deposit's id")
    command.set_defaults(handler=_invoice)


def _invoice(args: argparse.Namespace, db: Database):
    words = args.words
    if args.ready:
        if words:
            raise InputError("give order numbers or --ready, not both", field="--ready")
        filters = ReadyFilter(account=args.account, source=args.source)
        if args.dry_run:
            return _listing(db, filters)
        report = invoice_ready(db, filters)
        return report.as_json(), report.summary()
    if not words:
        raise InputError("give order numbers, --ready, or an action: " + ", ".join(ACTIONS),
                         field="invoice")
    if words[0] == "list":
        return _listing(db, ReadyFilter(account=args.account, source=args.source))
    if words[0] in ACTIONS:
        if len(words) != 2:
            raise InputError(f"`invoice {words[0]}` takes one invoice number", field="invoice")
        return _action(words[0], words[1], args, db)
    if args.dry_run:
        previews = documents.preview_invoices(db, words)
        data = [documents.document_json(doc) for doc in previews]
        text = "\n".join(f"order {d['order_number']}: total {d['total']}, deposits {d['paid']},"
                         f" due {d['balance_due']}" for d in data)
        return {"dry_run": True, "invoices": data}, "dry run: nothing written\n" + text
    report = invoice_orders(db, words)
    lines = [report.summary()] + [
        f"  {i.invoice_number} order {i.order_number}: total {money_str(i.total)},"
        f" due {money_str(i.due)}{' (partial)' if i.partial else ''}" for i in report.invoices]
    return report.as_json(), "\n".join(lines)


def _listing(db: Database, filters: ReadyFilter):
    rows = ready_orders(db, filters)
    lines = [f"{len(rows)} order(s) ready to invoice"] + [
        f"  {r.order_number} {r.order_date} {r.customer}: invoice {money_str(r.invoice_total)},"
        f" deposits {money_str(r.deposits_open)}, due {money_str(r.due)}" for r in rows]
    return {"ready": [r.as_json() for r in rows], "count": len(rows)}, "\n".join(lines)


def _action(action: str, number: str, args: argparse.Namespace, db: Database):
    if action == "show":
        doc = documents.invoice_document(db, number)
        data = documents.document_json(doc)
        text = [f"{doc.invoice_number} order {doc.order_number}"
                f"{' (' + doc.void_note + ')' if doc.void_note else ''}"]
        text += [f"  {line['quantity']} x {line['description']} {line['amount']}"
                 for line in data["lines"]]
        text += [f"  shipping {data['shipping']}, tax {data['tax']}, total {data['total']},"
                 f" paid {data['paid']}, due {data['balance_due']}"]
        text += [f"  {t['carrier']} {t['tracking_number']}" for t in data["tracking"]]
        return data, "\n".join(text)
    if action in ("pdf", "html"):
        if not args.out:
            raise InputError(f"`invoice {action}` needs --out FILE", field="--out")
        out = Path(args.out)
        if action == "pdf":
            out.write_bytes(documents.invoice_pdf(db, number))
        else:
            out.write_text(documents.invoice_html(db, number), encoding="utf-8")
        key = documents.invoice_key(number)
        return {"invoice_number": key, "out": str(out)}, f"{key} written to {out}"
    if action == "void":
        payments.void_invoice(db, number, args.reason or "")
        key = documents.invoice_key(number)
        return {"invoice_number": key, "status": "void"}, f"{key} voided"
    if action == "pay":
        if not args.amount or not args.method:
            raise InputError("`invoice pay` needs --amount and --method", field="--amount")
        balance = payments.pay_invoice(db, number, args.amount, args.method, args.reference)
    else:  # apply
        if args.deposit is None:
            raise InputError("`invoice apply` needs --deposit ID", field="--deposit")
        balance = payments.apply_deposit(db, number, args.deposit, args.amount)
    return balance.as_json(), (f"{balance.invoice_number}: paid {money_str(balance.paid)} of "
                               f"{money_str(balance.total)}, due {money_str(balance.due)}")
