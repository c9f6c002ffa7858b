"""Description templates against golden files (regenerate on purpose: AIMSI_REGENERATE_GOLDEN=1).

Each ``golden/templates/<case>.j2`` renders with ``<case>.values.json`` (else
``default.values.json``); ``<case>.expected.json`` holds the sanitised HTML, what the sanitiser
removed and the empty placeholders, or the error: when it was found, its line and placeholder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats import description_template
from aimsi_ebay.formats.description_template import (
    MAX_OUTPUT_CHARS,
    MAX_TEMPLATE_CHARS,
    DescriptionTemplate,
    TemplateError,
    TemplateValues,
    render_distinct,
    text_to_html,
)

GOLDEN = Path(__file__).parent / "golden" / "templates"
REGENERATE = os.environ.get("AIMSI_REGENERATE_GOLDEN") == "1"  # only on purpose
CASES = sorted(path.stem for path in GOLDEN.glob("*.j2"))


def _values(case: str) -> TemplateValues:
    path = GOLDEN / f"{case}.values.json"
    if not path.exists():
        path = GOLDEN / "default.values.json"
    return TemplateValues.from_mapping(json.loads(path.read_text()))


def _error(stage: str, error: TemplateError) -> dict[str, object]:
    assert isinstance(error, InputError)
    assert "Traceback" not in error.message and "\n" not in error.message
    return {"error": {"stage": stage, "line": error.row, "placeholder": error.field,
                      "message": error.message}}


def _outcome(case: str) -> dict[str, object]:
    source = (GOLDEN / f"{case}.j2").read_text()
    try:
        template = DescriptionTemplate(source, case)
    except TemplateError as error:
        return _error("compile", error)
    rendered = template.render(_values(case))
    if rendered.error is not None:
        return _error("render", rendered.error)
    return {"html": rendered.html, "removed": list(rendered.removed),
            "missing": list(rendered.missing)}


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    expected_path = GOLDEN / f"{case}.expected.json"
    outcome = _outcome(case)
    if REGENERATE:
        expected_path.write_text(json.dumps(outcome, indent=2, ensure_ascii=False) + "\n")
    assert outcome == json.loads(expected_path.read_text())


def test_every_case_has_its_expectation_and_the_escapes_are_refused():
    assert {p.name.removesuffix(".expected.json") for p in GOLDEN.glob("*.expected.json")} == set(CASES)
    for case in CASES:
        if case.startswith("escape_"):
            assert "error" in json.loads((GOLDEN / f"{case}.expected.json").read_text()), case


def test_all_placeholders_uses_every_placeholder():
    template = DescriptionTemplate((GOLDEN / "all_placeholders.j2").read_text())
    assert template.uses >= set(description_template.PLACEHOLDERS)


def test_a_template_over_the_size_limit_is_refused():
    with pytest.raises(TemplateError, match="limit is 100,000"):
        DescriptionTemplate("x" * (MAX_TEMPLATE_CHARS + 1), "huge")


def test_output_over_ebays_limit_is_an_error_not_a_huge_string():
    template = DescriptionTemplate(
        "{% for a in pictures %}{% for b in pictures %}{{ description }}{% endfor %}{% endfor %}")
    values = TemplateValues(description="x" * 10_000, pictures=tuple(f"p{n}" for n in range(10)))
    rendered = template.render(values)
    assert rendered.error is not None and "500,000" in rendered.error.message
    assert len("x" * 10_000) * 100 > MAX_OUTPUT_CHARS  # the case really is over the limit


def test_render_time_limit(monkeypatch):
    monkeypatch.setattr(description_template, "MAX_RENDER_SECONDS", -1.0)
    rendered = DescriptionTemplate("<p>{{ title }}</p>").render(TemplateValues(title="x"))
    assert rendered.error is not None and "longer than" in rendered.error.message


def test_a_stalled_machine_does_not_stop_a_render(monkeypatch):
    """Wall-clock time leaping (a loaded machine) is not the template's CPU time."""
    clock = iter(range(0, 10_000, 10))
    monkeypatch.setattr(description_template.time, "perf_counter", lambda: float(next(clock)))
    monkeypatch.setattr(description_template.time, "monotonic", lambda: float(next(clock)))
    rendered = DescriptionTemplate("<p>{{ title }}</p>" * 50).render(TemplateValues(title="x"))
    assert rendered.error is None


def test_too_many_pictures_are_refused():
    rendered = DescriptionTemplate("{{ title }}").render(
        TemplateValues(pictures=tuple(str(n) for n in range(101))))
    assert rendered.error is not None and rendered.error.field == "pictures"


def test_text_values_are_escaped_and_html_values_sanitised():
    rendered = DescriptionTemplate("<h2>{{ title }}</h2>{{ shipping }}").render(
        TemplateValues(title="<b>A & B</b>", shipping='<p onmouseover="x()">Free</p>'))
    assert rendered.html == "<h2>&lt;b&gt;A &amp; B&lt;/b&gt;</h2><p>Free</p>"
    assert rendered.removed == ("onmouseover attribute",)


def test_render_distinct_renders_each_distinct_set_once(monkeypatch):
    template = DescriptionTemplate("<p>{{ title }}</p>")
    calls = []
    render = template.render
    monkeypatch.setattr(template, "render", lambda values: calls.append(values) or render(values))
    records = [TemplateValues(title=f"T{n % 3}", pictures=(f"https://p/{n % 3}",))
               for n in range(30)]
    cache: dict = {}
    results = render_distinct(template, records, cache)
    assert [r.html for r in results] == [f"<p>T{n % 3}</p>" for n in range(30)]
    assert len(calls) == 3
    render_distinct(template, records[:5], cache)  # a later chunk of the same export
    assert len(calls) == 3


def test_a_record_error_is_data_and_other_records_still_render():
    template = DescriptionTemplate("<p>{{ specifics['Neck'] }}</p>")
    with_neck = TemplateValues.from_mapping({"specifics": {"Neck": "Maple"}})
    results = render_distinct(template, [with_neck, TemplateValues(), with_neck])
    assert [r.html for r in results] == ["<p>Maple</p>", "", "<p>Maple</p>"]
    assert results[1].error is not None and results[1].error.field == "specifics['Neck']"


def test_from_mapping_names_unknown_fields():
    with pytest.raises(InputError, match="colour_name"):
        TemplateValues.from_mapping({"colour_name": "Red"})


def test_text_to_html_escapes_and_keeps_paragraphs():
    assert text_to_html("A <b> & C\nnext line\n\nSecond") == (
        "<p>A &lt;b&gt; &amp; C<br>next line</p><p>Second</p>")
    assert text_to_html("") == ""


def test_the_runtime_sandbox_holds_even_without_the_checks(monkeypatch):
    """Defence in depth: with the compile-time checks off, attributes and globals still fail."""
    monkeypatch.setattr(description_template, "_check", lambda tree, name: frozenset())
    for source in ("{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__ }}",
                   "{{ title.upper() }}", "{{ range(3)|list }}"):
        rendered = DescriptionTemplate(source, "unchecked").render(TemplateValues(title="x"))
        assert rendered.error is not None and rendered.html == "", source
