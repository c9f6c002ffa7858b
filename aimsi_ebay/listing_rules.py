"""Listing rules: the one place that decides whether an eBay record may be sent to eBay.

Used by the record editor, bulk edits, the CLI and the export. Each rule is one SQL check over a
relation shaped like ``ebay_records`` (so a million records are checked set-based in one query)
(its pictures are its ``image_urls`` list); ``check_record`` runs the same SQL over a single
record. Limits come from FORMATS.md §2. Errors block a save or an export; warnings do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import duckdb
import nh3
import pandas as pd

FORMAT_DURATIONS: dict[str, tuple[str, ...]] = {
    "Auction": ("1", "3", "5", "7", "10"),
    "FixedPrice": ("GTC",),
}
CONDITIONS: dict[int, str] = {
    1000: "New",
    1500: "New other (see details)",
    1750: "New with defects",
    2000: "Certified refurbished",
    2500: "Seller refurbished",
    3000: "Used",
    7000: "For parts or not working",
}
MAX_TITLE = 80
MAX_SUBTITLE = 55
MAX_CUSTOM_LABEL = 50
MAX_IMAGES = 12
MAX_IMAGE_URL = 150
MAX_DESCRIPTION = 500_000
BUY_IT_NOW_MARKUP = "1.30"  # eBay US: Buy It Now at least 30 % above the starting price

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    sku: str
    field: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def duration_hint() -> str:
    """The valid format/duration pairs, for tooltips and messages."""
    return "; ".join(f"{fmt}: {', '.join(durations)}" for fmt, durations in FORMAT_DURATIONS.items())


def _quoted(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


_AUCTION = _quoted(FORMAT_DURATIONS["Auction"])
_FIXED = _quoted(FORMAT_DURATIONS["FixedPrice"])
_FORMATS = _quoted(list(FORMAT_DURATIONS))
_CONDITIONS = ", ".join(str(code) for code in CONDITIONS)
_CONDITION_LIST = ", ".join(f"{code} {name}" for code, name in CONDITIONS.items())
_ACTIVE_CONTENT = r"<\s*(script|iframe|form|object|embed)|\son[a-z]+\s*=|javascript:"


def _blank(column: str) -> str:
    # Text starting with a visible character is not blank (cheap: the first character only);
    # otherwise a regex finds the first visible one without copying the text (trim() copies).
    return (rf"{column} IS NULL OR (ascii({column}) IN (0, 9, 10, 12, 13, 32)"
            rf" AND NOT regexp_matches({column}, '\S'))")


def _longer_than(column: str, limit: int) -> str:
    # Counting characters decodes the text; its size in bytes is never smaller, so the cheap
    # byte count rules most texts out first.
    return f"strlen({column}) > {limit} AND length({column}) > {limit}"


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
    ("description", "error",
     f"r.description_is_html AND regexp_matches(r.description, '{_ACTIVE_CONTENT}', 'i')",
     "'description has active content (script, event handler, form, frame); save it again to sanitise it'"),
)

# Rules that look a record's categories up in the tree (c1, c2) and its SKU in the inventory (s);
# they use r.sku, r.category1_id, r.category2_id and r.quantity only.
_LOOKUP_RULES: tuple[Rule, ...] = (
    ("category1_id", "error", "r.category1_id <> '' AND c1.category_id IS NULL",
     "'category 1 ' || r.category1_id || ' is not in the eBay category tree'"),
    ("category1_id", "error", "NOT c1.is_leaf",
     "'category 1 ' || r.category1_id || ' (' || c1.name || ') is not a leaf category; choose one of its subcategories'"),
    ("category2_id", "error", "r.category2_id <> '' AND c2.category_id IS NULL",
     "'category 2 ' || r.category2_id || ' is not in the eBay category tree'"),
    ("category2_id", "error", "NOT c2.is_leaf",
     "'category 2 ' || r.category2_id || ' (' || c2.name || ') is not a leaf category'"),
    ("quantity", "warning",
     "s.sku IS NOT NULL AND r.quantity > greatest(s.qty_on_hand - s.qty_committed, 0)",
     "'quantity ' || r.quantity || ' is above the ' || greatest(s.qty_on_hand - s.qty_committed, 0) || ' available in stock'"),
    ("sku", "warning", "s.sku IS NULL", "'SKU ' || r.sku || ' is not in the inventory'"),
)

_IMAGE_RULES: tuple[Rule, ...] = (
    ("images", "error", "NOT starts_with(lower(i.url), 'https://')",
     "'image ' || i.position || ' must be an https:// URL'"),
    ("images", "error", f"length(i.url) > {MAX_IMAGE_URL}",
     f"'image ' || i.position || ' URL is ' || length(i.url) || ' characters; at most {MAX_IMAGE_URL}'"),
)


def problems_sql(source: str = "ebay_records") -> str:
    """SQL returning (sku, field, severity, message) for every problem of every record in ``source``.

    ``source`` is a relation name chosen by the caller's code, never user text.
    """
    record = f"""
        (SELECT CAST(sku AS VARCHAR) AS sku, CAST(listing_format AS VARCHAR) AS listing_format,
                CAST(duration AS VARCHAR) AS duration, CAST(title AS VARCHAR) AS title,
                CAST(subtitle AS VARCHAR) AS subtitle, CAST(category1_id AS VARCHAR) AS category1_id,
                CAST(category2_id AS VARCHAR) AS category2_id, CAST(condition_id AS INTEGER) AS condition_id,
                CAST(start_price AS DECIMAL(12,2)) AS start_price,
                CAST(buy_it_now_price AS DECIMAL(12,2)) AS buy_it_now_price,
                CAST(reserve_price AS DECIMAL(12,2)) AS reserve_price,
                CAST(quantity AS INTEGER) AS quantity, CAST(description AS VARCHAR) AS description,
                CAST(description_is_html AS BOOLEAN) AS description_is_html,
                CAST(invalid_reason AS VARCHAR) AS invalid_reason,
                CAST(image_urls AS VARCHAR[]) AS image_urls
         FROM {source})"""
    # Each pass reads only what its rules need: the record rules scan the records alone (the
    # wide text is never carried through a join), the lookup rules join four narrow columns to
    # the category tree and the inventory, the image rules scan the pictures one per row.
    lookups = (
        f"FROM (SELECT r.sku, r.category1_id, r.category2_id, r.quantity FROM {record} r) r"
        " LEFT JOIN ebay_categories c1 ON c1.category_id = r.category1_id"
        " LEFT JOIN ebay_categories c2 ON c2.category_id = r.category2_id"
        " LEFT JOIN skus s ON s.sku = r.sku"
    )
    pictures = (
        "FROM (SELECT r.sku, unnest(r.image_urls) AS url,"
        f" unnest(generate_series(1, len(r.image_urls))) AS position FROM {record} r) i"
    )
    return f"""
        {_pass(_RULES, f"FROM {record} r")}
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
            SELECT {row}.sku, unnest(list_filter([{checks}], p -> p IS NOT NULL)) AS problem
            {source}
            WHERE ({where}) AND ({any_problem})
        )"""


def check_records(con: duckdb.DuckDBPyConnection, source: str = "ebay_records") -> list[Problem]:
    """Every problem of every record in ``source`` (set-based), sorted by sku and field."""
    rows = con.execute(
        f"SELECT * FROM ({problems_sql(source)}) ORDER BY sku, severity, field, message"
    ).fetchall()
    return [Problem(*row) for row in rows]


def check_record(
    con: duckdb.DuckDBPyConnection, record: dict[str, Any], image_urls: list[str]
) -> list[Problem]:
    """The problems of one record as edited (not yet saved), by the same SQL as everywhere."""
    columns = (
        "sku", "listing_format", "duration", "title", "subtitle", "category1_id", "category2_id",
        "condition_id", "start_price", "buy_it_now_price", "reserve_price", "quantity",
        "description", "description_is_html", "invalid_reason",
    )
    row = {column: _text_or_value(record.get(column)) for column in columns}
    con.register("candidate_frame", pd.DataFrame([row], columns=list(columns), dtype=object))
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE candidate_record AS"
            " SELECT *, CAST(? AS VARCHAR[]) AS image_urls FROM candidate_frame",
            [list(image_urls)],
        )
        return check_records(con, "candidate_record")
    finally:
        con.unregister("candidate_frame")
        con.execute("DROP TABLE IF EXISTS candidate_record")


def errors_of(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity == "error"]


def _text_or_value(value: Any) -> Any:
    # Decimals cross to DuckDB as text and are cast back to DECIMAL(12,2) in the SQL.
    if value is None or isinstance(value, (str, bool, int)):
        return value
    return str(value)


# -- HTML descriptions ----------------------------------------------------------------------

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"font", "center", "img", "span", "div", "u", "hr"}
_GENERIC_ATTRIBUTES = {"style", "class", "align", "width", "height", "color", "size", "face", "title"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) | _GENERIC_ATTRIBUTES for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    **{tag: set(_GENERIC_ATTRIBUTES) for tag in ALLOWED_TAGS if tag not in nh3.ALLOWED_ATTRIBUTES},
}
ALLOWED_ATTRIBUTES["img"] = ALLOWED_ATTRIBUTES.get("img", set()) | {"src", "alt"}
ALLOWED_ATTRIBUTES["a"] = ALLOWED_ATTRIBUTES.get("a", set()) | {"href"}
_REMOVED_ELEMENTS = ("script", "iframe", "form", "input", "button", "select", "textarea",
                     "object", "embed", "frame", "frameset", "style", "link", "meta", "base", "svg")
_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9]*)")
_EVENT = re.compile(r"\s(on[a-zA-Z]+)\s*=", re.IGNORECASE)
_SCHEME = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(javascript|data|vbscript|http):""", re.IGNORECASE)


@dataclass(frozen=True)
class Sanitised:
    text: str
    removed: list[str]


def sanitise_description(text: str, is_html: bool) -> Sanitised:
    """Remove active content from an HTML description and say what went (plain text is kept)."""
    if not is_html:
        return Sanitised(text, [])
    found_tags = {tag.lower() for tag in _TAG.findall(text)}
    removed = [f"<{tag}> element" for tag in _REMOVED_ELEMENTS if tag in found_tags]
    removed += [f"{attr.lower()} attribute" for attr in sorted({a.lower() for a in _EVENT.findall(text)})]
    for scheme in sorted({s.lower() for s in _SCHEME.findall(text)}):
        removed.append("http link (eBay requires https)" if scheme == "http" else f"{scheme}: link")
    clean = nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Sanitised(clean, removed)
