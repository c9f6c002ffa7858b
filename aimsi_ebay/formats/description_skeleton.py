"""A linear description template rendered and sanitised once per shape, with markers for values.

Rendering and sanitising every record in Python costs ~80 µs a row, and when every title differs
every row is distinct. Most templates only *place* values: ``{{ title }}``, ``{% if subtitle %}``,
``{% for name, value in specifics|dictsort %}``. For those, what a record's description looks like
depends on its values only through its *shape* (``Shape``: which values are empty, which item
specifics it has, how many pictures); the values themselves are just text put in places.

So the template is rendered once per shape with a marker (private-use characters) for every value,
that is sanitised once, and the markers are located in the result (``Skeleton``): in element text,
in an attribute, as a whole ``href``/``src``, or as record HTML under some elements. Each row's
description is then the skeleton's parts with the row's values between them, escaped as the
sanitiser writes them (``aimsi_ebay.sql.description_fill``, in SQL; ``fill`` here is its twin).
Escaped text cannot introduce markup, so the sanitiser's approval of the skeleton holds.

A template is *linear* (``is_linear``) when every value is printed plainly (optionally through
``e``, ``default``, ``string``), tested only for being empty, and looped over only as pictures or
specifics (``items``, ``dictsort``, ``list``, ``reverse``); loop counters and ``loop.cycle`` are
fine. Anything else (``upper``, ``truncate``, comparisons, ``loop.changed``, ``|safe`` …) depends
on the values themselves: such a template is rendered per distinct set of values as before.

Each skeleton is checked before use: every marker survives the sanitiser exactly as often as it
was printed, nowhere it could change meaning (``style``, a URL with a prefix, raw text), and the
skeleton filled with probe values (whitespace only, a leading line feed, NUL, quotes, a byte-order
mark, markup) equals rendering and sanitising those values. A value that the skeleton cannot
take as it is (record HTML the sanitiser would change, a URL that is not plain https, an output
that might pass eBay's length limit) sends its row the slow way (``fill`` returns None).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from aimsi_ebay.formats.description_linear import is_linear
from aimsi_ebay.formats.description_template import (
    MAX_LIST_ITEMS,
    MAX_OUTPUT_CHARS,
    TEXT_PLACEHOLDERS,
    DescriptionTemplate,
    TemplateError,
    TemplateValues,
)
from aimsi_ebay.rules.listing_policy import sanitise_description
from aimsi_ebay.sql.description_fill import HTML_ANCESTORS, SAFE_URL, html_grammar

SCALARS = (*TEXT_PLACEHOLDERS, "description")  # per-record values
CONSTANTS = ("shipping", "returns", "payment")  # the account's: one value per export
PLAIN_ATTRIBUTES = frozenset({"alt", "title", "class", "width", "height", "align", "color",
                              "size", "face"})
URL_ATTRIBUTES = frozenset({"href", "src"})
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}(.){_CLOSE}", re.S)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen", "param"})
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.S)
_ATTRIBUTE = re.compile(r'\s([^\s="/>]+)(?:="([^"]*)")?')
EXPANSION = 5  # Jinja writes one character as at most five (&amp; &#34; &#39;)

Context = Literal["text", "attribute", "url", "html"]


@dataclass(frozen=True, slots=True)
class Shape:
    """What a record's values decide about its description besides the values themselves."""

    present: frozenset[str]  # the SCALARS that are not empty
    specifics: tuple[str, ...] = ()  # item specific names, in order
    pictures: int = 0


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one value goes: ``source`` is a SCALAR, ``specifics:Name`` or ``pictures:N``."""

    source: str
    context: Context
    ancestors: tuple[str, ...] = ()  # the open elements around record HTML
    at_start: bool = False  # the value opens the document (the parser drops a leading BOM)


@dataclass(frozen=True, slots=True)
class Skeleton:
    """The sanitised description with holes: ``parts[0] slot[0] parts[1] … parts[-1]``."""

    parts: tuple[str, ...]
    slots: tuple[Slot, ...]
    raw_length: int  # the rendered template's length without its values (eBay's limit)


def shape_of(values: TemplateValues) -> Shape | None:
    """The record's shape; None when a specific or picture is empty (no marker can stand in)."""
    specifics = dict(values.specifics)
    if not all(specifics.values()) or not all(values.pictures):
        return None
    return Shape(frozenset(name for name in SCALARS if getattr(values, name)),
                 tuple(specifics), len(values.pictures))


