"""eBay File Exchange / Seller Hub listing upload CSV (FORMATS.md §2): layout, writing, reading.

The layout is declared once here. The export builds the body rows set-based (DuckDB writes them
as RFC 4180 CSV, after this module's two leading lines given as its PREFIX):

    Info,Version=1.0.0,Template=fx_category_template_EBAY_US
    *Action(SiteID=US|Country=US|Currency=USD|Version=1193|CC=UTF-8),ItemID,CustomLabel,…
    Add,,GTR-STRAT-SB,33034,,"Fender Player Stratocaster, 3-Color Sunburst",…

Decisions (see docs/export.md):
- ``Add`` for a record never listed, ``Revise`` with its ``ItemID`` for a listed one.
- Test mode writes ``VerifyAdd`` for every row (eBay validates the listing and returns the fees,
  creating nothing) rather than ``Draft`` (which creates Seller Hub drafts someone must clean
  up). ``VerifyAdd`` takes no ItemID, so test-mode rows leave it blank.
- A fixed-price listing always goes out as ``GTC``; an auction keeps its days (1, 3, 5, 7, 10).
- Money is a plain decimal with two places and no currency sign; empty when there is none.
- UTF-8 without a byte-order mark (the header says ``CC=UTF-8``), ``\\n`` line ends.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

INFO_ROW = "Info,Version=1.0.0,Template=fx_category_template_EBAY_US"
FILE_EXCHANGE_VERSION = "1193"
ADD, REVISE, VERIFY_ADD = "Add", "Revise", "VerifyAdd"
FIXED_PRICE_DURATION = "GTC"

# The columns after *Action(...), in file order. ``*`` marks what eBay requires.
COLUMNS: tuple[str, ...] = (
    "ItemID", "CustomLabel", "*Category", "Category2", "*Title", "Subtitle", "*ConditionID",
    "*Description", "PicURL", "*Format", "*Duration", "*StartPrice", "BuyItNowPrice",
    "ReservePrice", "*Quantity", "*Location", "PostalCode", "*DispatchTimeMax",
    "ShippingProfileName", "ReturnProfileName", "PaymentProfileName",
    # Item specifics (File Exchange "C:<name>" columns; the UPC as a product identifier).
    "C:Brand", "C:Model", "C:MPN", "C:Color", "Product:UPC",
)
PICTURE_SEPARATOR = "|"
_ACTION_HEADER = re.compile(r"^\*Action\((?P<fields>[^)]*)\)$")


@dataclass(frozen=True)
class UploadHeader:
    """What the ``*Action(...)`` header says: the site, country and currency of every row."""

    site_id: str
    country: str
    currency: str
    version: str = FILE_EXCHANGE_VERSION

    def action_column(self) -> str:
        return (f"*Action(SiteID={self.site_id}|Country={self.country}|Currency={self.currency}"
                f"|Version={self.version}|CC=UTF-8)")


def prelude(header: UploadHeader, *, info_row: bool = True) -> str:
    """The lines before the rows: the optional info row and the column header."""
    head = ",".join((header.action_column(), *COLUMNS)) + "\n"
    return (INFO_ROW + "\n" + head) if info_row else head


@dataclass(frozen=True)
class UploadFile:
    header: UploadHeader
    info_row: bool
    rows: list[dict[str, str]]  # keyed "Action" and the COLUMNS names


def identify(text: str) -> bool:
    """Whether ``text`` (a file's start) is a listing upload file of this layout."""
    lines = text.splitlines()[:2]
    return any(line.startswith("*Action(") for line in lines)


def read_upload(text: str) -> UploadFile:
    """Parse an upload file back (to check what was sent, or a re-downloaded batch)."""
    info = text.startswith("Info,")
    if info:
        text = text.split("\n", 1)[1] if "\n" in text else ""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        head = next(reader)
    except StopIteration:
        raise ValueError("the file is empty: no *Action(...) header") from None
    match = _ACTION_HEADER.match(head[0]) if head else None
    if match is None:
        raise ValueError(f"the first column is {head[0] if head else ''!r}, not *Action(...)")
    settings = dict(part.split("=", 1) for part in match.group("fields").split("|") if "=" in part)
    header = UploadHeader(settings.get("SiteID", ""), settings.get("Country", ""),
                          settings.get("Currency", ""), settings.get("Version", ""))
    names = ["Action", *head[1:]]
    return UploadFile(header, info, [dict(zip(names, row, strict=True)) for row in reader])
