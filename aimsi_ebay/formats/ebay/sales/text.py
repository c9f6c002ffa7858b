"""Text of a sales download: decoding, lazy line splitting, and the date and money rules the
pipeline applies to each distinct text once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from aimsi_ebay.errors import InputError
from aimsi_ebay.rules.money import to_money


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (the bytes it leaves undefined as Latin-1)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252") if _is_cp1252(data) else data.decode("latin-1")


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO(text, newline="")`` gives them (endings kept), but
    lazily: finding the header does not copy a large file."""
    for match in _LINE.finditer(text):
        yield match.group()


@lru_cache(maxsize=65536)
def parse_money(text: str) -> Decimal | str:
    """The amount, or why ``text`` is not one (to_money's own wording)."""
    try:
        return to_money(text)
    except InputError as error:
        return error.reason


_DATE_FORMATS = ("%b-%d-%y", "%b-%d-%Y", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d-%b-%y", "%d %b %Y")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}.*$")


@lru_cache(maxsize=4096)
def parse_date(text: str) -> date | None:
    """eBay's dates (``Oct-05-26``, sometimes with a time and zone), or None."""
    stem = _TIME_TAIL.sub("", text).strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(stem, pattern).date()
        except ValueError:
            continue
    return None


def reason(code: str, text: str) -> str:
    """A rejection's reason from the pipeline's code and the offending text."""
    if code == "money":
        return str(parse_money(text))
    if code == "quantity":
        return f"{text!r} is not a quantity like 1"
    if code == "date":
        return f"{text!r} is not a date like Oct-05-26"
    return text
