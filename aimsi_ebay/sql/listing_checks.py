"""The listing rules as SQL: one check per rule over any relation shaped like ``ebay_records``.

Errors block a save or an export; warnings do not. The values come from
``aimsi_ebay.rules.listing_policy``; a record's pictures are its ``image_urls`` list.
"""

from __future__ import annotations

import zlib

from aimsi_ebay.rules.listing_policy import (
    ALLOW_OVERSELLING,
    BUY_IT_NOW_MARKUP,
    CONDITIONS,
    FORMAT_DURATIONS,
    MAX_CUSTOM_LABEL,
    MAX_DESCRIPTION,
    MAX_IMAGE_URL,
    MAX_IMAGES,
    MAX_SPECIFIC,
    MAX_SUBTITLE,
    MAX_TITLE,
    Severity,
)
from aimsi_ebay.sql.description_fill import stable_html_sql

_SPECIFICS = {"specific_brand": "Brand", "specific_model": "Model", "specific_mpn": "MPN",
              "specific_colour": "Colour", "specific_upc": "UPC"}


def _quoted(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


_AUCTION = _quoted(FORMAT_DURATIONS["Auction"])
_FIXED = _quoted(FORMAT_DURATIONS["FixedPrice"])
_FORMATS = _quoted(list(FORMAT_DURATIONS))
_CONDITIONS = ", ".join(str(code) for code in CONDITIONS)
_CONDITION_LIST = ", ".join(f"{code} {name}" for code, name in CONDITIONS.items())
_ACTIVE_CONTENT = (r"<\s*(script|iframe|form|object|embed)|\son[a-z]+\s*=|javascript:"
                   r"|position\s*:\s*fixed|expression\s*\(")


def _blank(column: str) -> str:
    # Text starting with a visible character is not blank (cheap: the first character only);
    # otherwise a regex finds the first visible one without copying the text (trim() copies).
    return (rf"{column} IS NULL OR (ascii({column}) IN (0, 9, 10, 12, 13, 32)"
            rf" AND NOT regexp_matches({column}, '\S'))")


def _longer_than(column: str, limit: int) -> str:
    # Counting characters decodes the text; its size in bytes is never smaller, so the cheap
    # byte count rules most texts out first.
    return f"strlen({column}) > {limit} AND length({column}) > {limit}"


# The columns of ``ebay_records`` the rules read, with their types (a source relation may hold
# them as other types, e.g. an editor's values as text).
RECORD_COLUMNS: dict[str, str] = {
    "sku": "VARCHAR", "listing_format": "VARCHAR", "duration": "VARCHAR", "title": "VARCHAR",
    "subtitle": "VARCHAR", "category1_id": "VARCHAR", "category2_id": "VARCHAR",
    "condition_id": "INTEGER", "start_price": "DECIMAL(12,2)", "buy_it_now_price": "DECIMAL(12,2)",
    "reserve_price": "DECIMAL(12,2)", "quantity": "INTEGER", "description": "VARCHAR",
    "description_is_html": "BOOLEAN", "invalid_reason": "VARCHAR", "image_urls": "VARCHAR[]",
    **dict.fromkeys(_SPECIFICS, "VARCHAR"),
}

# (field, severity, condition, message SQL). Constants only: no user text.
Rule = tuple[str, Severity, str, str]

# Rules over the record alone (r).
_RULES: tuple[Rule, ...] = (
    ("sku", "error", f"length(r.sku) > {MAX_CUSTOM_LABEL}",
     f"'SKU is ' || length(r.sku) || ' characters; eBay CustomLabel allows at most {MAX_CUSTOM_LABEL}'"),
    ("listing_format", "error", f"r.listing_format IS NULL OR r.listing_format NOT IN ({_FORMATS})",
     "'listing format ' || coalesce('''' || r.listing_format || '''', 'is missing') || ' is not one of Auction, FixedPrice'"),
    ("duration", "error",
     f"(r.listing_format = 'Auction' AND coalesce(r.duration, '') NOT IN ({_AUCTION}))"
     f" OR (r.listing_format = 'FixedPrice' AND coalesce(r.duration, '') NOT IN ({_FIXED}))",
     "'duration ''' || coalesce(r.duration, '') || ''' is not valid for ' || r.listing_format || "
     "'; allowed: ' || CASE r.listing_format WHEN 'Auction' THEN '1, 3, 5, 7, 10 days' ELSE 'GTC' END"),
    ("title", "error", _blank("r.title"), "'title is required'"),
    ("title", "error", f"length(r.title) > {MAX_TITLE}",
     f"'title is ' || length(r.title) || ' characters; at most {MAX_TITLE}'"),
    ("subtitle", "error", f"length(r.subtitle) > {MAX_SUBTITLE}",
     f"'subtitle is ' || length(r.subtitle) || ' characters; at most {MAX_SUBTITLE}'"),
    ("category1_id", "error", "r.category1_id IS NULL OR trim(r.category1_id) = ''",
     "'category 1 is required (a leaf of the eBay category tree)'"),
    ("category2_id", "error", "r.category2_id = r.category1_id",
     "'category 2 must differ from category 1'"),
    # A reason set by an operation; category reasons are covered by the checks above.
    ("sku", "error", "r.invalid_reason IS NOT NULL AND NOT starts_with(r.invalid_reason, 'category:')",
     "r.invalid_reason"),
    ("condition_id", "error", f"r.condition_id IS NULL OR r.condition_id NOT IN ({_CONDITIONS})",
     f"'condition ' || coalesce(CAST(r.condition_id AS VARCHAR), 'is missing') || ' is not one of {_CONDITION_LIST}'"),
    ("start_price", "error", "r.start_price IS NULL OR r.start_price <= 0",
     "'start price must be greater than 0'"),
    ("buy_it_now_price", "error", "r.listing_format = 'FixedPrice' AND r.buy_it_now_price IS NOT NULL",
     "'a buy-it-now price is only for auctions; a fixed-price listing sells at its start price'"),
    ("reserve_price", "error", "r.listing_format = 'FixedPrice' AND r.reserve_price IS NOT NULL",
     "'a reserve price is only for auctions'"),
    ("buy_it_now_price", "error",
     f"r.listing_format = 'Auction' AND r.buy_it_now_price < r.start_price * {BUY_IT_NOW_MARKUP}",
     "'buy-it-now price ' || r.buy_it_now_price || ' must be at least 30% above the start price ' || r.start_price"),
    ("reserve_price", "error", "r.listing_format = 'Auction' AND r.reserve_price < r.start_price",
     "'reserve price ' || r.reserve_price || ' must be at least the start price ' || r.start_price"),
    ("reserve_price", "error",
     "r.listing_format = 'Auction' AND r.reserve_price >= r.buy_it_now_price",
     "'reserve price ' || r.reserve_price || ' must be below the buy-it-now price ' || r.buy_it_now_price"),
    ("quantity", "error", "r.quantity IS NULL OR r.quantity < 1", "'quantity must be at least 1'"),
    ("quantity", "error", "r.listing_format = 'Auction' AND r.quantity > 1",
     "'an auction sells exactly 1; quantity is ' || r.quantity"),
    ("images", "error", f"len(r.image_urls) > {MAX_IMAGES}",
     f"'at most {MAX_IMAGES} images; this record has ' || len(r.image_urls)"),
    ("description", "error", _blank("r.description"), "'description is required'"),
    ("description", "error", _longer_than("r.description", MAX_DESCRIPTION),
     f"'description is ' || length(r.description) || ' characters; at most {MAX_DESCRIPTION:,}'"),
    # Both modes: HTML is sanitised on save; plain text is escaped on export, but markup typed
    # as plain text is refused too rather than trusted to one escape.
    ("description", "error",
     f"regexp_matches(r.description, '{_ACTIVE_CONTENT}', 'i')",
     "CASE WHEN r.description_is_html THEN 'description has active content (script, event"
     " handler, form, frame, overlay style); save it again to sanitise it' ELSE 'description"
     " (plain text) holds markup with active content (script, event handler, form, frame);"
     " remove it' END"),
    ("specific_brand", "error", _blank("r.specific_brand"),
     "'Brand is required (item specific C:Brand; most instrument categories require it)'"),
    *((name, "error", f"length(r.{name}) > {MAX_SPECIFIC}",
       f"'{label} is ' || length(r.{name}) || ' characters; at most {MAX_SPECIFIC}'")
      for name, label in _SPECIFICS.items()),
    ("specific_upc", "warning", r"NOT regexp_full_match(r.specific_upc, '\d{12,13}')",
     "'UPC ' || r.specific_upc || ' is not 12 or 13 digits'"),
)

# Rules that look a record's categories up in the tree (c1, c2) and its SKU in the inventory (s);
# they use r.sku, r.category1_id, r.category2_id and r.quantity only, and the store's settings (st).
_LOOKUP_RULES: tuple[Rule, ...] = (
    ("category1_id", "error", "r.category1_id <> '' AND c1.category_id IS NULL",
     "'category 1 ' || r.category1_id || ' is not in the eBay category tree'"),
    ("category1_id", "error", "NOT c1.is_leaf",
     "'category 1 ' || r.category1_id || ' (' || c1.name || ') is not a leaf category; choose one of its subcategories'"),
    ("category2_id", "error", "r.category2_id <> '' AND c2.category_id IS NULL",
     "'category 2 ' || r.category2_id || ' is not in the eBay category tree'"),
    ("category2_id", "error", "NOT c2.is_leaf",
     "'category 2 ' || r.category2_id || ' (' || c2.name || ') is not a leaf category'"),
    # Listing more than is available is an error unless the store allows overselling.
    ("quantity", "error",
     "NOT st.oversell AND s.sku IS NOT NULL AND r.quantity > greatest(s.qty_on_hand - s.qty_committed, 0)",
     "'quantity ' || r.quantity || ' is above the ' || greatest(s.qty_on_hand - s.qty_committed, 0) || ' available in stock'"),
    ("quantity", "warning",
     "st.oversell AND s.sku IS NOT NULL AND r.quantity > greatest(s.qty_on_hand - s.qty_committed, 0)",
     "'quantity ' || r.quantity || ' is above the ' || greatest(s.qty_on_hand - s.qty_committed, 0) || ' available in stock (the store allows overselling)'"),
    ("sku", "warning", "s.sku IS NULL", "'SKU ' || r.sku || ' is not in the inventory'"),
)

_IMAGE_RULES: tuple[Rule, ...] = (
    ("images", "error", "NOT starts_with(lower(i.url), 'https://')",
     "'image ' || i.position || ' must be an https:// URL'"),
    ("images", "error", f"length(i.url) > {MAX_IMAGE_URL}",
     f"'image ' || i.position || ' URL is ' || length(i.url) || ' characters; at most {MAX_IMAGE_URL}'"),
)


def problems_sql(source: str = "ebay_records", *, trusted: str | None = None,
                 stock: str = "skus") -> str:
    """SQL returning (sku, field, severity, message) for every problem of every record in ``source``.

    ``source`` is a relation name chosen by the caller's code, never user text. ``trusted``
    names a boolean column of ``source``: TRUE where the record's own rules and picture rules
    are known to find nothing (``record_checks_sql``); those rows are not checked again (the
    lookups still are: the category tree and the stock change without the record). ``stock``
    is the inventory the stock rules look the SKUs up in: ``skus``, or a relation holding at
    least the rows of ``skus`` for the SKUs of ``source`` (sku, qty_on_hand, qty_committed).
    """
    record = f"""
        (SELECT {", ".join(f"CAST({name} AS {kind}) AS {name}" for name, kind in RECORD_COLUMNS.items())},
            {f"coalesce({trusted}, FALSE)" if trusted else "FALSE"} AS trusted
         FROM {source})"""
    # Each pass reads only what its rules need: the record rules scan the records alone (the
    # wide text is never carried through a join), the lookup rules join four narrow columns to
    # the category tree and the inventory, the image rules scan the pictures one per row.
    lookups = (
        f"FROM (SELECT r.sku, r.category1_id, r.category2_id, r.quantity FROM {record} r) r"
        " LEFT JOIN ebay_categories c1 ON c1.category_id = r.category1_id"
        " LEFT JOIN ebay_categories c2 ON c2.category_id = r.category2_id"
        f" LEFT JOIN {stock} s ON s.sku = r.sku"
        " CROSS JOIN (SELECT coalesce(max(CASE WHEN name = '"
        + ALLOW_OVERSELLING + "' AND lower(value) = 'true' THEN 1 END), 0) = 1 AS oversell"
        " FROM store_settings) st"
    )
    pictures = (
        "FROM (SELECT r.sku, unnest(r.image_urls) AS url,"
        f" unnest(generate_series(1, len(r.image_urls))) AS position FROM {record} r"
        " WHERE NOT r.trusted) i"
    )
    return f"""
        {_pass(_RULES, f"FROM {record} r", where="NOT r.trusted")}
        UNION ALL
        {_pass(_LOOKUP_RULES, lookups)}
        UNION ALL
        {_pass(_IMAGE_RULES, pictures, row="i")}
    """


def _pass(rules: tuple[Rule, ...], source: str, row: str = "r", where: str = "TRUE") -> str:
    """(sku, field, severity, message) for ``rules`` over the ``source`` rows ``where`` picks, in one pass.

    Every rule is a CASE giving a problem or NULL, collected in a list per row and unnested; most
    rows are fine, so a cheap OR of the conditions keeps the list building to the rest.
    """
    checks = ",\n".join(
        f"CASE WHEN coalesce({condition}, FALSE) THEN struct_pack(field := '{field}',"
        f" severity := '{severity}', message := CAST({message} AS VARCHAR)) END"
        for field, severity, condition, message in rules
    )
    any_problem = " OR ".join(f"coalesce({condition}, FALSE)" for _, _, condition, _ in rules)
    return f"""
        SELECT sku, problem.field, problem.severity, problem.message
        FROM (
            SELECT {row}.sku, unnest(list_filter([{checks}], lambda p: p IS NOT NULL)) AS problem
            {source}
            WHERE ({where}) AND ({any_problem})
        )"""


# What a record alone decides, kept on the record (migration 026) so an export does not decide it
# again for 100,000 rows: ``checks_clean`` (its own rules and picture rules find nothing: no
# error, no warning) and ``description_placeable`` (its HTML description can be placed into a
# template as it is: ``description_fill.stable_html_sql``), valid while ``checks_key`` is the
# record's ``record_key_sql``: a hash of every column those read and of the rules' own text, so
# an edit by any writer, or a change of the rules, makes them stale (and checked again) by
# itself. Writers refresh them (``ops.export.record_checks``); stale or missing facts only cost
# time.
RULES_VERSION = zlib.crc32(repr((_RULES, _IMAGE_RULES, stable_html_sql("d", ()))).encode())


def record_key_sql(alias: str = "r") -> str:
    """The record's key as SQL (a BIGINT) over ``alias`` with the ``RECORD_COLUMNS``."""
    columns = ", ".join(f"{alias}.{name}" for name in RECORD_COLUMNS)
    return f"CAST(hash({columns}, {RULES_VERSION}) >> 1 AS BIGINT)"


def _picture_check(condition: str) -> str:
    if "i.position" in condition or "i.url" not in condition:
        raise ValueError(f"a picture rule the stored check cannot apply to a list: {condition}")
    return f"coalesce({condition.replace('i.url', 'url')}, FALSE)"


def record_checks_sql() -> dict[str, str]:
    """The stored facts as SQL over ``r`` (the ``RECORD_COLUMNS``), by column name."""
    own = " OR ".join(f"coalesce({condition}, FALSE)" for _, _, condition, _ in _RULES)
    pictures = " OR ".join(_picture_check(condition) for _, _, condition, _ in _IMAGE_RULES)
    return {
        "checks_key": record_key_sql("r"),
        "checks_clean": f"NOT ({own}) AND NOT coalesce(list_bool_or(list_transform(r.image_urls,"
                        f" lambda url: {pictures})), FALSE)",
        "description_placeable": "CASE WHEN coalesce(r.description_is_html, FALSE) THEN"
                                 f" coalesce({stable_html_sql('r.description', ())}, FALSE) END",
    }


def record_checks_update_sql(where: str = "TRUE") -> str:
    """The UPDATE that decides the stored facts again for the records ``where`` (over ``r``)
    picks: the writers' refresh and the warming of a store that has just gained the columns."""
    assignments = ", ".join(f"{column} = {expression}"
                            for column, expression in record_checks_sql().items())
    return f"UPDATE ebay_records AS r SET {assignments} WHERE {where}"
