"""Templated descriptions for an export: rendered, sanitised, each distinct result computed once.

A sent record with a template (its own, else the exporting account's default) gets the rendered
HTML in the Description column; records without one are untouched. The results go into one
table, ``export_descriptions``, by two paths that give byte-identical HTML:

- fast (``descriptions_fast``): a linear template is rendered and sanitised once per shape with
  markers for the values, and DuckDB places each row's escaped values into that skeleton;
- slow: everything else is grouped by template and values (``GROUP BY ALL``), so Python renders
  each distinct set once — the SKU lists come back with it.

A record whose template cannot be rendered for it (e.g. it prints a specific the record lacks)
is not sent: its reason joins ``export_verdicts`` like any broken listing rule.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from aimsi_ebay.formats.description_template import (
    DescriptionTemplate,
    RenderedDescription,
    TemplateValues,
)
from aimsi_ebay.ops.accounts import SellerAccount
from aimsi_ebay.ops.export import descriptions_fast
from aimsi_ebay.ops.listings.templates import VALUE_COLUMNS, template_values

TABLE = "export_descriptions"


def render_descriptions(con: duckdb.DuckDBPyConnection, seller: SellerAccount, *,
                        fast: bool = True) -> int:
    """Fill ``export_descriptions (sku, html)`` for the templated rows of ``export_sent``.

    Returns how many records got a rendered description. Call after ``sent_view``. ``fast``
    False renders every row the slow way (what the fast path is tested against).
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE {TABLE} (sku VARCHAR, html VARCHAR)")
    params = {"account": seller.account_id}
    default = con.execute("SELECT template_id FROM description_templates"
                          " WHERE account_id = $account AND is_default", params).fetchone()
    params["default"] = default[0] if default else None
    descriptions_fast.collect_rows(con, params)
    rows = descriptions_fast.ROWS
    ids = [row[0] for row in con.execute(f"SELECT DISTINCT template_id FROM {rows}").fetchall()]
    if not ids:
        con.execute(f"DROP TABLE {rows}")
        return 0
    found = con.execute(
        "SELECT template_id, name, source FROM description_templates WHERE account_id = $account"
        " AND template_id IN (SELECT unnest($ids))", {"account": seller.account_id, "ids": ids}
    ).fetchall()
    compiled = {template_id: DescriptionTemplate(source, name) for template_id, name, source in found}
    done = 0
    if fast:
        texts = con.execute("SELECT shipping_text, returns_text, payment_text FROM seller_accounts"
                            " WHERE account_id = $account", {"account": seller.account_id}).fetchone()
        constants = dict(zip(("shipping", "returns", "payment"), texts or (), strict=False))
        done = descriptions_fast.fill_rows(con, compiled, constants, TABLE)
    if done < con.execute(f"SELECT count(*) FROM {rows}").fetchone()[0]:
        done += _render_rest(con, compiled)
    con.execute(f"DROP TABLE {rows}")
    return done


def _render_rest(con: duckdb.DuckDBPyConnection, compiled: dict[int, DescriptionTemplate]) -> int:
    """The slow path: the rows without a description yet, rendered per distinct set of values."""
    groups = con.execute(
        f"SELECT template_id, {', '.join(VALUE_COLUMNS)}, list(sku) AS skus"
        f" FROM {descriptions_fast.ROWS} ANTI JOIN {TABLE} USING (sku) GROUP BY ALL").fetchall()
    cache: dict[tuple[int, TemplateValues], RenderedDescription] = {}
    skus: list[str] = []
    htmls: list[str] = []
    refused: list[tuple[str, list[str]]] = []
    for template_id, *values, group in groups:
        template = compiled.get(template_id)
        if template is None:  # a record naming a template of another account
            refused += [(sku, ["Description: its template belongs to another account"])
                        for sku in group]
            continue
        key = (template_id, template_values(values))
        rendered = cache.get(key)
        if rendered is None:
            rendered = cache[key] = template.render(key[1])
        if rendered.error is not None:
            refused += [(sku, [f"Description: {rendered.error.message}"]) for sku in group]
        else:
            skus += group
            htmls += [rendered.html] * len(group)
    if refused:
        con.executemany("INSERT INTO export_verdicts (sku, errors, warnings) VALUES (?, ?, NULL)",
                        [list(row) for row in refused])
    if skus:
        frame = pd.DataFrame({"sku": skus, "html": htmls}, dtype=object)
        con.register("export_rendered", frame)
        con.execute(f"INSERT INTO {TABLE} SELECT sku, html FROM export_rendered")
        con.unregister("export_rendered")
    return len(skus)
