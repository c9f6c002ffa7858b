"""Matching keys in SQL: the twins of ``aimsi_ebay.rules.normalise`` (property-tested equal)."""

from __future__ import annotations

from aimsi_ebay.rules.normalise import COUNTRIES, STREET_WORDS
from aimsi_ebay.sql.literal import literal

_ASCII = "'^[\\x00-\\x7f]*$'"
_ASCII_WS = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f ]"


def email_key_sql(expr: str) -> tuple[str, str]:
    squeezed = f"lower(regexp_replace(coalesce({expr}, ''), '{_ASCII_WS}+', '', 'g'))"
    value = (
        f"CASE WHEN contains({squeezed}, '@') AND contains(regexp_extract({squeezed},"
        f" '@([^@]*)$', 1), '.') THEN {squeezed} END"
    )
    return f"regexp_matches(coalesce({expr}, ''), {_ASCII})", value


def user_id_key_sql(expr: str) -> tuple[str, str]:
    value = f"nullif(lower(trim(coalesce({expr}, ''), {literal(_ASCII_WS_CHARS)})), '')"
    return f"regexp_matches(coalesce({expr}, ''), {_ASCII})", value


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
    """The ASCII fast path of :func:`address_key` (for ASCII text NFKD changes nothing)."""
    parts = (address1, address2, city, state, postal_code, country)
    fast = " AND ".join(f"regexp_matches(coalesce({p}, ''), {_ASCII})" for p in parts)
    words = " ".join(
        f"WHEN {literal(word)} THEN {literal(short)}" for word, short in STREET_WORDS.items()
    )
    # street_key's words: the runs of letters and digits, and each '#' on its own
    tokens = (
        f"regexp_extract_all(lower(coalesce({address1}, '') || ' ' || coalesce({address2}, '')),"
        " '[a-z0-9]+|#')"
    )
    street = f"array_to_string(list_transform({tokens}, lambda w: CASE w {words} ELSE w END), ' ')"
    code = _country_sql(country)
    postal = f"upper(regexp_replace(coalesce({postal_code}, ''), '{_ASCII_WS}+', '', 'g'))"
    postal = f"CASE WHEN {code} = 'US' THEN left({postal}, 5) ELSE {postal} END"
    value = (
        f"{street} || '|' || {_fold_sql(city)} || '|' || {_fold_sql(state)} || '|' || {postal}"
        f" || '|' || {code}"
    )
    return fast, value
