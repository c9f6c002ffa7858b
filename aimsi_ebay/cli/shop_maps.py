"""``shop-maps list|show|save --account SHOP`` and ``shop-accounts add NAME``: web-shop accounts
(seller accounts of kind ``shop``) and the column maps their order exports are read through."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops.shop import accounts as shop_accounts


def register(subparsers, common: argparse.ArgumentParser) -> None:
    maps = subparsers.add_parser(
        "shop-maps", help="a web shop's column maps (its export's headers)"
    )
    actions = maps.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", parents=[common], help="the maps a shop account can use")
    listing.add_argument("--account", required=True, metavar="SHOP")
    listing.set_defaults(handler=_list)
    show = actions.add_parser("show", parents=[common], help="print a map as JSON")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--account", required=True, metavar="SHOP")
    show.set_defaults(handler=_show)
    save = actions.add_parser(
        "save", parents=[common], help="check a map (a JSON file) and save it for the shop account"
    )
    save.add_argument("file", metavar="MAP.json")
    save.add_argument("--account", required=True, metavar="SHOP")
    save.set_defaults(handler=_save)

    accounts = subparsers.add_parser("shop-accounts", help="web-shop accounts")
    account_actions = accounts.add_subparsers(dest="action", metavar="ACTION")
    account_actions.required = True
    add = account_actions.add_parser("add", parents=[common], help="create a shop account")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--currency", default="USD", help="the shop's currency (default USD)")
    add.add_argument("--location", help="where its orders ship from, e.g. 'Austin, TX'")
    add.add_argument("--postal-code", dest="postal_code", help="that location's postal code")
    add.set_defaults(handler=_add_account)


def _list(args: argparse.Namespace, db: Database):
    found = shop_accounts.list_maps(db, args.account)
    lines = [f"{m['name']}{' (built in)' if m['built_in'] else ''}" for m in found]
    return {"account": args.account, "maps": found}, "\n".join(lines)


def _show(args: argparse.Namespace, db: Database):
    column_map = shop_accounts.get_map(db, args.account, args.name)
    text = column_map.to_json()
    return {"account": args.account, "map": json.loads(text)}, text


def _save(args: argparse.Namespace, db: Database):
    path = Path(args.file)
    if not path.is_file():
        raise InputError("no such map file", file=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("a map file is UTF-8 JSON", file=str(path)) from None
    try:
        column_map = shop_accounts.save_map(db, args.account, text)
    except InputError as error:
        raise InputError(error.reason, file=str(path), field=error.field) from None
    return (
        {"account": args.account, "saved": column_map.name, "written": 1},
        f"saved column map {column_map.name!r} for {args.account}",
    )


def _add_account(args: argparse.Namespace, db: Database):
    account = shop_accounts.create_shop_account(
        db, args.name, currency=args.currency, location=args.location,
        postal_code=args.postal_code,
    )  # fmt: skip
    return (
        {"account": account.name, "kind": account.kind, "currency": account.currency},
        f"created shop account {account.name} ({account.currency})",
    )
