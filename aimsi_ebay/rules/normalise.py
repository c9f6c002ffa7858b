"""Normalised keys for matching people and addresses: e-mail, phone, postal code, address."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

DEFAULT_REGION = "US"

_COUNTRIES = {
    "united states": "US", "usa": "US", "us": "US", "united states of america": "US",
    "canada": "CA", "ca": "CA", "united kingdom": "GB", "uk": "GB", "gb": "GB",
    "great britain": "GB", "australia": "AU", "au": "AU", "germany": "DE", "de": "DE",
    "france": "FR", "fr": "FR", "mexico": "MX", "mx": "MX", "japan": "JP", "jp": "JP",
}
_STREET_WORDS = {
    "street": "st", "avenue": "ave", "av": "ave", "road": "rd", "boulevard": "blvd",
    "drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "terrace": "ter",
    "highway": "hwy", "parkway": "pkwy", "circle": "cir", "square": "sq", "trail": "trl",
    "apartment": "apt", "suite": "ste", "unit": "unit", "building": "bldg", "floor": "fl",
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne",
    "northwest": "nw", "southeast": "se", "southwest": "sw", "#": "apt",
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
}


def email_key(email: str | None) -> str | None:
    """Lower-cased, trimmed e-mail; None when blank or not an address."""
    if not email:
        return None
    text = "".join(email.split()).lower()
    return text if "@" in text and "." in text.rsplit("@", 1)[-1] else None


def user_id_key(user_id: str | None) -> str | None:
    """eBay user ids are case-insensitive."""
    text = (user_id or "").strip().lower()
    return text or None


def phone_key(phone: str | None, region: str = DEFAULT_REGION) -> str | None:
    """E.164 (``+16765556217``) when the number parses, else its digits; None when blank."""
    if not phone or not phone.strip():
        return None
    try:
        parsed = phonenumbers.parse(phone, region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"\D", "", phone)
    return digits or None


def country_code(country: str | None) -> str:
    """ISO-2 code for the names eBay writes; unknown names are kept upper-cased."""
    text = (country or "").strip()
    return _COUNTRIES.get(text.lower(), text.upper()) if text else DEFAULT_REGION


def postal_key(postal_code: str | None, country: str | None = None) -> str:
    """US ZIP+4 → ZIP5; elsewhere upper-case without spaces."""
    text = re.sub(r"\s+", "", (postal_code or "")).upper()
    if country_code(country) == "US":
        return text[:5]
    return text


def fold(text: str | None) -> str:
    """Lower case, accents removed, punctuation to spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", ascii_text).split())


def street_key(*lines: str | None) -> str:
    """Address lines with the usual abbreviations applied: '12 North Main Street' → '12 n main st'."""
    words = fold(" ".join(line or "" for line in lines)).replace("#", " # ").split()
    return " ".join(_STREET_WORDS.get(word, word) for word in words)


def address_key(
    address1: str | None,
    address2: str | None,
    city: str | None,
    state: str | None,
    postal_code: str | None,
    country: str | None,
) -> str:
    """One comparable key for a postal address (street, city, state, postal code, country)."""
    code = country_code(country)
    return "|".join(
        [street_key(address1, address2), fold(city), fold(state), postal_key(postal_code, code), code]
    )


# -- the same keys as SQL (DuckDB) for whole files at once ----------------------------------------
# Each ``*_sql`` gives (``fast``, ``value``): where ``fast`` holds, ``value`` is exactly what the
# Python function returns (tests/rules/test_normalise_sql.py); elsewhere (rare: non-ASCII text,
# unusual phone layouts) the caller applies the Python function to the DISTINCT values.

_ASCII = "'^[\\x00-\\x7f]*$'"
_ASCII_WS = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f ]"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def email_key_sql(expr: str) -> tuple[str, str]:
    squeezed = f"lower(regexp_replace(coalesce({expr}, ''), '{_ASCII_WS}+', '', 'g'))"
    value = (
        f"CASE WHEN contains({squeezed}, '@') AND contains(regexp_extract({squeezed},"
        f" '@([^@]*)$', 1), '.') THEN {squeezed} END"
    )
    return f"regexp_matches(coalesce({expr}, ''), {_ASCII})", value


def user_id_key_sql(expr: str) -> tuple[str, str]:
    value = f"nullif(lower(trim(coalesce({expr}, ''), {_sql_text(_ASCII_WS_CHARS)})), '')"
    return f"regexp_matches(coalesce({expr}, ''), {_ASCII})", value


_ASCII_WS_CHARS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
# A North American number as people write it: (512) 555-0101, 512.555.0101, +1 512-555-0101.
_NANP = "^(?:[+]?1[ .-]?)?[(]?([2-9][0-9]{2})[)]?[ .-]?([0-9]{3})[ .-]?([0-9]{4})$"


def phone_key_sql(expr: str) -> tuple[str, str]:
    """Fast where the number is NANP-shaped (the region is US): E.164 ``+1`` and ten digits."""
    stripped = f"trim(coalesce({expr}, ''), {_sql_text(_ASCII_WS_CHARS)})"
    fast = f"({stripped} = '' OR regexp_matches({stripped}, '{_NANP}'))"
    value = (
        f"CASE WHEN {stripped} <> '' THEN '+1' || regexp_replace({stripped}, '{_NANP}',"
        " '\\1\\2\\3') END"
    )
    return fast, value


def _fold_sql(expr: str) -> str:
    return f"trim(regexp_replace(lower(coalesce({expr}, '')), '[^a-z0-9#]+', ' ', 'g'))"


def _country_sql(expr: str) -> str:
    text = f"trim(coalesce({expr}, ''), {_sql_text(_ASCII_WS_CHARS)})"
    cases = " ".join(
        f"WHEN {_sql_text(name)} THEN {_sql_text(code)}" for name, code in _COUNTRIES.items()
    )
    return f"CASE WHEN {text} = '' THEN 'US' ELSE CASE lower({text}) {cases} ELSE upper({text}) END END"


def address_key_sql(
    address1: str, address2: str, city: str, state: str, postal_code: str, country: str
) -> tuple[str, str]:
    """The ASCII fast path of :func:`address_key` (for ASCII text NFKD changes nothing)."""
    parts = (address1, address2, city, state, postal_code, country)
    fast = " AND ".join(f"regexp_matches(coalesce({p}, ''), {_ASCII})" for p in parts)
    words = " ".join(
        f"WHEN {_sql_text(word)} THEN {_sql_text(short)}" for word, short in _STREET_WORDS.items()
    )
    # street_key's words: the runs of letters and digits, and each '#' on its own
    tokens = (
        f"regexp_extract_all(lower(coalesce({address1}, '') || ' ' || coalesce({address2}, '')),"
        " '[a-z0-9]+|#')"
    )
    street = f"array_to_string(list_transform({tokens}, w -> CASE w {words} ELSE w END), ' ')"
    code = _country_sql(country)
    postal = f"upper(regexp_replace(coalesce({postal_code}, ''), '{_ASCII_WS}+', '', 'g'))"
    postal = f"CASE WHEN {code} = 'US' THEN left({postal}, 5) ELSE {postal} END"
    value = (
        f"{street} || '|' || {_fold_sql(city)} || '|' || {_fold_sql(state)} || '|' || {postal}"
        f" || '|' || {code}"
    )
    return fast, value
