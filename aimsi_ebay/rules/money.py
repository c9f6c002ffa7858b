"""Money: one constructor for every amount. Never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from aimsi_ebay.errors import InputError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# "$1,234.56", "USD 12.50", "AU $3,000.00", "(12.00)", "-3.5", "EUR 90,00"
_CURRENCY = re.compile(r"^(?:[A-Z]{1,3}\s*)?(?:[$£€¥]\s*)?")
# ASCII digits only (Python's \d also takes other scripts' digits); money_sql() is the same rule.
_US = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$|^[0-9]+(\.[0-9]+)?$|^\.[0-9]+$")
_EUROPEAN = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})*,[0-9]{1,2}$")


def to_money(value: object, *, field: str | None = None, allow_blank: bool = False) -> Decimal:
    """Parse an amount into a Decimal with two places; reject floats and anything unclear.

    Accepts str, int and Decimal: ``$1,234.56``, ``1234.56``, ``(12.00)`` (negative),
    ``AU $3,000.00``, ``EUR 90,00``. A third decimal place is refused, not rounded.
    """
    if isinstance(value, (bool, float)):
        raise TypeError(f"money must not be {type(value).__name__}: {value!r}")
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_blank:
            return ZERO
        raise _bad(value, field)
    if isinstance(value, int):
        return Decimal(value).quantize(CENT)
    if isinstance(value, Decimal):
        return _two_places(value, value, field)
    if not isinstance(value, str):
        raise TypeError(f"money must be str, int or Decimal, not {type(value).__name__}")
    text = value.strip()
    signs = 0
    if text.startswith("(") and text.endswith(")"):
        signs, text = 1, text[1:-1].strip()
    if text.startswith("-"):
        signs, text = signs + 1, text[1:].strip()
    text = _CURRENCY.sub("", text.upper()).strip()
    if text.startswith("-"):
        signs, text = signs + 1, text[1:].strip()
    if signs > 1:
        raise _bad(value, field)
    negative = signs == 1
    if _US.match(text):
        text = text.replace(",", "")
    elif _EUROPEAN.match(text):
        text = text.replace(".", "").replace(",", ".")
    else:
        raise _bad(value, field)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _bad(value, field) from None
    return _two_places(-amount if negative else amount, value, field)


def round_money(amount: Decimal) -> Decimal:
    """The one named rounding rule: half up to the cent (used for computed amounts only)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal | None) -> str:
    """Plain two-place text for files and JSON: ``1234.50``."""
    return "" if amount is None else f"{amount.quantize(CENT)}"


def _two_places(amount: Decimal, original: object, field: str | None) -> Decimal:
    if not amount.is_finite():
        raise _bad(original, field)
    if abs(amount) >= Decimal("1e10"):  # before quantize, which fails on huge numbers
        raise InputError(f"{original!r} is too large for an amount", field=field)
    if amount != amount.quantize(CENT):
        raise InputError(f"{original!r} has more than two decimal places", field=field)
    return amount.quantize(CENT)


def _bad(value: object, field: str | None) -> Exception:
    return InputError(f"{value!r} is not an amount like 12.30", field=field)


# -- the same rule as SQL (DuckDB), for reading whole files at once ---------------------------------

# What str.strip() and the re module's \\s take as white space (tests/rules checks the list).
