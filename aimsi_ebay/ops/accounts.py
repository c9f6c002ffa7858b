"""Seller accounts: the eBay users the store lists under, with the defaults every listing needs.

An account carries the eBay site (and with it the country and currency of the upload file's
``*Action(SiteID=…|Country=…|Currency=…)`` header), the item location and postal code, the dispatch
time, and the names of the business policies (shipping, return, payment). Accounts are never
deleted (export batches and orders point at them): they are deactivated.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any

import duckdb

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.rules.listing_policy import postal_code_problem
from aimsi_ebay.sql.literal import literal

# File Exchange site ids → (country, currency). The site decides the currency; a listing in
# another currency is refused by eBay, so the pair is checked here.
SITES: dict[str, tuple[str, str]] = {
    "US": ("US", "USD"),
    "eBayMotors": ("US", "USD"),
    "Canada": ("CA", "CAD"),
    "CanadaFrench": ("CA", "CAD"),
    "UK": ("GB", "GBP"),
    "Ireland": ("IE", "EUR"),
    "Australia": ("AU", "AUD"),
    "Germany": ("DE", "EUR"),
    "Austria": ("AT", "EUR"),
    "Switzerland": ("CH", "CHF"),
    "France": ("FR", "EUR"),
    "Italy": ("IT", "EUR"),
    "Spain": ("ES", "EUR"),
    "Netherlands": ("NL", "EUR"),
    "Belgium_Dutch": ("BE", "EUR"),
    "Belgium_French": ("BE", "EUR"),
}
# eBay's DispatchTimeMax values (business days).
DISPATCH_DAYS: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 10, 15, 20, 30)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_TEXT_LIMIT = 80
# The business policies every listing row names: the upload file carries no shipping or return
# fields of its own, so without them eBay rejects the row. The payment policy is optional
# (eBay manages payments).
REQUIRED_POLICIES: dict[str, str] = {
    "shipping_profile": "shipping policy", "return_profile": "return policy",
}


@dataclass(frozen=True)
class SellerAccount:
    account_id: int
    name: str
    ebay_user_id: str
    site_id: str
    country: str
    currency: str
    item_location: str | None
    postal_code: str | None
    dispatch_days: int
    shipping_profile: str | None
    return_profile: str | None
    payment_profile: str | None
    active: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_COLUMNS = ", ".join(field.name for field in fields(SellerAccount))
# What an operator may set (everything but the id and the active flag).
EDITABLE = tuple(f.name for f in fields(SellerAccount) if f.name not in ("account_id", "active"))


def list_accounts(db: Database, *, include_inactive: bool = False) -> list[SellerAccount]:
    """Every account, by name (active ones only unless asked).

    Dashboards read it for their first paint, so it binds no parameter (``sql.literal``)."""
    with db.read() as con:
        return account_rows(con, include_inactive=include_inactive)


def account_rows(
    con: duckdb.DuckDBPyConnection, *, include_inactive: bool = False
) -> list[SellerAccount]:
    """``list_accounts`` inside the caller's transaction."""
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM seller_accounts WHERE active OR {literal(include_inactive)}"
        " ORDER BY name"
    ).fetchall()
    return [SellerAccount(*row) for row in rows]


def get_account(con: duckdb.DuckDBPyConnection, name: str) -> SellerAccount:
    """The account called ``name`` (active or not), inside the caller's transaction.

    A literal, not a parameter: the export dashboard's first read uses it (``sql.literal``)."""
    row = con.execute(f"SELECT {_COLUMNS} FROM seller_accounts WHERE name = {literal(name)}").fetchone()
    if row is None:
        raise NotFoundError("seller account", name)
    return SellerAccount(*row)


def find_account(db: Database, name: str) -> SellerAccount:
    """The account called ``name``, in its own read transaction."""
    with db.read() as con:
        return get_account(con, name)


def create_account(db: Database, **values: Any) -> SellerAccount:
    """Create an account; the site fills in country and currency unless they are given."""
    clean = validate_account(values, creating=True)
    with db.write() as con:
        if con.execute("SELECT 1 FROM seller_accounts WHERE name = ?", [clean["name"]]).fetchone():
            raise InputError(f"a seller account named {clean['name']!r} already exists", field="name")
        names = list(clean)
        con.execute(
            f"INSERT INTO seller_accounts ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [clean[name] for name in names],
        )
        account = get_account(con, clean["name"])
        audit.record(con, "create", "seller_account", account.name, after=account.as_dict())
    return account


