"""Templated descriptions for an export: rendered, sanitised, each distinct result computed once.

A sent record with a template (its own, else the exporting account's default, unless it chose
none: ``templates.NO_TEMPLATE``) gets the rendered HTML in the Description column; records
without one are untouched. Two paths give byte-identical HTML:

- fast (``descriptions_fast``): a linear template is rendered and sanitised once per shape with
  markers for the values, and the upload file's COPY places each row's escaped values into that
  skeleton (``export_fast`` says which rows and skeletons);
- slow: everything else is grouped by template and values (``GROUP BY ALL``), so Python renders
  each distinct set once — the SKU lists come back with it — into ``export_descriptions``.

A record whose template cannot be rendered for it (e.g. it prints a specific the record lacks)
is not sent: its reason joins ``export_verdicts`` like any broken listing rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from aimsi_ebay.formats.description_template import (
    DescriptionTemplate,
    RenderedDescription,
    TemplateValues,
)
from aimsi_ebay.ops.accounts import SellerAccount
from aimsi_ebay.ops.export import descriptions_fast, selection
from aimsi_ebay.ops.listings.templates import VALUE_COLUMNS, template_values, values_sql

TABLE = "export_descriptions"


@dataclass(frozen=True)
class Descriptions:
    """What the upload file's COPY needs: the Description of fast rows (SQL over ``export_sent
    s`` LEFT JOIN ``export_fast f``) and its parameters; ``count`` templated rows in all."""

    count: int = 0
    fast_sql: str = "NULL"
    params: dict[str, str] = field(default_factory=dict)


def render_descriptions(con: duckdb.DuckDBPyConnection, seller: SellerAccount, *,
                        fast: bool = True) -> Descriptions:
    """Plan the templated rows of ``export_sent``: the slow ones rendered into
    ``export_descriptions (sku, html)``, the fast ones in ``export_fast`` for the COPY to fill.

    Call after ``sent_view`` (over ``select_into``'s copy). ``fast`` False renders every row the slow way (what the fast path
    is tested against).
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE {TABLE} (sku VARCHAR, html VARCHAR)")
    params = {"account": seller.account_id}
    found = con.execute("SELECT template_id, name, source, is_default FROM description_templates"
                        " WHERE account_id = $account", params).fetchall()
    compiled = {template_id: DescriptionTemplate(source, name)
                for template_id, name, source, _ in found}
    params["default"] = next((row[0] for row in found if row[3]), None)
    uses = frozenset().union(*(template.uses for template in compiled.values()))
    descriptions_fast.plan_rows(con, params, uses, selection.STOCK)
    rows = descriptions_fast.ROWS
    total = con.execute(f"SELECT count(*) FROM {rows}").fetchone()[0]
    plan = descriptions_fast.Plan()
    if fast and total:
        texts = con.execute("SELECT shipping_text, returns_text, payment_text FROM seller_accounts"
                            " WHERE account_id = $account", {"account": seller.account_id}).fetchone()
        constants = dict(zip(("shipping", "returns", "payment"), texts or (), strict=False))
        plan = descriptions_fast.plan_skeletons(con, compiled, constants)
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {descriptions_fast.FAST} (sku VARCHAR,"
                    " skeleton INTEGER, colour VARCHAR, size VARCHAR, upc VARCHAR)")
    done = con.execute(f"SELECT count(*) FROM {descriptions_fast.FAST}").fetchone()[0]
    if done < total:
        done += _render_rest(con, compiled, seller.account_id)
    con.execute(f"DROP TABLE {rows}")
    return Descriptions(done, *plan.description_sql())


def _render_rest(con: duckdb.DuckDBPyConnection, compiled: dict[int, DescriptionTemplate],
                 account_id: int) -> int:
    """The slow path: the rows without a description yet, rendered per distinct set of values."""
    groups = con.execute(
        f"SELECT t.template_id, {', '.join(f'r.{name}' for name in VALUE_COLUMNS)},"
        f" list(r.sku) AS skus FROM ({values_sql('export_sent')}) r"
        f" JOIN (SELECT sku, template_id FROM {descriptions_fast.ROWS}"
        f" ANTI JOIN {descriptions_fast.FAST} USING (sku)) t USING (sku) GROUP BY ALL",
        {"account": account_id}).fetchall()
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
