"""Templated descriptions in SQL: one skeleton per template and shape, the values placed by DuckDB.

``descriptions.render_descriptions`` first lets this module describe every templated row
(``export_template_rows``: its template, values and shape), builds a ``Skeleton`` per distinct
(template, shape) in Python — a handful, not one per row — and fills the skeletons for every row
in one query (``aimsi_ebay.sql.description_fill`` escapes the values as the sanitiser writes
them). A row whose template is not linear, whose shape has no skeleton, or whose values the
skeleton cannot take as they are (``fill`` returns None for the same rows) is left to the slow
path, which renders it per distinct set of values.

Whether a record's HTML description is already sanitised is not assumed: the SKU editor and bulk
edit sanitise on save, but the demo store, imports and direct SQL (the benchmark) store it as
given. So a description is placed as it is only when SQL shows that the sanitiser would leave it
unchanged where it goes (``stable_html_sql``); any other is rendered and sanitised in Python.
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from aimsi_ebay.formats.description_skeleton import (
    EXPANSION,
    SCALARS,
    Shape,
    Skeleton,
    build_skeleton,
)
from aimsi_ebay.formats.description_template import MAX_OUTPUT_CHARS, DescriptionTemplate
from aimsi_ebay.ops.listings.templates import SPECIFIC_COLUMNS, values_sql
from aimsi_ebay.rules.listing_policy import CONDITIONS
from aimsi_ebay.sql.description_fill import (
    attribute_sql,
    blocks_allowed,
    has_paragraphs_sql,
    paragraphs_sql,
    stable_html_sql,
    text_sql,
    url_ok_sql,
)

ROWS = "export_template_rows"  # sku, template_id, the values_sql columns, pictures, shape
_SKELETONS = "export_skeleton_of"  # template_id, shape, skeleton


def _literal(text: str) -> str:
    """A constant of ours (condition names) as an SQL string."""
    return "'" + text.replace("'", "''") + "'"


_CONDITION = ("CASE v.condition_id " + " ".join(
    f"WHEN {number} THEN {_literal(name)}" for number, name in CONDITIONS.items()) + " END")
_IS_HTML = "coalesce(v.description_is_html, FALSE)"
_PARAGRAPHS = paragraphs_sql("coalesce(v.description, '')")
_SOURCES = {
    **{name: f"v.{name}" for name in SCALARS},
    "condition": _CONDITION,
    # The record's description as its template sees it: its HTML, or its text as paragraphs.
    "description": f"CASE WHEN {_IS_HTML} THEN v.description"
                   f" ELSE {_PARAGRAPHS} END",
    **{f"specifics:{name}": f"v.{column}" for name, column in SPECIFIC_COLUMNS},
}
_NOT_EMPTY = {name: f"{expr} <> ''" for name, expr in _SOURCES.items()} | {
    "description": f"CASE WHEN {_IS_HTML} THEN v.description <> ''"
                   f" ELSE coalesce({has_paragraphs_sql('v.description')}, FALSE) END"}


def _present(source: str, bit: int) -> str:
    return f"CASE WHEN {_NOT_EMPTY[source]} THEN {1 << bit} ELSE 0 END"


# A row's shape as one number: a bit per SCALAR and per specific, then the picture count.
_PICTURES = 1 << (len(SCALARS) + len(SPECIFIC_COLUMNS))
_SHAPE = " + ".join((
    *(_present(name, bit) for bit, name in enumerate(SCALARS)),
    *(_present(f"specifics:{name}", len(SCALARS) + bit)
      for bit, (name, _) in enumerate(SPECIFIC_COLUMNS)),
    f"{_PICTURES} * len(v.pictures)",
))


def collect_rows(con: duckdb.DuckDBPyConnection, params: Mapping[str, object]) -> None:
    """``export_template_rows``: the templated rows of ``export_sent`` with their values and
    shape (``params``: ``$account`` and the account's ``$default`` template)."""
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE {ROWS} AS
    WITH v AS (
        SELECT coalesce(r.template_id, $default) AS template_id, r.* EXCLUDE (template_id),
            list_filter(coalesce(r.image_urls, CAST([] AS VARCHAR[])),
                        url -> coalesce(url, '') <> '') AS pictures
        FROM ({values_sql('export_sent', with_template=True)}) r
        WHERE coalesce(r.template_id, $default) IS NOT NULL)
    SELECT v.*, {_SHAPE} AS shape FROM v""", dict(params))


def decode_shape(key: int) -> Shape:
    """The ``Shape`` behind a row's shape number."""
    return Shape(frozenset(name for bit, name in enumerate(SCALARS) if key >> bit & 1),
                 tuple(name for bit, (name, _) in enumerate(SPECIFIC_COLUMNS, start=len(SCALARS))
                       if key >> bit & 1),
                 key // _PICTURES)


def _source_sql(source: str) -> str:
    if source.startswith("pictures:"):
        return f"v.pictures[{int(source.split(':')[1]) + 1}]"
    return _SOURCES[source]


def fill_sql(skeleton: Skeleton, number: int) -> tuple[str, dict[str, str]]:
    """The SQL expression of one skeleton's description over ``v`` (NULL where a value cannot be
    placed as it is), and its parameters (the skeleton's parts: template text is bound, never
    formatted into SQL)."""
    params = {f"s{number}_{index}": part for index, part in enumerate(skeleton.parts)}
    pieces = [f"$s{number}_0"]
    checks = []
    lengths = []
    for index, slot in enumerate(skeleton.slots, start=1):
        value = _source_sql(slot.source)
        if slot.context == "html":  # record HTML as it is, or plain text as paragraphs
            checks.append(f"CASE WHEN {_IS_HTML} THEN {stable_html_sql('v.description', slot.ancestors)}"
                          f" ELSE {blocks_allowed(slot.ancestors)} END")
            lengths.append(f"length({value})")
            pieces.append(value)
        else:
            lengths.append(f"{EXPANSION} * length({value})")
            if slot.context == "url":
                checks.append(url_ok_sql(value))
            pieces.append(text_sql(value, at_start=slot.at_start) if slot.context == "text"
                          else attribute_sql(value))
        pieces.append(f"$s{number}_{index}")
    checks.append(f"{skeleton.raw_length} + {' + '.join(lengths) or '0'} <= {MAX_OUTPUT_CHARS}")
    return (f"CASE WHEN {' AND '.join(f'({check})' for check in checks)}"
            f" THEN {' || '.join(pieces)} END"), params


def fill_rows(con: duckdb.DuckDBPyConnection, templates: Mapping[int, DescriptionTemplate],
              constants: Mapping[str, str], table: str) -> int:
    """Insert ``(sku, html)`` into ``table`` for every row of ``export_template_rows`` that a
    skeleton can describe; returns how many. The rest is the slow path's."""
    skeletons: dict[tuple[int, int], int] = {}
    built: list[Skeleton] = []
    cache: dict[tuple[int, Shape], int | None] = {}
    for template_id, key in con.execute(
            f"SELECT DISTINCT template_id, shape FROM {ROWS}").fetchall():
        template = templates.get(template_id)
        if template is None:
            continue
        shape = decode_shape(key)
        if (template_id, shape) not in cache:
            skeleton = build_skeleton(template, shape, constants)
            cache[template_id, shape] = None if skeleton is None else len(built)
            if skeleton is not None:
                built.append(skeleton)
        if cache[template_id, shape] is not None:
            skeletons[template_id, key] = cache[template_id, shape]
    if not skeletons:
        return 0
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_SKELETONS}"
                " (template_id BIGINT, shape BIGINT, skeleton INTEGER)")
    con.executemany(f"INSERT INTO {_SKELETONS} VALUES (?, ?, ?)",
                    [[template_id, key, number] for (template_id, key), number in skeletons.items()])
    cases, params = [], {}
    for number, skeleton in enumerate(built):
        expression, bound = fill_sql(skeleton, number)
        cases.append(f"WHEN {number} THEN {expression}")
        params |= bound
    count = con.execute(f"""
    INSERT INTO {table}
    SELECT sku, html FROM (
        SELECT v.sku, CASE k.skeleton {' '.join(cases)} END AS html
        FROM {ROWS} v JOIN {_SKELETONS} k USING (template_id, shape))
    WHERE html IS NOT NULL""", params).fetchone()[0]
    con.execute(f"DROP TABLE {_SKELETONS}")
    return count
