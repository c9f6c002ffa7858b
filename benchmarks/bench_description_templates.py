"""Render 100,000 templated descriptions with ~2,000 distinct value sets (issue 14).

    .venv/bin/python benchmarks/bench_description_templates.py [--records 100000] [--distinct 2000]

The export renders each template once per DISTINCT set of values (``render_distinct``), not once
per row. Printed: the time to map 100,000 rows to renderings (dict rows -> TemplateValues ->
render_distinct, the way the export will call it), the same from ready TemplateValues, and a
per-row rendering of a sample, scaled up, for comparison. Medians of --runs runs.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb
import nh3
import pandas as pd

from aimsi_ebay.formats import description_template
from aimsi_ebay.formats.description_template import (
    PLACEHOLDERS,
    DescriptionTemplate,
    TemplateValues,
    render_distinct,
)
from aimsi_ebay.rules import listing_policy as listing_rules

TEMPLATE = """<div class="listing">
<h2>{{ title }}</h2>{% if subtitle %}<h3>{{ subtitle }}</h3>{% endif %}
<table>
<tr><th>Brand</th><td>{{ brand }}</td></tr><tr><th>Model</th><td>{{ model }}</td></tr>
<tr><th>Colour</th><td>{{ colour }}</td></tr><tr><th>Size</th><td>{{ size }}</td></tr>
<tr><th>Condition</th><td>{{ condition }}</td></tr><tr><th>UPC</th><td>{{ upc }}</td></tr>
{% for name, value in specifics|dictsort %}<tr><th>{{ name }}</th><td>{{ value }}</td></tr>{% endfor %}
</table>
{{ description }}
{% for url in pictures %}<img src="{{ url }}" alt="{{ title }} picture {{ loop.index }}">{% endfor %}
<h3>Shipping</h3>{{ shipping }}<h3>Returns</h3>{{ returns }}<h3>Payment</h3>{{ payment }}
</div>"""


def rows(records: int, distinct: int) -> list[dict[str, object]]:
    """``records`` dict rows drawn from ``distinct`` value sets, shuffled (as an export sees them)."""
    rng = random.Random(14)
    brands = ["Fender", "Gibson", "Yamaha", "Roland", "Ibanez", "Martin", "Taylor", "Boss"]
    kinds = []
    for n in range(distinct):
        brand = brands[n % len(brands)]
        kinds.append({
            "title": f"{brand} Model {n} Electric Guitar & Case",
            "subtitle": "Free shipping" if n % 3 else "",
            "brand": brand, "model": f"M-{n}", "colour": ["Sunburst", "Black", "Red"][n % 3],
            "size": "", "condition": "New", "upc": f"{885978000000 + n}",
            "description": f"<p>A fine instrument, number {n}.</p><ul><li>Hard case</li></ul>",
            "shipping": "<p>Ships in 1 business day.</p>", "returns": "<p>30-day returns.</p>",
            "payment": "<p>Immediate payment required.</p>",
            "specifics": {"Body Type": "Solid", "Strings": "6", "Handedness": "Right"},
            "pictures": [f"https://pics.example.com/{n}/{k}.jpg" for k in range(1, 5)],
        })
    return [dict(kinds[rng.randrange(distinct)]) for _ in range(records)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--distinct", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = rows(args.records, args.distinct)
    template = DescriptionTemplate(TEMPLATE, "bench")

    def from_rows() -> int:
        values = [TemplateValues.from_mapping(row) for row in data]
        return len(render_distinct(template, values))

    ready = [TemplateValues.from_mapping(row) for row in data]
    distinct_seen = len(set(ready))

    def from_values() -> int:
        return len(render_distinct(template, ready))

    for label, run in (("rows -> values -> render_distinct", from_rows),
                       ("ready values -> render_distinct", from_values)):
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            assert run() == args.records
            times.append(time.perf_counter() - started)
        print(f"{label}: {statistics.median(times):.3f} s median of {args.runs} "
              f"({args.records:,} records, {distinct_seen:,} distinct)")

    con = duckdb.connect()
    frame = pd.DataFrame(
        [{**row, "specifics": json.dumps(row["specifics"]), "pictures": row["pictures"]}
         for row in data])
    frame.insert(0, "sku", [f"SKU{n:06d}" for n in range(len(frame))])
    con.execute("CREATE TABLE records AS SELECT * FROM frame")
    columns = ", ".join(PLACEHOLDERS)

    def sql_dedupe() -> int:
        """The export's way: DISTINCT in DuckDB, render in Python, join back in DuckDB."""
        distinct = con.execute(f"SELECT DISTINCT {columns} FROM records").fetchall()
        html = []
        for row in distinct:
            values = dict(zip(PLACEHOLDERS, row, strict=True))
            values["specifics"] = json.loads(values["specifics"])
            html.append(template.render(TemplateValues.from_mapping(values)).html)
        keys = pd.DataFrame(distinct, columns=list(PLACEHOLDERS)).assign(rendered=html)
        keys["pictures"] = keys["pictures"].map(list)
        con.register("rendered_keys", keys)
        joined = con.execute(
            f"SELECT count(r.rendered) FROM records JOIN rendered_keys r USING ({columns})"
        ).fetchone()[0]
        con.unregister("rendered_keys")
        return joined

    def timed(label: str, run) -> None:
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            assert run() == args.records
            times.append(time.perf_counter() - started)
        print(f"{label}: {statistics.median(times):.3f} s median of {args.runs}")

    timed("DuckDB DISTINCT -> render -> join back", sql_dedupe)

    # What the sanitiser would cost with one nh3.Cleaner built once (listing_rules builds its
    # allow-lists on every call); an experiment for the lead's move to rules/listing_policy.
    cleaner = nh3.Cleaner(
        tags=set(listing_rules.ALLOWED_TAGS), clean_content_tags={"script", "style"},
        attributes={tag: set(a) for tag, a in listing_rules.ALLOWED_ATTRIBUTES.items()},
        url_schemes={"https", "mailto"}, link_rel="noopener noreferrer")
    original = description_template.sanitise_description
    description_template.sanitise_description = (
        lambda text, is_html: listing_rules.Sanitised(cleaner.clean(text), []))
    try:
        timed("ready values -> render_distinct, sanitiser with a prebuilt nh3.Cleaner",
              from_values)
        timed("DuckDB DISTINCT -> render -> join back, prebuilt nh3.Cleaner", sql_dedupe)
    finally:
        description_template.sanitise_description = original

    sample = ready[:2_000]
    started = time.perf_counter()
    for values in sample:
        template.render(values)
    per_row = (time.perf_counter() - started) / len(sample)
    print(f"per-row rendering (no dedupe), scaled: {per_row * args.records:.1f} s "
          f"({per_row * 1e6:.0f} us a render)")


if __name__ == "__main__":
    main()
