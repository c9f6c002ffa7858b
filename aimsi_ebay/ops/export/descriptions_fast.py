"""Templated descriptions in SQL: one skeleton per template and shape, the values placed by DuckDB.

``descriptions.render_descriptions`` plans the fast path here, in three steps:

1. ``plan_rows``: every templated row of ``export_sent`` gets its template, shape and what decides
   whether a skeleton can take its values (``export_template_rows``: small, no descriptions);
2. ``plan_skeletons``: a ``Skeleton`` per distinct (template, shape), built in Python — a handful,
   not one per row — and the rows they can take (``export_fast``: sku, skeleton);
3. the upload file's COPY fills each fast row's skeleton as it writes the row (``fill_sql``;
   ``aimsi_ebay.sql.description_fill`` escapes the values as the sanitiser writes them). No
   description is computed twice or stored in between.

Every other templated row (a template that is not linear, a shape without a skeleton, values a
skeleton cannot take as they are) is the slow path's: rendered per distinct set of values.

Whether a record's HTML description is already sanitised is not assumed: the SKU editor and bulk
edit sanitise on save, but the demo store, imports and direct SQL (the benchmark) store it as
given. So a description is placed as it is only when SQL shows that the sanitiser would leave it
unchanged (``html_grammar``); plain text is turned into the paragraphs ``text_to_html`` makes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import duckdb

from aimsi_ebay.formats.description_skeleton import (
    SCALARS,
    Shape,
    Skeleton,
    build_skeleton,
    escape_attribute,
    escape_text,
)
from aimsi_ebay.formats.description_template import MAX_OUTPUT_CHARS, DescriptionTemplate
from aimsi_ebay.ops.listings.templates import NO_TEMPLATE_ID, SPECIFIC_COLUMNS
from aimsi_ebay.rules.listing_policy import CONDITIONS
from aimsi_ebay.sql.description_fill import (
    SAFE_URL,
    attribute_sql,
    blocks_allowed,
    has_paragraphs_sql,
    paragraphs_sql,
    stable_html_sql,
    text_sql,
)

ROWS = "export_template_rows"  # sku, template_id, shape, colour, size, upc, flow_ok, urls_ok, size_of
FAST = "export_fast"  # sku, skeleton, colour, size, upc: the rows the COPY fills
_SKELETONS = "export_skeleton_of"  # template_id, shape, skeleton
_EMPTY = "''"
_GROWTH = 7  # a value's characters in the raw rendering: at most 7 each (&quot; and <p></p>)

Columns = Callable[[str], str]  # a VALUE_COLUMNS name (or ``pictures``) -> its SQL


def _literal(text: str) -> str:
    """A constant of ours (condition names) as an SQL string."""
    return "'" + text.replace("'", "''") + "'"


def _sources(col: Columns) -> dict[str, str]:
    """Each value a slot can name, as SQL over the columns ``col`` gives."""
    is_html = f"coalesce({col('description_is_html')}, FALSE)"
    description = col("description")
    return {
        **{name: col(name) for name in SCALARS},
        "condition": f"CASE {col('condition_id')} " + " ".join(
            f"WHEN {number} THEN {_literal(name)}" for number, name in CONDITIONS.items()) + " END",
        # The record's description as its template sees it: its HTML, or its text as paragraphs.
        "description": f"CASE WHEN {is_html} THEN {description}"
                       f" ELSE {paragraphs_sql(f'coalesce({description}, {_EMPTY})')} END",
        **{f"specifics:{name}": col(column) for name, column in SPECIFIC_COLUMNS},
    }


def _pictures(col: Columns) -> str:
    return (f"list_filter(coalesce({col('image_urls')}, CAST([] AS VARCHAR[])),"
            " lambda url: coalesce(url, '') <> '')")


def _shape_sql(col: Columns, uses: frozenset[str],
               keep: Callable[[str], bool] = lambda name: True) -> str:
    """A row's shape as one number: a bit per SCALAR and per specific, then the picture count;
    only what the templates read (``uses``) is looked at, the rest counts as empty. ``keep``
    picks the terms (by slot name) to sum: the shape is the sum of its parts."""
    sources = _sources(col)
    is_html = f"coalesce({col('description_is_html')}, FALSE)"
    present = {name: f"{expr} <> ''" for name, expr in sources.items()} | {
        "description": f"CASE WHEN {is_html} THEN {col('description')} <> ''"
                       f" ELSE coalesce({has_paragraphs_sql(col('description'))}, FALSE) END"}
    bits = [*SCALARS, *(f"specifics:{name}" for name, _ in SPECIFIC_COLUMNS)]
    terms = [f"CASE WHEN {present[name]} THEN {1 << bit} ELSE 0 END"
             for bit, name in enumerate(bits) if name.split(":")[0] in uses and keep(name)]
    if "pictures" in uses and keep("pictures"):
        terms.append(f"{_PICTURES} * len({_pictures(col)})")
    return " + ".join(terms) or "0"


_PICTURES = 1 << (len(SCALARS) + len(SPECIFIC_COLUMNS))


def decode_shape(key: int) -> Shape:
    """The ``Shape`` behind a row's shape number."""
    return Shape(frozenset(name for bit, name in enumerate(SCALARS) if key >> bit & 1),
                 tuple(name for bit, (name, _) in enumerate(SPECIFIC_COLUMNS, start=len(SCALARS))
                       if key >> bit & 1),
                 key // _PICTURES)


# The slots whose values come from the inventory (the SKU's colour, size and UPC).
_INVENTORY = frozenset({"colour", "size", "upc", "specifics:Color", "specifics:UPC"})


def plan_rows(con: duckdb.DuckDBPyConnection, params: Mapping[str, object],
              uses: frozenset[str], stock: str = "skus") -> None:
    """``export_template_rows`` for the templated rows of ``export_sent`` (``params``: the
    account's ``$default`` template; ``uses``: what the account's templates read; ``stock``:
    ``skus``, or the export's rows of it, ``selection.STOCK``).

    Everything the record alone decides (its part of the shape, whether its HTML and pictures
    can be placed, its values' lengths) is computed before the inventory is joined, so the join
    carries a few narrow columns, never the descriptions; the inventory's part is added after.
    """
    col: Columns = lambda name: f"v.{name}"  # noqa: E731
    texts = ("title", "subtitle", "brand", "model", "description", "specific_mpn")
    lengths = ["32", *(f"coalesce(length({col(name)}), 0)" for name in texts)]  # 32: condition
    flow_ok = urls_ok = "FALSE"
    # What the record's stored facts say (``placeable``; NULL where not known) is not decided
    # again.
    known = "placeable" in _columns(con, "export_sent")
    if "description" in uses:  # record HTML that can be placed as it is, wherever blocks can
        decided = f"coalesce({stable_html_sql('v.description', ())}, FALSE)"
        flow_ok = (f"CASE WHEN coalesce(v.description_is_html, FALSE)"
                   f" THEN {f'coalesce(v.placeable, {decided})' if known else decided} END")
    if "pictures" in uses:
        urls_ok = (f"coalesce(list_bool_and(list_transform({_pictures(col)},"
                   f" lambda url: regexp_full_match(url, '{SAFE_URL}'))), TRUE)")
        lengths.append(f"coalesce(list_sum(list_transform({_pictures(col)},"
                       " lambda url: length(url))), 0)")
    # The values as ``values_sql`` gives them; the inventory is read only if a template needs
    # its colour, size or UPC.
    inventory = bool(uses & {"colour", "size", "upc", "specifics"})
    joined: Columns = lambda name: f"w.{name}"  # noqa: E731
    # The record's template, else the account's default, unless the record chose none.
    template = f"nullif(coalesce(r.template_id, $default), {NO_TEMPLATE_ID})"
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE {ROWS} AS
    SELECT w.sku, w.template_id,
        w.record_shape + {_shape_sql(joined, uses, _INVENTORY.__contains__)} AS shape,
        w.colour, w.size, w.upc, w.flow_ok, w.urls_ok,
        w.record_size + coalesce(length(w.colour), 0) + coalesce(length(w.size), 0)
            + coalesce(length(w.upc), 0) AS size_of
    FROM (SELECT t.*, {"coalesce(t.specific_colour, s.colour)" if inventory else "NULL"} AS colour,
              {"s.size" if inventory else "NULL"} AS size,
              {"coalesce(t.specific_upc, s.upc)" if inventory else "NULL"} AS upc
          FROM (SELECT v.sku, v.template_id, v.specific_colour, v.specific_upc,
                    {_shape_sql(col, uses, lambda name: name not in _INVENTORY)} AS record_shape,
                    {flow_ok} AS flow_ok, {urls_ok} AS urls_ok,
                    {' + '.join(lengths)} AS record_size
                FROM (SELECT r.sku, {template} AS template_id, r.title,
                          r.subtitle, r.specific_brand AS brand, r.specific_model AS model,
                          r.condition_id, r.description, r.description_is_html, r.image_urls,
                          r.specific_mpn, r.specific_colour, r.specific_upc
                          {", r.placeable" if known else ""}
                      FROM export_sent r
                      WHERE {template} IS NOT NULL) v) t
          {f"LEFT JOIN {stock} s ON s.sku = t.sku" if inventory else ""}) w""",
                {"default": params["default"]})


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> set[str]:
    return {column[0] for column in con.execute(f"SELECT * FROM {relation} LIMIT 0").description}


@dataclass
class Plan:
    """The skeletons the COPY fills, numbered as in ``export_fast``."""

    skeletons: list[Skeleton] = field(default_factory=list)

    def description_sql(self) -> tuple[str, dict[str, str]]:
        """The Description of a row of ``export_sent s`` joined with ``export_fast f``: its
        skeleton filled (NULL for rows that are not fast), and the parameters (the skeletons'
        parts: template text is bound, never formatted into SQL)."""
        cases, params = [], {}
        for number, skeleton in enumerate(self.skeletons):
            expression, bound = fill_sql(skeleton, number, _copy_column)
            cases.append(f"WHEN {number} THEN {expression}")
            params |= bound
        return (f"CASE f.skeleton {' '.join(cases)} END" if cases else "NULL"), params


_FROM_FAST = {"colour": "f.colour", "size": "f.size", "upc": "f.upc"}
_FROM_SENT = {"brand": "s.specific_brand", "model": "s.specific_model"}


def _copy_column(name: str) -> str:
    return _FROM_FAST.get(name) or _FROM_SENT.get(name) or f"s.{name}"


def plan_skeletons(con: duckdb.DuckDBPyConnection, templates: Mapping[int, DescriptionTemplate],
                   constants: Mapping[str, str]) -> Plan:
    """Skeletons for the rows of ``export_template_rows`` and ``export_fast``: the rows they can
    take as they are."""
    plan = Plan()
    numbers: dict[tuple[int, int], int] = {}
    cache: dict[tuple[int, Shape], int | None] = {}
    for template_id, key in con.execute(
            f"SELECT DISTINCT template_id, shape FROM {ROWS}").fetchall():
        template = templates.get(template_id)
        if template is None:
            continue
        shape = decode_shape(key)
        if (template_id, shape) not in cache:
            skeleton = build_skeleton(template, shape, constants)
            usable = skeleton is not None and all(
                blocks_allowed(slot.ancestors) for slot in skeleton.slots if slot.context == "html")
            cache[template_id, shape] = len(plan.skeletons) if usable else None
            if usable:
                plan.skeletons.append(skeleton)
        if cache[template_id, shape] is not None:
            numbers[template_id, key] = cache[template_id, shape]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {FAST} (sku VARCHAR, skeleton INTEGER,"
                " colour VARCHAR, size VARCHAR, upc VARCHAR)")
    if not numbers:
        return plan
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_SKELETONS}"
                " (template_id BIGINT, shape BIGINT, skeleton INTEGER)")
    con.executemany(f"INSERT INTO {_SKELETONS} VALUES (?, ?, ?)",
                    [[template_id, key, number] for (template_id, key), number in numbers.items()])
    takes = " ".join(f"WHEN {number} THEN {_takes(skeleton)}"
                     for number, skeleton in enumerate(plan.skeletons))
    con.execute(f"""
    INSERT INTO {FAST}
    SELECT t.sku, k.skeleton, t.colour, t.size, t.upc
    FROM {ROWS} t JOIN {_SKELETONS} k USING (template_id, shape)
    WHERE CASE k.skeleton {takes} END""")
    con.execute(f"DROP TABLE {_SKELETONS}")
    return plan


def _takes(skeleton: Skeleton) -> str:
    """SQL over ``export_template_rows t``: can ``skeleton`` take the row's values as they are?"""
    checks = [f"{skeleton.raw_length} + {_GROWTH * len(skeleton.slots)} * t.size_of"
              f" <= {MAX_OUTPUT_CHARS}"]
    if any(slot.context == "html" for slot in skeleton.slots):  # HTML placeable, or plain text
        checks.append("coalesce(t.flow_ok, TRUE)")
    if any(slot.context == "url" for slot in skeleton.slots):
        checks.append("t.urls_ok")
    return " AND ".join(f"({check})" for check in checks)


def fill_sql(skeleton: Skeleton, number: int, col: Columns) -> tuple[str, dict[str, str]]:
    """One skeleton's description as SQL over the columns ``col`` gives (for rows it takes),
    and its parameters.

    A skeleton has slots for present values only (its shape), so no value is NULL and one
    ``concat`` (a single copy) builds what ``||`` would; the condition, a name of ours, is
    escaped here rather than per row.
    """
    sources = _sources(col)
    params = {f"s{number}_{index}": part for index, part in enumerate(skeleton.parts)}
    pieces = [f"$s{number}_0"]
    for index, slot in enumerate(skeleton.slots, start=1):
        if slot.source == "condition" and slot.context != "html":
            escape = (functools.partial(escape_text, at_start=slot.at_start)
                      if slot.context == "text" else escape_attribute)
            pieces.append(f"CASE {col('condition_id')} " + " ".join(
                f"WHEN {code} THEN {_literal(escape(name))}"
                for code, name in CONDITIONS.items()) + " END")
            pieces.append(f"$s{number}_{index}")
            continue
        if slot.source.startswith("pictures:"):
            value = f"{_pictures(col)}[{int(slot.source.split(':')[1]) + 1}]"
        else:
            value = sources[slot.source]
        if slot.context == "html":
            pieces.append(value)
        elif slot.context == "text":
            pieces.append(text_sql(value, at_start=slot.at_start))
        else:
            pieces.append(attribute_sql(value))
        pieces.append(f"$s{number}_{index}")
    return f"concat({', '.join(pieces)})", params
