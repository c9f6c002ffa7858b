"""Listing policy: eBay's limits and allowed values, and the HTML description sanitiser.

Pure values and functions. The checks that apply them to records are SQL
(``aimsi_ebay.sql.listing_checks``, set-based over a million records) run by
``aimsi_ebay.ops.listings.checks``. Limits come from FORMATS.md §2.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Literal

import nh3

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


# Item specifics kept on the record → the File Exchange column each is written to. Brand is
# required by the listing rules (most instrument categories require it).
ITEM_SPECIFICS: dict[str, str] = {
    "specific_brand": "C:Brand",
    "specific_model": "C:Model",
    "specific_mpn": "C:MPN",
    "specific_colour": "C:Color",
    "specific_upc": "Product:UPC",
}
MAX_SPECIFIC = 65  # eBay's limit for an item specific's value

# The store setting that lets a listing offer more than is in stock (off: an error).
ALLOW_OVERSELLING = "allow_overselling"

# Postal codes each site's country accepts (the item location's PostalCode).
POSTAL_CODES: dict[str, tuple[str, str]] = {
    "US": (r"\d{5}(-\d{4})?", "5 digits, or 5+4 like 62701-1234"),
    "CA": (r"[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d", "like K1A 0B1"),
    "GB": (r"[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}", "like SW1A 1AA"),
    "IE": (r"[A-Za-z]\d[\dWw] ?[A-Za-z\d]{4}", "an Eircode like D02 X285"),
    "AU": (r"\d{4}", "4 digits"),
    "DE": (r"\d{5}", "5 digits"),
    "AT": (r"\d{4}", "4 digits"),
    "CH": (r"\d{4}", "4 digits"),
    "FR": (r"\d{5}", "5 digits"),
    "IT": (r"\d{5}", "5 digits"),
    "ES": (r"\d{5}", "5 digits"),
    "NL": (r"\d{4} ?[A-Za-z]{2}", "like 1012 AB"),
    "BE": (r"\d{4}", "4 digits"),
}


def postal_code_problem(country: str, code: str | None) -> str | None:
    """Why ``code`` is not a postal code of ``country`` (None when it is one)."""
    if not code or not code.strip():
        return "the postal code is required (eBay's PostalCode of the item location)"
    pattern, example = POSTAL_CODES.get(country, (r".{2,12}", "2 to 12 characters"))
    if re.fullmatch(pattern, code.strip()) is None:
        return f"{code!r} is not a {country} postal code ({example})"
    return None


def duration_hint() -> str:
    """The valid format/duration pairs, for tooltips and messages."""
    return "; ".join(f"{fmt}: {', '.join(durations)}" for fmt, durations in FORMAT_DURATIONS.items())


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


# CSS a description may use: text, colour, spacing, borders, sizes. Nothing that places an
# element over the page (position, z-index, transform), loads anything (url(), @import,
# behavior) or runs script (expression()).
SAFE_CSS_PROPERTIES = frozenset({
    "color", "background-color", "font", "font-family", "font-size", "font-style",
    "font-weight", "text-align", "text-decoration", "text-transform", "line-height",
    "letter-spacing", "vertical-align", "white-space", "margin", "margin-top", "margin-right",
    "margin-bottom", "margin-left", "padding", "padding-top", "padding-right", "padding-bottom",
    "padding-left", "border", "border-top", "border-right", "border-bottom", "border-left",
    "border-color", "border-style", "border-width", "border-radius", "border-collapse",
    "width", "max-width", "min-width", "height", "max-height", "min-height", "list-style",
    "list-style-type", "display", "float", "clear",
})
_SAFE_CSS_VALUE = re.compile(r"^[#%.,'\"\w\s()/+-]*$")
_UNSAFE_CSS_VALUE = re.compile(r"expression|url\s*\(|javascript|behavior|@import|\\", re.I)


def safe_style(style: str) -> tuple[str, list[str]]:
    """Keep the declarations of ``style`` that are safe (see SAFE_CSS_PROPERTIES); returns the
    kept style and the declarations removed."""
    kept, removed = [], []
    for declaration in style.split(";"):
        if not declaration.strip():
            continue
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        safe = (name in SAFE_CSS_PROPERTIES and bool(_SAFE_CSS_VALUE.match(value))
                and not _UNSAFE_CSS_VALUE.search(value))
        if name == "display":
            safe = value.lower() in ("block", "inline", "inline-block", "none")
        if safe:
            kept.append(f"{name}: {value}")
        else:
            removed.append(f"{name}: {value}"[:60])
    return "; ".join(kept), removed


@dataclass(frozen=True)
class Sanitised:
    text: str
    removed: list[str]


_DROPPED = threading.local()  # the styles the current call's filter dropped (per thread)
_CLEANERS: list[nh3.Cleaner] = []


def _style_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute != "style":
        return value
    kept, dropped = safe_style(value)
    _DROPPED.styles.extend(dropped)
    return value if not dropped else (kept or None)


def _cleaner() -> nh3.Cleaner:
    """One configured cleaner, built on first use: building nh3's allow-lists costs ~15x a
    typical description's cleaning, which an export of many templated rows pays per row."""
    if not _CLEANERS:
        _CLEANERS.append(nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            clean_content_tags={"script", "style"},
            attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=_style_filter,
            url_schemes={"https", "mailto"},
            link_rel="noopener noreferrer",
        ))
    return _CLEANERS[0]


def sanitise_description(text: str, is_html: bool) -> Sanitised:
    """Remove active content from an HTML description and say what went (plain text is kept)."""
    if not is_html:
        return Sanitised(text, [])
    found_tags = {tag.lower() for tag in _TAG.findall(text)}
    removed = [f"<{tag}> element" for tag in _REMOVED_ELEMENTS if tag in found_tags]
    removed += [f"{attr.lower()} attribute" for attr in sorted({a.lower() for a in _EVENT.findall(text)})]
    for scheme in sorted({s.lower() for s in _SCHEME.findall(text)}):
        removed.append("http link (eBay requires https)" if scheme == "http" else f"{scheme}: link")
    _DROPPED.styles = unsafe_styles = []
    clean = _cleaner().clean(text)
    removed += [f"style {declaration!r}" for declaration in dict.fromkeys(unsafe_styles)]
    return Sanitised(clean, removed)
