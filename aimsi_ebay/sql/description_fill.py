"""Values placed into a sanitised description skeleton, in SQL (the twins of the Python fill).

A linear template is rendered and sanitised once per shape with markers where values go
(``aimsi_ebay.formats.description_skeleton``); each row's description is then the skeleton's
parts with the row's values between them, escaped here exactly as the sanitiser would have
written them. Property-tested byte-identical to rendering and sanitising each row.

- text: what nh3/html5ever writes for characters that were Jinja-escaped text: line ends
  normalised (CR LF and CR become LF), NUL dropped, ``& < >`` and U+00A0 as entities;
- attribute: the same in a double-quoted attribute, except that NUL becomes U+FFFD and ``"``
  is ``&quot;``;
- a URL (``href``/``src``) is placed only when it is an https URL of plain characters, which the
  sanitiser keeps as it is (anything else is rendered the slow way);
- record HTML (the record's own description) is placed only when it is already what the
  sanitiser writes and stays the same where it goes (``html_grammar``): paragraphs, headings,
  lists and plain phrasing tags without attributes, balanced and shallow, no block inside a
  paragraph or heading, text with only the sanitiser's entities. One regular expression decides
  it per row (a stack machine in SQL cost more than the rest of the export). Anything else
  (attributes, tables, links, pictures, deeper nesting) is rendered the slow way.
"""

from __future__ import annotations

# Record HTML placed as it is: a shallow, regular subset of what the sanitiser writes. Phrasing
# elements hold text only; blocks hold text and phrasing; lists hold items that do. Anything
# deeper (nested lists, a div in a div) is correct too, only rendered the slow way.
PHRASING_TAGS = ("b", "i", "u", "em", "strong", "span", "small", "sub", "sup")
BLOCK_TAGS = ("p", "div", "blockquote", "center", "h1", "h2", "h3", "h4", "h5", "h6")
LIST_TAGS = ("ul", "ol")
# Ancestors under which record HTML is parsed as in <body> (any others: the slow way).
HTML_ANCESTORS = frozenset(PHRASING_TAGS + BLOCK_TAGS + LIST_TAGS + ("li", "a", "td", "th", "font"))
_INLINE_CONTEXT = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})  # no blocks inside


def _grammar(text: str, *, flow: bool) -> str:
    """The regular expression of placeable record HTML; ``text`` is one character of text."""
    text = f"(?:{text}|&(?:amp|lt|gt|nbsp);)"
    phrasing = "|".join(f"<{tag}>{text}*</{tag}>" for tag in PHRASING_TAGS)
    inline = f"(?:{text}|<br>|{phrasing})*"
    if not flow:
        return inline
    blocks = "|".join(f"<{tag}>{inline}</{tag}>" for tag in BLOCK_TAGS)
    lists = "|".join(f"<{tag}>(?:{text}|<li>{inline}</li>)*</{tag}>" for tag in LIST_TAGS)
    return f"(?:{text}|<br>|<hr>|{phrasing}|{blocks}|{lists})*"


# Text characters: not what the sanitiser writes as an entity or the parser changes (NUL, CR,
# a byte-order mark). RE2 (DuckDB) and Python spell U+FEFF differently.
_TEXT_RE2 = "[^<>&\\x00\\r\\xa0\\x{feff}]"
_TEXT_PY = "[^<>&\\x00\\r\\xa0\\ufeff]"


def blocks_allowed(ancestors: tuple[str, ...]) -> bool:
    """Can blocks (paragraphs, lists) go under ``ancestors``? Not in a paragraph or heading,
    which a block would close."""
    if not set(ancestors) <= HTML_ANCESTORS:
        raise ValueError(f"not placeable under {ancestors}")
    return not _INLINE_CONTEXT & set(ancestors)


def html_grammar(ancestors: tuple[str, ...], *, python: bool = False) -> str:
    """The grammar for record HTML under ``ancestors`` (inline only where blocks are not)."""
    return _grammar(_TEXT_PY if python else _TEXT_RE2, flow=blocks_allowed(ancestors))