def source_values(values: TemplateValues) -> dict[str, str]:
    """Every value a slot can name, by source."""
    found = {name: getattr(values, name) for name in SCALARS}
    found |= {f"specifics:{name}": value for name, value in dict(values.specifics).items()}
    found |= {f"pictures:{index}": url for index, url in enumerate(values.pictures)}
    return found


# -- The skeleton -------------------------------------------------------------------------------

def _marker(number: int) -> str:
    return f"{_OPEN}{chr(0xE100 + number)}{_CLOSE}"


def _values(shape: Shape, constants: Mapping[str, str], value: dict[str, str]) -> TemplateValues:
    """The shape's values: ``value[source]`` for every value the shape has."""
    return TemplateValues(
        **{name: value[name] if name in shape.present else "" for name in SCALARS},
        **{name: constants.get(name) or "" for name in CONSTANTS},
        specifics=tuple((name, value[f"specifics:{name}"]) for name in shape.specifics),
        pictures=tuple(value[f"pictures:{index}"] for index in range(shape.pictures)),
    )


def _sources(shape: Shape) -> list[str]:
    return [*sorted(shape.present), *(f"specifics:{name}" for name in shape.specifics),
            *(f"pictures:{index}" for index in range(shape.pictures))]


def build_skeleton(template: DescriptionTemplate, shape: Shape,
                   constants: Mapping[str, str]) -> Skeleton | None:
    """The template's skeleton for ``shape`` (``constants``: shipping, returns, payment text);
    None when the template is not linear or the skeleton fails a check (render the slow way)."""
    if (not is_linear(template) or shape.pictures > MAX_LIST_ITEMS
            or len(shape.specifics) > MAX_LIST_ITEMS):
        return None
    if any(_OPEN in text or _CLOSE in text for text in constants.values() if text):
        return None
    sources = _sources(shape)
    markers = {source: _marker(number) for number, source in enumerate(sources)}
    try:
        raw = template._generate(_values(shape, constants, markers))
    except TemplateError:
        return None
    clean = sanitise_description(raw, True).text
    by_marker = {marker: source for source, marker in markers.items()}
    if any(raw.count(marker) != clean.count(marker) for marker in by_marker):
        return None
    skeleton = _locate(clean, by_marker, raw_starts=raw[:3] if raw.startswith(_OPEN) else None)
    if skeleton is None:
        return None
    skeleton = Skeleton(skeleton.parts, skeleton.slots,
                        len(raw) - sum(raw.count(m) * len(m) for m in by_marker))
    return skeleton if _probes_agree(template, shape, constants, skeleton) else None


def _locate(clean: str, by_marker: dict[str, str], raw_starts: str | None) -> Skeleton | None:
    """Split the sanitised skeleton at its markers, each with its context; None if one is
    somewhere a value could change meaning."""
    parts: list[str] = []
    slots: list[Slot] = []
    stack: list[str] = []
    current = ""
    for token in _TOKEN.findall(clean):
        if token.startswith("<!--"):
            if _OPEN in token:
                return None
            current += token
        elif token.startswith("<"):
            found = _in_tag(token, by_marker)
            if found is None:
                return None
            for piece, slot in found:
                current += piece
                if slot is not None:
                    parts.append(current)
                    slots.append(slot)
                    current = ""
            name = re.match(r"</?([a-zA-Z0-9]+)", token)
            if name and token.startswith("</"):
                while stack and stack.pop() != name.group(1):
                    pass
            elif name and name.group(1) not in _VOID:
                stack.append(name.group(1))
        else:
            last = 0
            for match in _MARKER.finditer(token):
                source = by_marker.get(match.group(0))
                if source is None:
                    return None
                context: Context = "html" if source == "description" else "text"
                if context == "html" and not set(stack) <= HTML_ANCESTORS:
                    return None
                current += token[last:match.start()]
                at_start = not parts and not current and match.group(0) == raw_starts
                parts.append(current)
                slots.append(Slot(source, context, tuple(stack) if context == "html" else (),
                                  at_start))
                current, last = "", match.end()
            current += token[last:]
    if _OPEN in current or _CLOSE in current or any(_OPEN in p or _CLOSE in p for p in parts):
        return None
    return Skeleton((*parts, current), tuple(slots), 0)


