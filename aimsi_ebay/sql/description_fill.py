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
  sanitiser writes and stays the same where it goes: tags from a short list without attributes,
  balanced, nothing that the HTML parser would close or move (a block inside ``<p>``, a heading
  in a heading, ``<li>`` outside a list), text with only the sanitiser's entities. Anything else
  (attributes, tables, links, pictures) is rendered the slow way, one render per distinct value.
"""

from __future__ import annotations

# Tags that record HTML may use to be placed as it is (all in the sanitiser's allow-list).
BLOCK_TAGS = ("p", "div", "ul", "ol", "li", "blockquote", "center",
              "h1", "h2", "h3", "h4", "h5", "h6")
PHRASING_TAGS = ("span", "b", "i", "u", "em", "strong", "small", "sub", "sup")
VOID_TAGS = ("br", "hr")
# Ancestors under which a value placed as record HTML is parsed like in <body>.
HTML_ANCESTORS = frozenset(BLOCK_TAGS + PHRASING_TAGS + ("a", "td", "th", "font"))

_ENTITY = "&(?:amp|lt|gt|nbsp);"
_TAG = f"</?(?:{'|'.join(BLOCK_TAGS + PHRASING_TAGS)})>|<(?:{'|'.join(VOID_TAGS)})>"
# The whole value: text and plain tags only; RE2 (DuckDB) and Python spell one character apart.
HTML_GRAMMAR = f"(?:[^<>&\\x00\\r\\xa0\\x{{feff}}]|{_ENTITY}|{_TAG})*"
HTML_GRAMMAR_PY = f"(?:[^<>&\\x00\\r\\xa0\\ufeff]|{_ENTITY}|{_TAG})*"
TAG_NAMES = "<(/?[a-z0-9]+)>"
# An https URL of characters that need no escaping in a URL and mean nothing to HTML.
SAFE_URL = "https://[A-Za-z0-9.-]+(?:[/?#][A-Za-z0-9._~:/?#@!$()*+,;=%-]*)?"

_CR = "chr(13)"
_LF = "chr(10)"


def _replace(expr: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        expr = f"replace({expr}, {old}, {new})"
    return expr


def text_sql(expr: str, *, at_start: bool = False) -> str:
    """``expr`` (VARCHAR) as the sanitiser writes it as element text.

    ``at_start``: the value opens the document, where the parser drops one byte-order mark.
    """
    if at_start:
        expr = f"CASE WHEN starts_with({expr}, chr(65279)) THEN substr({expr}, 2) ELSE {expr} END"
    return _replace(expr, (
        (f"{_CR} || {_LF}", _LF), (_CR, _LF), ("chr(0)", "''"), ("'&'", "'&amp;'"),
        ("chr(160)", "'&nbsp;'"), ("'<'", "'&lt;'"), ("'>'", "'&gt;'"),
    ))


def attribute_sql(expr: str) -> str:
    """``expr`` as the sanitiser writes it inside a double-quoted attribute value."""
    return _replace(expr, (
        (f"{_CR} || {_LF}", _LF), (_CR, _LF), ("chr(0)", "chr(65533)"), ("'&'", "'&amp;'"),
        ("chr(160)", "'&nbsp;'"), ("'\"'", "'&quot;'"), ("'<'", "'&lt;'"), ("'>'", "'&gt;'"),
    ))


def url_ok_sql(expr: str) -> str:
    """TRUE when ``expr`` is a URL the sanitiser keeps as it is (``SAFE_URL``)."""
    return f"regexp_full_match({expr}, '{SAFE_URL}')"


def _stack(ancestors: tuple[str, ...]) -> str:
    return "/" + "".join(f"{tag}/" for tag in ancestors)


def stable_html_sql(expr: str, ancestors: tuple[str, ...]) -> str:
    """TRUE when HTML ``expr`` placed under ``ancestors`` comes out of the sanitiser unchanged.

    The tags are replayed on a stack kept as a string (``/div/ul/``); ``!`` marks a tag the
    parser would treat differently from its plain nesting. ``ancestors`` are tag names of ours
    (``HTML_ANCESTORS``), never user text.
    """
    if not set(ancestors) <= HTML_ANCESTORS:
        raise ValueError(f"not placeable under {ancestors}")
    start = _stack(ancestors)
    blocks = ", ".join(f"'{tag}'" for tag in BLOCK_TAGS if tag != "li")
    step = f"""CASE
        WHEN acc = '!' THEN '!'
        WHEN x = 'br' THEN acc
        WHEN starts_with(x, '/') THEN CASE
            WHEN length(acc) - length(x) >= {len(start)} AND ends_with(acc, x || '/')
            THEN left(acc, length(acc) - length(x)) ELSE '!' END
        WHEN contains(acc, '/p/') AND x IN ({blocks}, 'li', 'hr') THEN '!'
        WHEN x = 'hr' THEN acc
        WHEN regexp_matches(x, '^h[1-6]$') AND regexp_matches(acc, '/h[1-6]/$') THEN '!'
        WHEN x = 'li' AND NOT (ends_with(acc, '/ul/') OR ends_with(acc, '/ol/')) THEN '!'
        ELSE acc || x || '/' END"""
    return (f"(regexp_full_match({expr}, '{HTML_GRAMMAR}') AND list_reduce("
            f"regexp_extract_all({expr}, '{TAG_NAMES}', 1), lambda acc, x: {step}, '{start}')"
            f" = '{start}')")
