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
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
WS_CLASS = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in WHITESPACE) + "]"


def strip_sql(expr: str) -> str:
    """SQL for ``str.strip()`` of a text expression."""
    return (
        f"CASE WHEN regexp_matches({expr}, '^{WS_CLASS}|{WS_CLASS}$')"
        f" THEN trim({expr}, '{WHITESPACE}') ELSE {expr} END"
    )


def money_sql(source: str) -> str:
    """SQL (a query) parsing the texts in column ``t`` of ``source`` exactly as :func:`to_money`:
    columns ``t`` and ``amount`` (DECIMAL(12,2); NULL where to_money refuses the text). A blank
    text is refused here too (callers decide whether blank means zero). Property-tested against
    to_money (tests/rules/test_money_sql.py); the refusal's wording comes from to_money itself."""
    s = strip_sql
    return f"""
    WITH m0 AS (SELECT t, {s("t")} AS s FROM {source}),
    m1 AS (SELECT t, s LIKE '(%)' AS paren,
                  CASE WHEN s LIKE '(%)' THEN {s("regexp_extract(s, '(?s)^[(](.*)[)]$', 1)")}
                       ELSE s END AS s FROM m0),
    m2 AS (SELECT t, paren, starts_with(s, '-') AS neg1,
                  CASE WHEN starts_with(s, '-') THEN {s("substr(s, 2)")} ELSE s END AS s FROM m1),
    m3 AS (SELECT t, paren, neg1, {s(
        f"regexp_replace(upper(s), '^(?:[A-Z]{{1,3}}{WS_CLASS}*)?(?:[$£€¥]{WS_CLASS}*)?', '')"
    )} AS s FROM m2),
    m4 AS (SELECT t, CAST(paren AS INTEGER) + CAST(neg1 AS INTEGER)
                     + CAST(starts_with(s, '-') AS INTEGER) AS signs,
                  CASE WHEN starts_with(s, '-') THEN {s("substr(s, 2)")} ELSE s END AS s FROM m3),
    m5 AS (SELECT t, signs,
                  CASE WHEN regexp_full_match(s,
                          '[0-9]{{1,3}}(,[0-9]{{3}})+([.][0-9]+)?|[0-9]+([.][0-9]+)?|[.][0-9]+')
                       THEN replace(s, ',', '')
                       WHEN regexp_full_match(s, '[0-9]{{1,3}}([.][0-9]{{3}})*,[0-9]{{1,2}}')
                       THEN replace(replace(s, '.', ''), ',', '.') END AS num FROM m4),
    m6 AS (SELECT t, signs, num, ltrim(split_part(num, '.', 1), '0') AS whole,
                  split_part(num, '.', 2) AS frac FROM m5)
    SELECT t, CASE WHEN s_ok THEN CAST(sign_text || coalesce(nullif(whole, ''), '0') || '.'
                                      || rpad(left(frac, 2), 2, '0') AS DECIMAL(12,2)) END
              AS amount
    FROM (SELECT *, signs <= 1 AND num IS NOT NULL AND rtrim(substr(frac, 3), '0') = ''
                    AND length(whole) <= 10 AS s_ok,
                 CASE WHEN signs = 1 THEN '-' ELSE '' END AS sign_text FROM m6)"""