def _in_tag(tag: str, by_marker: dict[str, str]) -> list[tuple[str, Slot | None]] | None:
    """A tag cut at its markers: each must be inside the value of an attribute that takes text
    (or be the whole of an ``href``/``src``); record HTML cannot go in a tag."""
    if _OPEN not in tag:
        return [(tag, None)]
    pieces: list[tuple[str, Slot | None]] = []
    last = 0
    for attribute in _ATTRIBUTE.finditer(tag):
        name, value = attribute.group(1), attribute.group(2)
        if _OPEN in name:
            return None
        if value is None or _OPEN not in value:
            continue
        start = attribute.start(2)
        if name in URL_ATTRIBUTES:
            source = by_marker.get(value)
            if source is None or source == "description":
                return None
            pieces += [(tag[last:start], Slot(source, "url"))]
            last = attribute.end(2)
            continue
        if name not in PLAIN_ATTRIBUTES:
            return None
        for match in _MARKER.finditer(value):
            source = by_marker.get(match.group(0))
            if source is None or source == "description":
                return None
            pieces.append((tag[last:start + match.start()], Slot(source, "attribute")))
            last = start + match.end()
    pieces.append((tag[last:], None))
    if any(_OPEN in piece or _CLOSE in piece for piece, _ in pieces):
        return None
    return pieces


# -- Filling (the Python twin of the SQL) -------------------------------------------------------

def escape_text(value: str, *, at_start: bool = False) -> str:
    """As the sanitiser writes Jinja-escaped ``value`` as element text."""
    if at_start and value.startswith("\ufeff"):
        value = value[1:]
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")
    return (value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def escape_attribute(value: str) -> str:
    """As the sanitiser writes Jinja-escaped ``value`` in a double-quoted attribute."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    return (value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")
            .replace("<", "&lt;").replace(">", "&gt;"))


def url_ok(value: str) -> bool:
    return re.fullmatch(SAFE_URL, value) is not None


def stable_html(value: str, ancestors: tuple[str, ...]) -> bool:
    """True when record HTML ``value`` under ``ancestors`` is placeable as it is (the twin of
    ``stable_html_sql``)."""
    return re.fullmatch(html_grammar(ancestors, python=True), value) is not None


def fill(skeleton: Skeleton, values: Mapping[str, str]) -> str | None:
    """The sanitised description for ``values`` (by source); None when a value cannot be placed
    as it is (the row is rendered the slow way)."""
    out = [skeleton.parts[0]]
    raw = skeleton.raw_length
    for slot, part in zip(skeleton.slots, skeleton.parts[1:], strict=True):
        value = values[slot.source]
        if slot.context == "html":
            if not stable_html(value, slot.ancestors):
                return None
            raw += len(value)
            out.append(value)
        else:
            raw += EXPANSION * len(value)
            if slot.context == "text":
                out.append(escape_text(value, at_start=slot.at_start))
            elif slot.context == "url" and not url_ok(value):
                return None
            else:
                out.append(escape_attribute(value))
        out.append(part)
    return "".join(out) if raw <= MAX_OUTPUT_CHARS else None


def _probes_agree(template: DescriptionTemplate, shape: Shape, constants: Mapping[str, str],
                  skeleton: Skeleton) -> bool:
    """Fill the skeleton with awkward values and compare with rendering them the slow way."""
    kinds = {slot.source: slot.context for slot in skeleton.slots}
    blocks = all("p" not in slot.ancestors for slot in skeleton.slots if slot.context == "html")
    probes = (
        ("\n\r\n x\0&<>\"'\xa0\u2028\ufeffé", "<b>x</b> y &amp; z", "https://p.example/a?b=1"),
        (" ", " ", "https://q.example/"),
        ("\ufeffx", "<div>x</div>\n" if blocks else "<i>x</i>\n", "https://r.example/#f"),
        ("\0", "x<br>y", "https://s.example/(1)"),
    )
    for text, html, url in probes:
        chosen = {source: html if kind == "html" else url if kind == "url" else text
                  for source, kind in kinds.items()}
        value = {source: chosen.get(source, text) for source in _sources(shape)}
        try:  # what DescriptionTemplate.render gives, without counting as a record's render
            slow = sanitise_description(template._generate(_values(shape, constants, value)),
                                        True).text
        except TemplateError:
            return False
        if slow != fill(skeleton, value):
            return False
    return True
