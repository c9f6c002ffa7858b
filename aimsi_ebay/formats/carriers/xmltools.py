"""Small helpers for WorldShip's XML: decoding what it really wrote, and namespace-free lookups.

WorldShip files declare an encoding they do not always hold (SOURCES.md: a ``.Out`` declaring
windows-1252 holds UTF-8 bytes), so the bytes decide: UTF-16 by its BOM, else UTF-8 when the
bytes are valid UTF-8, else the declared encoding (Windows-1252 when none).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from aimsi_ebay.errors import InputError
from aimsi_ebay.rules.money import to_money

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9_.:-]+)["']""")


def xml_text(data: bytes) -> str:
    """The document as text, decoded by what the bytes are rather than what they claim."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if len(data) > 1 and data[0] == 0 and data[1] != 0:
        return data.decode("utf-16-be")
    if len(data) > 1 and data[0] != 0 and data[1] == 0:
        return data.decode("utf-16-le")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _ENCODING.match(data)
    encoding = declared.group(1).decode("ascii") if declared else "cp1252"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("cp1252", errors="replace")


def parse_xml(name: str, data: bytes) -> ET.Element:
    """The root element, or one clear InputError when the file is not well-formed XML."""
    text = _DECLARATION.sub("", xml_text(data), count=1)
    try:
        return ET.fromstring(text)
    except ET.ParseError as error:
        raise InputError(f"not well-formed XML ({error})", file=name) from None


def local(element: ET.Element) -> str:
    """The tag without its namespace."""
    return element.tag.rsplit("}", 1)[-1]


def child(element: ET.Element | None, *path: str) -> ET.Element | None:
    """The first descendant along ``path`` (local names), or None."""
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if local(c) == name), None)
    return element


def children(element: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if element is None else [c for c in element if local(c) == name]


def text_of(element: ET.Element | None, *path: str) -> str:
    found = child(element, *path) if path else element
    return (found.text or "").strip() if found is not None else ""


def money_of(text: str, field: str) -> Decimal | None:
    """A charge like ``21,46`` (the PC's locale) or ``21.46``; None when blank. Raises
    InputError for anything else."""
    return to_money(text, field=field) if text else None
