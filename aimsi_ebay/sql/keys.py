"""Matching keys in SQL: the twins of ``aimsi_ebay.rules.normalise`` (property-tested equal)."""

from __future__ import annotations

from aimsi_ebay.rules.normalise import COUNTRIES, STREET_WORDS
from aimsi_ebay.sql.literal import literal

_ASCII_WS = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f ]"


def _ascii_sql(expr: str) -> str:
    """SQL: the text is ASCII (as many bytes as characters: cheaper than a regular expression)."""
    return f"strlen(coalesce({expr}, '')) = length(coalesce({expr}, ''))"


def email_key_sql(expr: str) -> tuple[str, str]:
    squeezed = f"lower(regexp_replace(coalesce({expr}, ''), '{_ASCII_WS}+', '', 'g'))"
    value = (
        f"CASE WHEN contains({squeezed}, '@') AND contains(regexp_extract({squeezed},"
        f" '@([^@]*)$', 1), '.') THEN {squeezed} END"
    )
    return _ascii_sql(expr), value


def user_id_key_sql(expr: str) -> tuple[str, str]:
    value = f"nullif(lower(trim(coalesce({expr}, ''), {literal(_ASCII_WS_CHARS)})), '')"
    return _ascii_sql(expr), value


_ASCII_WS_CHARS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
# A North American number as people write it: (512) 555-0101, 512.555.0101, +1 512-555-0101.
_NANP = "^(?:[+]?1[ .-]?)?[(]?([2-9][0-9]{2})[)]?[ .-]?([0-9]{3})[ .-]?([0-9]{4})$"


def phone_key_sql(expr: str) -> tuple[str, str]:
    """Fast where the number is NANP-shaped (the region is US): E.164 ``+1`` and ten digits."""
    stripped = f"trim(coalesce({expr}, ''), {literal(_ASCII_WS_CHARS)})"
    fast = f"({stripped} = '' OR regexp_matches({stripped}, '{_NANP}'))"
    value = (
        f"CASE WHEN {stripped} <> '' THEN '+1' || regexp_replace({stripped}, '{_NANP}',"
        " '\\1\\2\\3') END"
    )
    return fast, value


def _fold_sql(expr: str) -> str:
    return f"trim(regexp_replace(lower(coalesce({expr}, '')), '[^a-z0-9#]+', ' ', 'g'))"


def _country_sql(expr: str) -> str:
    text = f"trim(coalesce({expr}, ''), {literal(_ASCII_WS_CHARS)})"
    cases = " ".join(
        f"WHEN {literal(name)} THEN {literal(code)}" for name, code in COUNTRIES.items()
    )
    return f"CASE WHEN {text} = '' THEN 'US' ELSE CASE lower({text}) {cases} ELSE upper({text}) END END"


def address_key_sql(
    address1: str, address2: str, city: str, state: str, postal_code: str, country: str
) -> tuple[str, str]:
    """The ASCII fast path of :func:`address_key` (for ASCII text NFKD changes nothing): its two
    parts, :func:`street_key_sql` and :func:`place_key_sql`, joined by '|'."""
    street_fast, street = street_key_sql(address1, address2)
    place_fast, place = place_key_sql(city, state, postal_code, country)
    return f"{street_fast} AND {place_fast}", f"{street} || '|' || {place}"


def street_key_sql(address1: str, address2: str) -> tuple[str, str]:
    """The ASCII fast path of :func:`street_key` of two address lines."""
    fast = f"{_ascii_sql(address1)} AND {_ascii_sql(address2)}"
    words = " ".join(
        f"WHEN {literal(word)} THEN {literal(short)}" for word, short in STREET_WORDS.items()
    )
    # street_key's words: the runs of letters and digits, and each '#' on its own
    tokens = (
        f"regexp_extract_all(lower(coalesce({address1}, '') || ' ' || coalesce({address2}, '')),"
        " '[a-z0-9]+|#')"
    )
    return (
        fast,
        f"array_to_string(list_transform({tokens}, lambda w: CASE w {words} ELSE w END), ' ')",
    )


def place_key_sql(city: str, state: str, postal_code: str, country: str) -> tuple[str, str]:
    """The ASCII fast path of :func:`place_key` (city, state, postal code, country)."""
    fast = " AND ".join(_ascii_sql(p) for p in (city, state, postal_code, country))
    code = _country_sql(country)
    postal = f"upper(regexp_replace(coalesce({postal_code}, ''), '{_ASCII_WS}+', '', 'g'))"
    postal = f"CASE WHEN {code} = 'US' THEN left({postal}, 5) ELSE {postal} END"
    value = f"{_fold_sql(city)} || '|' || {_fold_sql(state)} || '|' || {postal} || '|' || {code}"
    return fast, value
