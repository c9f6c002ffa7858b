"""Shop accounts and their saved column maps (issue 17).

A shop account is a seller account of kind ``shop`` (migration 015): a name, the shop's
currency and the default location its orders ship from. Its column maps (a shop's export headers
→ our fields, ``formats/shop/column_map.py``) are saved by name per shop account, checked when
saved: a map missing a required field is refused with the reason, nothing is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import duckdb

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.formats.shop.column_map import ColumnMap
from aimsi_ebay.formats.shop.maps import BUILT_IN_MAPS

SHOP = "shop"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_MAP_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")


@dataclass(frozen=True)
class ShopAccount:
    account_id: int
    name: str
    kind: str
    currency: str
    location: str | None
    postal_code: str | None


def account_of(con: duckdb.DuckDBPyConnection, name: str) -> ShopAccount:
    """A seller account (of any kind) by name, or by eBay user id as the import finds it."""
    row = con.execute(
        "SELECT account_id, name, coalesce(kind, 'ebay'), currency, item_location, postal_code"
        " FROM seller_accounts WHERE name = ? OR lower(ebay_user_id) = lower(?)"
        " ORDER BY name = ? DESC LIMIT 1",
        [name, name, name],
    ).fetchone()
    if row is None:
        raise NotFoundError("seller account", name)
    return ShopAccount(*row)


def account_kinds(db: Database) -> dict[str, str]:
    """Each active account's kind by name (``ebay`` or ``shop``), for the dashboard's picker."""
    with db.read() as con:
        return dict(
            con.execute(
                "SELECT name, coalesce(kind, 'ebay') FROM seller_accounts WHERE active"
                " ORDER BY account_id"
            ).fetchall()
        )


def create_shop_account(
    db: Database,
    name: str,
    *,
    currency: str = "USD",
    location: str | None = None,
    postal_code: str | None = None,
) -> ShopAccount:
    """A new shop account (name, currency, default location)."""
    name, currency = (name or "").strip(), (currency or "").strip().upper()
    if not _NAME.match(name):
        raise InputError(
            "a shop account name is 1-40 letters, digits, '.', '_' or '-'", field="name"
        )
    if not _CURRENCY.match(currency):
        raise InputError(f"{currency!r} is not a currency code like USD", field="currency")
    for label, text in (("location", location), ("postal_code", postal_code)):
        if text is not None and (len(text) > 80 or any(ord(ch) < 32 for ch in text)):
            raise InputError("at most 80 printable characters", field=label)
    with db.write() as con:
        if con.execute("SELECT 1 FROM seller_accounts WHERE name = ?", [name]).fetchone():
            raise InputError(f"a seller account named {name!r} already exists", field="name")
        con.execute(
            "INSERT INTO seller_accounts (name, ebay_user_id, kind, currency, item_location,"
            " postal_code) VALUES (?, ?, ?, ?, ?, ?)",
            [name, name, SHOP, currency, location, postal_code],
        )
        account = account_of(con, name)
        audit.record(con, "create", "seller_account", name, after=account.__dict__)
    return account


def _shop(con: duckdb.DuckDBPyConnection, name: str) -> ShopAccount:
    account = account_of(con, name)
    if account.kind != SHOP:
        raise InputError(f"{name} is an eBay account: column maps belong to shop accounts",
                         field="account")  # fmt: skip
    return account


def save_map(db: Database, account: str, definition: str | dict | ColumnMap) -> ColumnMap:
    """Check a column map (JSON text, a dict or a map) and save it under its name for the shop
    account, replacing a map of the same name. A map that is not valid is refused whole."""
    if isinstance(definition, ColumnMap):
        column_map = definition
    else:
        text = definition if isinstance(definition, str) else json.dumps(definition)
        column_map = ColumnMap.from_json(text)
    if not _MAP_NAME.match(column_map.name):
        raise InputError(
            f"map name {column_map.name!r}: 1-40 lower-case letters, digits, '.', '_' or '-'",
            field="name",
        )
    if column_map.name in BUILT_IN_MAPS:
        raise InputError(f"{column_map.name!r} is a built-in map: save yours under another name",
                         field="name")  # fmt: skip
    with db.write() as con:
        shop = _shop(con, account)
        before = con.execute(
            "SELECT definition FROM shop_column_maps WHERE account_id = ? AND name = ?",
            [shop.account_id, column_map.name],
        ).fetchone()
        # saved_at given, not left to its default: through the PostgreSQL attach an INSERT OR
        # REPLACE writes NULL into a column it is not given
        con.execute(
            "INSERT OR REPLACE INTO shop_column_maps (account_id, name, definition, saved_by,"
            " saved_at) VALUES (?, ?, ?, ?, current_localtimestamp())",
            [shop.account_id, column_map.name, column_map.to_json(), audit.current_user()],
        )
        audit.record(con, "save", "shop_column_map", f"{shop.name}/{column_map.name}",
                     before=before[0] if before else None, after=column_map.to_json())  # fmt: skip
    return column_map


def list_maps(db: Database, account: str) -> list[dict[str, object]]:
    """The maps a shop account can use: the built-in ones, then its own saved ones."""
    with db.read() as con:
        shop = _shop(con, account)
        saved = con.execute(
            "SELECT name, saved_by, saved_at FROM shop_column_maps WHERE account_id = ?"
            " ORDER BY name",
            [shop.account_id],
        ).fetchall()
    found: list[dict[str, object]] = [
        {"name": name, "built_in": True, "saved_by": None, "saved_at": None}
        for name in BUILT_IN_MAPS
    ]
    found += [
        {"name": n, "built_in": False, "saved_by": by, "saved_at": at.isoformat(sep=" ")}
        for n, by, at in saved
    ]
    return found


def shop_maps(con: duckdb.DuckDBPyConnection, account_id: int) -> dict[str, ColumnMap]:
    """The shop's own saved maps by name, then the built-in ones (saved names come first)."""
    rows = con.execute(
        "SELECT name, definition FROM shop_column_maps WHERE account_id = ? ORDER BY name",
        [account_id],
    ).fetchall()
    return {name: ColumnMap.from_json(text) for name, text in rows} | {
        name: column_map for name, column_map in BUILT_IN_MAPS.items() if name not in dict(rows)
    }


def get_map(db: Database, account: str, name: str) -> ColumnMap:
    """A map by name: the shop's saved one, else a built-in one."""
    with db.read() as con:
        shop = _shop(con, account)
        found = shop_maps(con, shop.account_id)
    if name not in found:
        raise NotFoundError("column map", name)
    return found[name]
