"""Templated descriptions for an export: rendered once per distinct set of values, sanitised.

A sent record with a template (its own, else the exporting account's default) gets the rendered
HTML in the Description column; records without one are untouched. DuckDB groups the sent rows
by template and values (``GROUP BY ALL``), so Python renders each distinct set once — the SKU
lists come back with it — and the results go back as one table, ``export_descriptions``.

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
from aimsi_ebay.ops.listings.templates import VALUE_COLUMNS, template_values, values_sql

TABLE = "export_descriptions"


def render_descriptions(con: duckdb.DuckDBPyConnection, seller: SellerAccount) -> int:
    """Fill ``export_descriptions (sku, html)`` for the templated rows of ``export_sent``.

    Returns how many records got a rendered description. Call after ``sent_view``.
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE {TABLE} (sku VARCHAR, html VARCHAR)")
    params = {"account": seller.account_id}
    default = con.execute("SELECT template_id FROM description_templates"
                          " WHERE account_id = $account AND is_default", params).fetchone()
    params["default"] = default[0] if default else None
    chosen = "coalesce(r.template_id, $default)"
    groups = con.execute(
        f"SELECT {chosen} AS template_id, {', '.join(VALUE_COLUMNS)}, list(r.sku) AS skus"
        f" FROM ({values_sql('export_sent', with_template=True)}) r"
        f" WHERE {chosen} IS NOT NULL GROUP BY ALL", params).fetchall()
    if not groups:
        return 0
    sources = {template_id: (name, source) for template_id, name, source in con.execute(
        "SELECT template_id, name, source FROM description_templates WHERE account_id = $account"
        " AND template_id IN (SELECT unnest($ids))",
        {"account": seller.account_id, "ids": sorted({row[0] for row in groups})}).fetchall()}
    compiled: dict[int, DescriptionTemplate] = {}
    cache: dict[tuple[int, TemplateValues], RenderedDescription] = {}
    skus: list[str] = []
    htmls: list[str] = []
    refused: list[tuple[str, list[str]]] = []
    for template_id, *values, group in groups:
        if template_id not in sources:  # a record naming a template of another account
            refused += [(sku, ["Description: its template belongs to another account"])
                        for sku in group]
            continue
        template = compiled.get(template_id)
        if template is None:
            name, source = sources[template_id]
            template = compiled[template_id] = DescriptionTemplate(source, name)
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