def update_account(db: Database, name: str, /, **changes: Any) -> SellerAccount:
    """Change some fields of an account (renaming included); checks the result as a whole."""
    unknown = sorted(set(changes) - set(EDITABLE) - {"active"})
    if unknown:
        raise InputError(f"unknown account field(s): {', '.join(unknown)}")
    with db.write() as con:
        before = get_account(con, name)
        merged = {**before.as_dict(), **changes}
        if "site_id" in changes and "country" not in changes and "currency" not in changes:
            merged["country"], merged["currency"] = None, None  # follow the new site
        clean = validate_account(merged, creating=False)
        if clean["name"] != before.name and con.execute(
            "SELECT 1 FROM seller_accounts WHERE name = ?", [clean["name"]]
        ).fetchone():
            raise InputError(f"a seller account named {clean['name']!r} already exists", field="name")
        clean["active"] = bool(merged["active"])
        assignments = ", ".join(f"{column} = ?" for column in clean)
        con.execute(
            f"UPDATE seller_accounts SET {assignments} WHERE account_id = ?",
            [*clean.values(), before.account_id],
        )
        after = get_account(con, clean["name"])
        audit.record(con, "update", "seller_account", before.name,
                     before=before.as_dict(), after=after.as_dict())
    return after


def deactivate_account(db: Database, name: str) -> SellerAccount:
    """Hide an account from new exports; its batches and orders keep pointing at it."""
    return update_account(db, name, active=False)


def export_problems(account: SellerAccount) -> list[str]:
    """Why eBay would reject every row exported under ``account`` (an account saved before the
    checks, or edited in the database): the export refuses it until they are fixed."""
    problems = []
    postal = postal_code_problem(account.country, account.postal_code)
    if postal:
        problems.append(postal)
    problems += [f"no {label}" for name, label in REQUIRED_POLICIES.items()
                 if not (getattr(account, name) or "").strip()]
    if not (account.item_location or "").strip():
        problems.append("no item location")
    return problems


def validate_account(values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """The editable fields, trimmed and checked; raises InputError naming the field."""
    clean: dict[str, Any] = {}
    for name in EDITABLE:
        value = values.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        clean[name] = value
    if not clean["name"] or not _NAME.match(clean["name"]):
        raise InputError(
            f"{clean['name']!r} is not an account name: letters, digits, '.', '_' or '-', "
            "at most 40 characters", field="name")
    if not clean["ebay_user_id"]:
        raise InputError("the eBay user id is required", field="ebay_user_id")
    site = clean["site_id"] or "US"
    if site not in SITES:
        raise InputError(f"site {site!r} is not one of {', '.join(SITES)}", field="site_id")
    country, currency = SITES[site]
    clean["site_id"] = site
    clean["country"] = (clean["country"] or country).upper()
    clean["currency"] = (clean["currency"] or currency).upper()
    if clean["country"] != country:
        raise InputError(f"the {site} site lists from country {country}, not {clean['country']}",
                         field="country")
    if clean["currency"] != currency:
        raise InputError(f"the {site} site lists in {currency}, not {clean['currency']}",
                         field="currency")
    days = clean["dispatch_days"]
    if days is None and creating:
        days = 1
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise InputError(f"dispatch days {days!r} is not a whole number", field="dispatch_days") from None
    if days not in DISPATCH_DAYS:
        raise InputError(
            f"dispatch days {days} is not one eBay accepts ({', '.join(map(str, DISPATCH_DAYS))})",
            field="dispatch_days")
    clean["dispatch_days"] = days
    if not clean["item_location"]:
        raise InputError("the item location is required (eBay's *Location, e.g. 'Springfield, IL')",
                         field="item_location")
    postal = postal_code_problem(clean["country"], clean["postal_code"])
    if postal:
        raise InputError(postal, field="postal_code")
    if clean["postal_code"]:
        clean["postal_code"] = clean["postal_code"].upper()
    for name, label in REQUIRED_POLICIES.items():
        if not clean[name]:
            raise InputError(f"the {label} name is required (eBay's business policy for every "
                             "listing)", field=name)
    for name in ("ebay_user_id", "item_location", "postal_code", "shipping_profile",
                 "return_profile", "payment_profile"):
        if clean[name] is not None and len(clean[name]) > _TEXT_LIMIT:
            raise InputError(f"{len(clean[name])} characters; at most {_TEXT_LIMIT}", field=name)
    return clean
