"""Skeletons of linear templates: filling one gives byte for byte what rendering gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.description_skeleton import (
    Shape,
    build_skeleton,
    fill,
    is_linear,
    shape_of,
    source_values,
    stable_html,
)
from aimsi_ebay.formats.description_template import (
    TEXT_PLACEHOLDERS,
    DescriptionTemplate,
    TemplateValues,
)
from aimsi_ebay.rules.listing_policy import sanitise_description

GOLDEN = Path(__file__).parent / "golden" / "templates"
CONSTANTS = {"shipping": "<p>Ships in 1 day.</p>", "returns": "<p>30-day returns</p>",
             "payment": ""}

# Linear templates, each putting values somewhere different.
LINEAR = {
    "bench": """<h2>{{ title }}</h2>
{{ description }}
<ul>{% for name, value in specifics|dictsort %}<li>{{ name }}: {{ value }}</li>{% endfor %}</ul>
<p>{{ condition }}</p>{{ shipping }}{{ returns }}
""",
    "branches": "{% if subtitle %}<p><em>{{ subtitle }}</em></p>{% else %}<p>-</p>{% endif %}"
                "{% for url in pictures %}<img src=\"{{ url }}\" alt=\"{{ title }} {{ loop.index }}\">"
                "{% else %}no pictures{% endfor %}<p class=\"{{ title|default('x') }}\">"
                "{{ brand or model }}</p>",
    "starts": "{{ title }}<p>{{ upc }}</p>",
    "in_p": "<p>{{ description }} · {{ size }}</p>",
    "in_list": "<ul><li>{{ description }}</li>{% for n, v in specifics|items %}<li>{{ n }}={{ "
               "v }}</li>{% endfor %}{% for n in specifics|list %}{{ n }}{% endfor %}</ul>",
    "in_bold": "<b>{{ description }}</b><a href=\"{{ pictures[0] }}\">{{ colour }}</a>"
               "{{ specifics['Brand']|default('none') }}{{ specifics.Model|default('')|e }}",
    "cycle": "{% for url in pictures|reverse %}<span class=\"{{ loop.cycle('odd', 'even') }}\">"
             "{{ url }}</span>{% endfor %}{{ pictures|length }} {{ 'x' ~ title ~ 'y' }}",
}
NOT_LINEAR = [
    "{{ title|upper }}", "{{ title|truncate(10) }}", "{% if title == 'x' %}a{% endif %}",
    "{{ title|safe }}", "{% for u in pictures|sort %}{{ u }}{% endfor %}",
    "{% for u in pictures %}{{ loop.changed(u) }}{% endfor %}", "{{ specifics }}",
    "{% for pair in specifics|items %}{{ pair }}{% endfor %}", "{{ title|length }}",
    "{% autoescape false %}{{ title }}{% endautoescape %}", "{{ title[0] }}",
    "{% for u in pictures if u %}{{ u }}{% endfor %}", "{{ pictures }}",
]

TEXT = st.text(st.sampled_from(list("ab \n\r\t\0\"'<>&;=/\xa0\ufeff\ue000\ue001\u2028é😀#")),
               max_size=12)
TAGS = ["<p>", "</p>", "<div>", "</div>", "<ul>", "</ul>", "<li>", "</li>", "<b>", "</b>",
        "<h2>", "</h2>", "<br>", "<hr>", "<span>", "</span>", "<em>", "</em>", "<i class=\"k\">",
        "</i>", "&amp;", "&lt;", "&quot;", "<!-- c -->", "<script>x</script>", "<a href=\"#\">"]
HTML = st.lists(st.one_of(st.sampled_from(TAGS), TEXT), max_size=10).map("".join)
# Nested elements, some of which the parser would rearrange (a list item outside a list, a
# block in a paragraph, a heading in a heading).
NESTED = st.recursive(TEXT, lambda inner: st.tuples(
    st.sampled_from(["p", "div", "b", "span", "ul", "ol", "li", "h2", "h3", "em", "blockquote"]),
    st.lists(inner, max_size=3)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
    max_leaves=8)
URL = st.sampled_from(["https://i.example/a.jpg", "https://i.example/b.jpg#x", "https://i.example/a?b=1&c=2", "http://i.example/x",
                       "javascript:alert(1)", "https://i.example/a b", "/relative.jpg",
                       "https://i.example/\"q\"", "https://i.example/é"])
SPECIFICS = st.dictionaries(st.sampled_from(["Brand", "Model", "MPN", "Color", "UPC"]),
                            TEXT.filter(bool), max_size=5)


@st.composite
def record_values(draw) -> TemplateValues:
    return TemplateValues(
        **{name: draw(TEXT) for name in TEXT_PLACEHOLDERS},
        description=draw(st.one_of(HTML, TEXT, NESTED)),
        **CONSTANTS,
        specifics=tuple(draw(SPECIFICS).items()),
        pictures=tuple(draw(st.lists(URL, max_size=3))),
    )


def _skeleton(template: DescriptionTemplate, values: TemplateValues):
    shape = shape_of(values)
    assert shape is not None
    return build_skeleton(template, shape, CONSTANTS)


@pytest.mark.parametrize("name", sorted(LINEAR))
def test_linear_templates_are_recognised(name):
    assert is_linear(DescriptionTemplate(LINEAR[name], name))


@pytest.mark.parametrize("source", NOT_LINEAR)
def test_templates_that_read_values_are_not_linear(source):
    template = DescriptionTemplate(source)
    assert not is_linear(template)
    assert build_skeleton(template, Shape(frozenset({"title"}), ("Brand",), 1), {}) is None


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(sorted(LINEAR)), values=record_values())
def test_a_filled_skeleton_is_the_rendered_description(name, values):
    template = DescriptionTemplate(LINEAR[name], name)
    skeleton = _skeleton(template, values)
    rendered = template.render(values)
    if skeleton is None:  # the shape has no skeleton: rendering it must fail or be unusual
        assume(False)
    filled = fill(skeleton, source_values(values))
    if filled is not None:
        assert rendered.error is None
        assert filled == rendered.html


@settings(max_examples=100, deadline=None)
@given(values=record_values())
def test_plain_values_always_fill(values):
    """Text anywhere and plain record HTML in a free place never need the slow path."""
    template = DescriptionTemplate(LINEAR["bench"], "bench")
    plain = TemplateValues(**{**{n: getattr(values, n) for n in TemplateValues.__slots__},
                              "description": "<p>Plain &amp; simple</p><ul><li>x</li></ul>"})
    skeleton = _skeleton(template, plain)
    assert skeleton is not None
    assert fill(skeleton, source_values(plain)) == template.render(plain).html


@pytest.mark.parametrize("source", [
    "<p style=\"color: {{ colour }}\">x</p>",  # the style filter reads the value
    "<pre>{{ title }}</pre>",  # the parser drops a leading line feed
    "<table>{{ title }}<tr><td>x</td></tr></table>",  # text in a table moves
    "<textarea>{{ description }}</textarea>",  # raw text
    "<a href=\"https://x.example/{{ title }}\">x</a>",  # part of a URL
    "<!-- {{ title }} -->",  # comments go
    "<p title=\"{{ description }}\">x</p>",  # HTML in an attribute
    "<p>{{ description }}</p>",  # fine, but ...
])
def test_skeletons_refuse_places_where_values_change_meaning(source):
    values = TemplateValues(title="T", colour="red", description="<div>d</div>")
    skeleton = _skeleton(DescriptionTemplate(source), values)
    if source == "<p>{{ description }}</p>":  # ... a block inside <p> goes the slow way
        assert skeleton is not None and fill(skeleton, source_values(values)) is None
    else:
        assert skeleton is None


@settings(max_examples=300, deadline=None)
@given(html=st.one_of(HTML, NESTED), ancestors=st.sampled_from([(), ("p",), ("li",), ("b",), ("div", "span")]))
def test_stable_html_is_what_the_sanitiser_leaves_unchanged(html, ancestors):
    if stable_html(html, ancestors):
        opening = "".join(f"<{tag}>" for tag in ancestors)
        closing = "".join(f"</{tag}>" for tag in reversed(ancestors))
        wrapped = f"{opening}{html}{closing}"
        assert sanitise_description(wrapped, True).text == wrapped


def test_golden_templates_that_are_linear_fill_as_they_render():
    checked = 0
    for path in sorted(GOLDEN.glob("*.j2")):
        try:
            template = DescriptionTemplate(path.read_text(encoding="utf-8"), path.stem)
        except Exception:  # the golden error cases
            continue
        values_path = GOLDEN / f"{path.stem}.values.json"
        if not values_path.exists():
            values_path = GOLDEN / "default.values.json"
        values = TemplateValues.from_mapping(json.loads(values_path.read_text()))
        shape = shape_of(values)
        constants = {name: getattr(values, name) for name in ("shipping", "returns", "payment")}
        skeleton = (build_skeleton(template, shape, constants) if shape and is_linear(template)
                    else None)
        if skeleton is None:
            continue
        filled = fill(skeleton, source_values(values))
        if filled is not None:
            assert filled == template.render(values).html, path.stem
            checked += 1
    assert checked >= 1
