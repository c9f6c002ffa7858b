"""``accounts list | add NAME … | update NAME … | deactivate NAME``: the seller accounts."""

from __future__ import annotations

import argparse
import unicodedata

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops import accounts as seller_accounts

_FIELDS = (
    ("ebay_user_id", "--ebay-user", "eBay user id"),
    ("site_id", "--site", f"eBay site ({', '.join(seller_accounts.SITES)}; default US)"),
    ("currency", "--currency", "currency (must be the site's)"),
    ("item_location", "--location", "item location, e.g. 'Springfield, IL'"),
    ("postal_code", "--postal-code", "item postal code"),
    ("dispatch_days", "--dispatch-days", "handling time in business days"),
    ("shipping_profile", "--shipping-profile", "shipping business policy name"),
    ("return_profile", "--return-profile", "return business policy name"),
    ("payment_profile", "--payment-profile", "payment business policy name"),
)


def register(subparsers, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("accounts", help="seller accounts (eBay users and their defaults)")
    actions = group.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", parents=[common], help="list the accounts")
    listing.add_argument("--all", action="store_true", help="include inactive accounts")
    listing.set_defaults(handler=_list)
    for name, handler, text in (("add", _add, "create an account"),
                                ("update", _update, "change an account's fields")):
        parser = actions.add_parser(name, parents=[common], help=text)
        parser.add_argument("name", metavar="NAME")
        if name == "update":
            parser.add_argument("--rename", metavar="NEW_NAME", help="give the account a new name")
        for field, option, help_text in _FIELDS:
            parser.add_argument(option, dest=field, help=help_text)
        parser.set_defaults(handler=handler)
    deactivate = actions.add_parser("deactivate", parents=[common], help="hide an account from exports")
    deactivate.add_argument("name", metavar="NAME")
    deactivate.set_defaults(handler=_deactivate)


def _given(args: argparse.Namespace) -> dict[str, object]:
    given = {field: getattr(args, field) for field, _, _ in _FIELDS if getattr(args, field) is not None}
    for field, option, _ in _FIELDS:
        if field in given:
            _check_text(given[field], option)
    return given


def _check_text(value: object, option: str) -> None:
    """Command-line text the way a shell can mangle it: bytes that are not UTF-8 (Python keeps
    them as lone surrogates) and control characters such as ANSI escape codes are refused."""
    if not isinstance(value, str):
        return
    if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
        raise InputError("is not valid UTF-8 text", field=option)
    bad = next((char for char in value if unicodedata.category(char) == "Cc"), None)
    if bad is not None:
        raise InputError(f"holds the control character U+{ord(bad):04X} (an ANSI escape code?)",
                         field=option)


def _line(account: seller_accounts.SellerAccount) -> str:
    state = "" if account.active else "  (inactive)"
    return (f"{account.name}: {account.ebay_user_id} on {account.site_id} ({account.currency}), "
            f"{account.item_location or '?'} {account.postal_code or ''}, ships in "
            f"{account.dispatch_days} day(s); policies: {account.shipping_profile or '-'} / "
            f"{account.return_profile or '-'} / {account.payment_profile or '-'}{state}")


def _list(args: argparse.Namespace, db: Database):
    accounts = seller_accounts.list_accounts(db, include_inactive=args.all)
    return ({"accounts": [a.as_dict() for a in accounts]},
            "\n".join(_line(a) for a in accounts) or "no seller accounts")


def _add(args: argparse.Namespace, db: Database):
    _check_text(args.name, "NAME")
    account = seller_accounts.create_account(db, name=args.name, **_given(args))
    return {"account": account.as_dict()}, f"created {_line(account)}"


def _update(args: argparse.Namespace, db: Database):
    changes = _given(args)
    _check_text(args.rename, "--rename")
    if args.rename:
        changes["name"] = args.rename
    account = seller_accounts.update_account(db, args.name, **changes)
    return {"account": account.as_dict()}, f"updated {_line(account)}"


def _deactivate(args: argparse.Namespace, db: Database):
    account = seller_accounts.deactivate_account(db, args.name)
    return {"account": account.as_dict()}, f"deactivated {account.name}"