# An https URL of characters that need no escaping in a URL and mean nothing to HTML.
SAFE_URL = "https://[A-Za-z0-9.-]+(?:[/?#][A-Za-z0-9._~:/?#@!$()*+,;=%-]*)?"

_CR = "chr(13)"
_LF = "chr(10)"


def _replace(expr: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        expr = f"replace({expr}, {old}, {new})"
    return expr


def _escaped(expr: str, pairs: tuple[tuple[str, str], ...], extra: str = "") -> str:
    """``expr`` with ``pairs`` replaced; most values need none, so look before replacing."""
    needs = " OR ".join(f"contains({expr}, {old})" for old, _ in pairs[1:]) + extra
    return f"CASE WHEN {needs} THEN {_replace(expr, pairs)} ELSE {expr} END"


def text_sql(expr: str, *, at_start: bool = False) -> str:
    """``expr`` (VARCHAR) as the sanitiser writes it as element text.

    ``at_start``: the value opens the document, where the parser drops one byte-order mark.
    """
    if at_start:
        expr = f"CASE WHEN starts_with({expr}, chr(65279)) THEN substr({expr}, 2) ELSE {expr} END"
    return _escaped(expr, (
        (f"{_CR} || {_LF}", _LF), (_CR, _LF), ("chr(0)", "''"), ("'&'", "'&amp;'"),
        ("chr(160)", "'&nbsp;'"), ("'<'", "'&lt;'"), ("'>'", "'&gt;'"),
    ))


def attribute_sql(expr: str) -> str:
    """``expr`` as the sanitiser writes it inside a double-quoted attribute value."""
    return _escaped(expr, (
        (f"{_CR} || {_LF}", _LF), (_CR, _LF), ("chr(0)", "chr(65533)"), ("'&'", "'&amp;'"),
        ("chr(160)", "'&nbsp;'"), ("'\"'", "'&quot;'"), ("'<'", "'&lt;'"), ("'>'", "'&gt;'"),
    ))


def url_ok_sql(expr: str) -> str:
    """TRUE when ``expr`` is a URL the sanitiser keeps as it is (``SAFE_URL``)."""
    return f"regexp_full_match({expr}, '{SAFE_URL}')"


def stable_html_sql(expr: str, ancestors: tuple[str, ...]) -> str:
    """TRUE when HTML ``expr`` placed under ``ancestors`` comes out of the sanitiser unchanged
    (``html_grammar``; ``ancestors`` are tag names of ours, never user text)."""
    return f"regexp_full_match({expr}, '{html_grammar(ancestors)}')"


# What Python's str.strip() strips (str.isspace), as an RE2 class: a plain-text paragraph made
# of these alone is dropped.
_PY_SPACE = ("\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}"
             "\\x{202f}\\x{205f}\\x{3000}")
HAS_TEXT = f"[^{_PY_SPACE}]"


def has_paragraphs_sql(expr: str) -> str:
    """TRUE when plain text ``expr`` makes at least one paragraph (``text_to_html`` not empty)."""
    return f"regexp_matches({expr}, '{HAS_TEXT}')"


def paragraphs_sql(expr: str) -> str:
    """Plain text ``expr`` as ``text_to_html`` makes it and the sanitiser then writes it:
    paragraphs at blank lines, line breaks as ``<br>``, text escaped (a lone CR, which
    ``text_to_html`` keeps, is a line feed once parsed; NUL is dropped)."""
    cr, lf = _CR, _LF
    escaped = _replace("part", (
        ("chr(0)", "''"), ("'&'", "'&amp;'"), ("chr(160)", "'&nbsp;'"), ("'<'", "'&lt;'"),
        ("'>'", "'&gt;'"), (lf, "'<br>'"), (cr, lf)))
    parts = f"string_split(replace({expr}, {cr} || {lf}, {lf}), {lf} || {lf})"
    kept = (f"list_filter(list_transform({parts}, lambda part: trim(part, {lf})),"
            f" lambda part: regexp_matches(part, '{HAS_TEXT}'))")
    return f"array_to_string(list_transform({kept}, lambda part: '<p>' || {escaped} || '</p>'), '')"
