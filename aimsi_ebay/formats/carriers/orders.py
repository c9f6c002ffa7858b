"""Orders going to the carriers' software, and WorldShip's rules for the text it accepts.

WorldShip (and FedEx Ship Manager) take Windows-1252 text of limited length (FORMATS.md §4).
:func:`fit_text` makes any value fit: a value that is all Windows-1252 stays as it is; a value
with characters outside it is folded as a whole to its plain Latin spelling (``Łódź`` → ``Lodz``,
not a half-way ``Lódz``), and a character with no Latin spelling (CJK, emoji) becomes ``?`` — the
record is always written. Too-long values are cut and the cut is reported; too-long address lines
first wrap onto a free address line (:func:`fit_address`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# Field limits (FORMATS.md §4). State has no documented limit; service codes are ours.
LIMITS = {
    "name": 35, "attention": 35, "company": 35, "company_or_name": 35,
    "address1": 35, "address2": 35, "address3": 35, "city": 30, "postal_code": 10,
    "phone": 15, "email": 50, "reference1": 35, "reference2": 35, "order_number": 35,
}
ADDRESS_FIELDS = ("address1", "address2", "address3")

# Letters NFKD does not decompose, and punctuation outside cp1252.
_FOLD = str.maketrans({
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Ŀ": "L", "ŀ": "l",
    "Ŋ": "N", "ŋ": "n", "ĸ": "k", "Ŧ": "T", "ŧ": "t", "ß": "ss", "Æ": "AE", "æ": "ae",
    "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "‘": "'", "’": "'", "‚": ",",
    "“": '"', "”": '"', "„": '"', "′": "'", "″": '"', "…": "...", "№": "No", "€": "EUR",
})
_PHONE_SEPARATORS = re.compile(r"[\s().\-/]+")
_BLANKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u00a0]+")


@dataclass(frozen=True)
class CarrierOrder:
    """One order as the carrier's software needs it: who, where, how, how heavy."""

    order_number: str
    ebay_order_number: str
    name: str
    attention: str
    company: str
    address1: str
    address2: str
    address3: str
    city: str
    state: str
    postal_code: str  # text: leading zeros kept
    country: str  # ISO-2
    phone: str
    email: str
    residential: bool
    service_code: str
    weight_lbs: Decimal | None


@dataclass(frozen=True)
class FitNote:
    """A value changed to fit the carrier's rules: ``truncated`` (text lost) or
    ``transliterated`` (spelled in Windows-1252 letters)."""

    order_number: str
    field: str
    original: str
    written: str
    reason: str


def to_cp1252(text: str) -> str:
    """The text in Windows-1252 characters: unchanged when it already is, else folded as a
    whole to plain Latin letters, ``?`` for a character with no Latin spelling."""
    text = _BLANKS.sub(" ", text)
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in unicodedata.normalize("NFKD", text.translate(_FOLD)):
        if unicodedata.combining(char):
            continue
        folded = char.translate(_FOLD)
        out.append(folded if folded.isascii() else "?")
    return "".join(out)


def fit_text(order_number: str, field: str, value: str | None, notes: list[FitNote],
             limit: int | None = None) -> str:
    """``value`` in Windows-1252 and within ``field``'s limit, every change noted."""
    original = (value or "").strip()
    text = to_cp1252(original).strip()
    transliterated = text != original
    limit = limit if limit is not None else LIMITS.get(field)
    if field == "phone" and limit is not None and len(text) > limit:
        text = _PHONE_SEPARATORS.sub("", text)  # "+48 42 123 45 67" fits as "+48421234567"
    truncated = limit is not None and len(text) > limit
    if truncated:
        text = text[:limit].rstrip()
    if transliterated:
        notes.append(FitNote(order_number, field, original, text, "transliterated"))
    if truncated:
        notes.append(FitNote(order_number, field, original, text, "truncated"))
    return text


def wrap_line(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, broken at spaces where possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit + 1)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def fit_address(order_number: str, lines: tuple[str, str, str], notes: list[FitNote],
                limit: int = 35) -> tuple[str, str, str]:
    """Three address lines within ``limit``: a longer line wraps onto the following lines when
    the pieces fit in three lines; otherwise each line is cut and the cut noted."""
    texts = [fit_text(order_number, name, value, notes, limit=10_000)
             for name, value in zip(ADDRESS_FIELDS, lines, strict=True)]
    if all(len(text) <= limit for text in texts):
        return texts[0], texts[1], texts[2]
    pieces = [piece for text in texts for piece in wrap_line(text, limit)]
    if len(pieces) <= 3:
        pieces += [""] * (3 - len(pieces))
        return pieces[0], pieces[1], pieces[2]
    cut = []
    for name, text, value in zip(ADDRESS_FIELDS, texts, lines, strict=True):
        if len(text) > limit:
            notes.append(FitNote(order_number, name, (value or "").strip(),
                                 text[:limit].rstrip(), "truncated"))
        cut.append(text[:limit].rstrip())
    return cut[0], cut[1], cut[2]


def ship_to_names(order: CarrierOrder) -> tuple[str, str]:
    """WorldShip's (CompanyOrName, Attention): the company with the person as attention, or the
    person alone; an explicit attention wins."""
    company, name, attention = order.company.strip(), order.name.strip(), order.attention.strip()
    if company:
        return company, attention or (name if name != company else "")
    return name, attention if attention != name else ""
