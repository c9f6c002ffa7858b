"""Normalised keys for matching people and addresses: e-mail, phone, postal code, address."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

DEFAULT_REGION = "US"

COUNTRIES = {
    "united states": "US", "usa": "US", "us": "US", "united states of america": "US",
    "canada": "CA", "ca": "CA", "united kingdom": "GB", "uk": "GB", "gb": "GB",
    "great britain": "GB", "australia": "AU", "au": "AU", "germany": "DE", "de": "DE",
    "france": "FR", "fr": "FR", "mexico": "MX", "mx": "MX", "japan": "JP", "jp": "JP",
}
STREET_WORDS = {
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
    return COUNTRIES.get(text.lower(), text.upper()) if text else DEFAULT_REGION


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
    return " ".join(STREET_WORDS.get(word, word) for word in words)


def address_key(
    address1: str | None,
    address2: str | None,
    city: str | None,
    state: str | None,
    postal_code: str | None,
    country: str | None,
) -> str:
    """One comparable key for a postal address (street, city, state, postal code, country)."""
    return street_key(address1, address2) + "|" + place_key(city, state, postal_code, country)


def place_key(
    city: str | None, state: str | None, postal_code: str | None, country: str | None
) -> str:
    """The address key's part after the street: city, state, postal code and country."""
    code = country_code(country)
    return "|".join([fold(city), fold(state), postal_key(postal_code, code), code])


# -- the same keys as SQL (DuckDB) for whole files at once ----------------------------------------
# Each ``*_sql`` gives (``fast``, ``value``): where ``fast`` holds, ``value`` is exactly what the
# Python function returns (tests/rules/test_normalise_sql.py); elsewhere (rare: non-ASCII text,
# unusual phone layouts) the caller applies the Python function to the DISTINCT values.
