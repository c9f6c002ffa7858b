"""Store description templates: per seller account, HTML with placeholders, audit-logged.

A template is saved only if it compiles (``DescriptionTemplate``: the sandbox's checks), and a
problem is one line naming the template, line and placeholder. A record uses the template it
names (``ebay_records.template_id``) or, naming none, its account's default (records without an
account take the default of the account they are exported with). A record can also opt out of
templates (``NO_TEMPLATE``): it sends its own description even when its account has a default. Changing, deleting or changing
the default of a template changes what those records send to eBay, so it flags them for the next
export — only with ``confirm=True``; without it the operation is refused with the count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.formats.description_template import (  # noqa: F401  (PLACEHOLDERS for the UI)
    PLACEHOLDERS,
    DescriptionTemplate,
    RenderedDescription,
    TemplateValues,
    text_to_html,
)
from aimsi_ebay.ops.accounts import get_account
from aimsi_ebay.rules.listing_policy import CONDITIONS

ENTITY = "description_template"
# A record that opts out of templates: ``NO_TEMPLATE`` where a template name is chosen (a
# template's name is never empty), ``NO_TEMPLATE_ID`` in ``ebay_records.template_id`` (template
# ids come from a sequence starting at 1). NULL there means the account's default.
NO_TEMPLATE = ""
NO_TEMPLATE_ID = 0
ACCOUNT_TEXTS = ("shipping_text", "returns_text", "payment_text")


@dataclass(frozen=True)
class Template:
    template_id: int
    account: str
    name: str
    source: str
    is_default: bool
    version: int
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class Change:
    """What a save, delete or default change did: the template and how many records it flagged."""

    template: Template | None
    flagged: int


class ConfirmationNeeded(InputError):
    """The operation would flag ``count`` records for export; repeat it with ``confirm=True``."""

    def __init__(self, what: str, count: int) -> None:
        super().__init__(f"{what} changes the description of {count} record(s) and flags them "
                         "for the next export: confirm to go ahead", field="confirm")
        self.count = count


_SELECT = ("SELECT t.template_id, a.name, t.name, t.source, t.is_default, t.version, t.updated_at,"
           " t.updated_by FROM description_templates t JOIN seller_accounts a USING (account_id)")


def compile_template(source: str, name: str) -> DescriptionTemplate:
    """The compiled template, or a ``TemplateError`` (one line: template, line, placeholder)."""
    if not (name or "").strip():
        raise InputError("a template needs a name", field="name")
    return DescriptionTemplate(source or "", name.strip())


def list_templates(db: Database, account: str) -> list[Template]:
    with db.read() as con:
        seller = get_account(con, account)
        rows = con.execute(f"{_SELECT} WHERE t.account_id = ? ORDER BY t.name",
                           [seller.account_id]).fetchall()
    return [Template(*row) for row in rows]


def record_template(db: Database, sku: str) -> Template | None:
    """The template record ``sku`` names (None: it names none, so its account's default applies)."""
    with db.read() as con:
        row = con.execute(f"{_SELECT} JOIN ebay_records r ON r.template_id = t.template_id"
                          " WHERE r.sku = ?", [sku]).fetchone()
    return Template(*row) if row else None


def record_choice(db: Database, sku: str) -> str | None:
    """What record ``sku`` chose: a template's name, ``NO_TEMPLATE``, or None (its account's
    default)."""
    with db.read() as con:
        row = con.execute("SELECT r.template_id, t.name FROM ebay_records r LEFT JOIN"
                          " description_templates t USING (template_id) WHERE r.sku = ?",
                          [sku]).fetchone()
    if row is None or row[0] is None:
        return None
    return NO_TEMPLATE if row[0] == NO_TEMPLATE_ID else row[1]


def _get(con: duckdb.DuckDBPyConnection, account_id: int, name: str) -> Template | None:
    row = con.execute(f"{_SELECT} WHERE t.account_id = ? AND t.name = ?",
                      [account_id, name]).fetchone()
    return Template(*row) if row else None


# Records using template $template of account $account: by name, or by default ($is_default).
_USERS = ("FROM ebay_records r WHERE r.template_id = $template OR ($is_default AND"
          " r.template_id IS NULL AND (r.account_id = $account OR r.account_id IS NULL))")


def _users(template: Template, account_id: int) -> dict:
    return {"template": template.template_id, "account": account_id,
            "is_default": template.is_default}


def _flag(con: duckdb.DuckDBPyConnection, where_sql: str, params: dict, what: str,
          confirm: bool) -> int:
    """Count the records ``where_sql`` picks; flag them for export if confirmed, else refuse."""
    count = con.execute(f"SELECT count(*) {where_sql}", params).fetchone()[0]
    if count and not confirm:
        raise ConfirmationNeeded(what, count)
    if count:
        con.execute(
            f"UPDATE ebay_records SET update_ebay = TRUE, version = version + 1,"
            f" updated_at = current_timestamp, updated_by = $who"
            f" WHERE sku IN (SELECT r.sku {where_sql})", {**params, "who": audit.current_user()})
    return count


def usage(db: Database, account: str, name: str) -> int:
    """How many records use the template (what a change would flag)."""
    with db.read() as con:
        seller = get_account(con, account)
        template = _require(con, seller.account_id, account, name)
        return con.execute(f"SELECT count(*) {_USERS}",
                           _users(template, seller.account_id)).fetchone()[0]


def save_template(db: Database, account: str, name: str, source: str, *,
                  version: int | None = None, confirm: bool = False) -> Change:
    """Create (no ``version``) or change (``version`` as read) a template; checked by compiling.

    A change flags the records that use the template (``confirm`` required when there are any).
    The account's first template becomes its default.
    """
    name = (name or "").strip()
    compile_template(source, name)
    with db.write() as con:
        seller = get_account(con, account)
        before = _get(con, seller.account_id, name)
        who = audit.current_user()
        if before is None:
            if version is not None:
                raise NotFoundError("description template", f"{account}/{name}")
            first = not con.execute("SELECT 1 FROM description_templates WHERE account_id = ?",
                                    [seller.account_id]).fetchone()
            con.execute("INSERT INTO description_templates (account_id, name, source, is_default,"
                        " created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?)",
                        [seller.account_id, name, source, first, who, who])
            flagged = 0
        else:
            if version is None:
                raise InputError(f"a template named {name!r} already exists", field="name")
            if version != before.version:
                raise InputError(f"template {name!r} was changed by {before.updated_by} "
                                 f"(version {before.version}, you read {version}): reload it",
                                 field="version")
            flagged = 0
            if source != before.source:
                flagged = _flag(con, _USERS, _users(before, seller.account_id),
                                f"changing template {name!r}", confirm)
            con.execute("UPDATE description_templates SET source = ?, version = version + 1,"
                        " updated_at = current_timestamp, updated_by = ? WHERE template_id = ?",
                        [source, who, before.template_id])
        after = _get(con, seller.account_id, name)
        audit.record(con, "create" if before is None else "update", ENTITY, f"{account}/{name}",
                     before=asdict(before) if before else None,
                     after={**asdict(after), "flagged": flagged})
    return Change(after, flagged)


def delete_template(db: Database, account: str, name: str, *, confirm: bool = False) -> Change:
    """Delete a template; records naming it fall back to the default (and are flagged)."""
    with db.write() as con:
        seller = get_account(con, account)
        template = _require(con, seller.account_id, account, name)
        flagged = _flag(con, _USERS, _users(template, seller.account_id),
                        f"deleting template {name!r}", confirm)
        con.execute("UPDATE ebay_records SET template_id = NULL WHERE template_id = ?",
                    [template.template_id])
        con.execute("DELETE FROM description_templates WHERE template_id = ?",
                    [template.template_id])
        audit.record(con, "delete", ENTITY, f"{account}/{name}", before=asdict(template),
                     after={"flagged": flagged})
    return Change(None, flagged)


def set_default(db: Database, account: str, name: str, *, confirm: bool = False) -> Change:
    """Make ``name`` the account's default; the records using the default are flagged."""
    with db.write() as con:
        seller = get_account(con, account)
        template = _require(con, seller.account_id, account, name)
        if template.is_default:
            return Change(template, 0)
        where = ("FROM ebay_records r WHERE r.template_id IS NULL"
                 " AND (r.account_id = $account OR r.account_id IS NULL)")
        flagged = _flag(con, where, {"account": seller.account_id},
                        f"making {name!r} the default", confirm)
        con.execute("UPDATE description_templates SET is_default = (template_id = ?)"
                    " WHERE account_id = ?", [template.template_id, seller.account_id])
        after = _get(con, seller.account_id, name)
        audit.record(con, "set_default", ENTITY, f"{account}/{name}", after={"flagged": flagged})
    return Change(after, flagged)


def assign_template(db: Database, account: str, name: str | None, skus: Sequence[str]) -> int:
    """Records ``skus`` use template ``name`` (None: the default again; ``NO_TEMPLATE``: none,
    whatever the default); they are flagged."""
    with db.write() as con:
        seller = get_account(con, account)
        if name is None or name == NO_TEMPLATE:
            template_id = None if name is None else NO_TEMPLATE_ID
        else:
            template_id = _require(con, seller.account_id, account, name).template_id
        count = con.execute(
            "UPDATE ebay_records SET template_id = ?, update_ebay = TRUE, version = version + 1,"
            " updated_at = current_timestamp, updated_by = ? WHERE sku IN (SELECT unnest(?))",
            [template_id, audit.current_user(), list(skus)]).fetchone()[0]
        label = "(default)" if name is None else (name or "(no template)")
        audit.record(con, "assign", ENTITY, f"{account}/{label}", after={"skus": list(skus)})
    return count


def set_account_texts(db: Database, account: str, *, shipping: str | None = None,
                      returns: str | None = None, payment: str | None = None) -> None:
    """The account's HTML for ``{{ shipping }}``, ``{{ returns }}`` and ``{{ payment }}``."""
    with db.write() as con:
        seller = get_account(con, account)
        con.execute("UPDATE seller_accounts SET shipping_text = ?, returns_text = ?,"
                    " payment_text = ? WHERE account_id = ?",
                    [shipping, returns, payment, seller.account_id])
        audit.record(con, "update", "seller_account_texts", account,
                     after={"shipping": shipping, "returns": returns, "payment": payment})


def values_sql(relation: str = "ebay_records", *, with_template: bool = False) -> str:
    """The values a template sees, per record of ``relation`` (``ebay_records`` or a view with
    its columns), for the account ``$account``: set-based, one row per record."""
    return f"""
SELECT r.sku, {"r.template_id," if with_template else ""} r.title, r.subtitle, r.specific_brand AS brand, r.specific_model AS model,
    coalesce(r.specific_colour, s.colour) AS colour, s.size, r.condition_id,
    coalesce(r.specific_upc, s.upc) AS upc, r.description, r.description_is_html,
    a.shipping_text, a.returns_text, a.payment_text, r.image_urls, r.specific_mpn
FROM {relation} r LEFT JOIN skus s ON s.sku = r.sku
JOIN seller_accounts a ON a.account_id = $account
"""


# The item specifics a template sees, in order: name → column of ``values_sql``.
SPECIFIC_COLUMNS = (("Brand", "brand"), ("Model", "model"), ("MPN", "specific_mpn"),
                    ("Color", "colour"), ("UPC", "upc"))
VALUE_COLUMNS = ("title", "subtitle", "brand", "model", "colour", "size", "condition_id", "upc",
                 "description", "description_is_html", "shipping_text", "returns_text",
                 "payment_text", "image_urls", "specific_mpn")


def template_values(row: Sequence) -> TemplateValues:
    """``TemplateValues`` from one row of ``VALUE_COLUMNS`` (in that order)."""
    (title, subtitle, brand, model, colour, size, condition_id, upc, description, is_html,
     shipping, returns, payment, pictures, mpn) = row
    columns = {"brand": brand, "model": model, "specific_mpn": mpn, "colour": colour, "upc": upc}
    specifics = {name: columns[column] for name, column in SPECIFIC_COLUMNS if columns[column]}
    return TemplateValues.from_mapping({
        "title": title, "subtitle": subtitle, "brand": brand, "model": model, "colour": colour,
        "size": size, "condition": CONDITIONS.get(condition_id, ""), "upc": upc,
        "description": description if is_html else text_to_html(description or ""),
        "shipping": shipping, "returns": returns, "payment": payment,
        "specifics": specifics, "pictures": list(pictures or ()),
    })


def preview(db: Database, account: str, sku: str, *, name: str | None = None,
            source: str | None = None) -> RenderedDescription:
    """The description ``sku`` would send with template ``name`` (or unsaved ``source``)."""
    with db.read() as con:
        seller = get_account(con, account)
        if source is None:
            source = _require(con, seller.account_id, account, name or "").source
        row = con.execute(f"SELECT {', '.join(VALUE_COLUMNS)} FROM ({values_sql()}) WHERE sku = $sku",
                          {"account": seller.account_id, "sku": sku}).fetchone()
    if row is None:
        raise NotFoundError("eBay record", sku)
    rendered = compile_template(source, name or "unsaved template").render(template_values(row))
    if rendered.error is not None:
        raise rendered.error
    return rendered


def _require(con: duckdb.DuckDBPyConnection, account_id: int, account: str,
             name: str) -> Template:
    template = _get(con, account_id, name)
    if template is None:
        raise NotFoundError("description template", f"{account}/{name}")
    return template
