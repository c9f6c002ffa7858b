"""Store description templates: HTML with placeholders from a record, in Jinja2's sandbox.

A seller account's template is HTML with ``{{ placeholders }}`` (see ``PLACEHOLDERS``), ``{% if %}``
and ``{% for %}`` over the record's pictures and item specifics. The language is Jinja2 cut down
to what a description needs, so that a template can neither reach Python objects nor run away:

- no attribute access beyond the given values: ``specifics['Body Type']`` / ``specifics.Brand``
  read a specific and ``loop.index`` a loop counter; nothing else has attributes, no name may
  start with ``_``, and no globals exist (``range``, ``cycler``, ``lipsum`` … are unknown);
- loops only over ``pictures`` and ``specifics`` (optionally through ``|items``, ``|dictsort``,
  ``|sort``, ``|reverse``, ``|list``), at most two deep; no ``recursive`` loops, macros, calls,
  ``set``/``with``, includes or ``* ** / // %`` (each of which can grow output without bound);
- a template is at most ``MAX_TEMPLATE_CHARS``; rendering stops at ``MAX_OUTPUT_CHARS`` (eBay's
  own limit for a description) or after ``MAX_RENDER_SECONDS`` of the rendering thread's CPU
  time (a runaway template burns CPU; a busy machine, which the export's benchmark showed can
  stall a process for seconds, must not refuse a record).

Problems are ``TemplateError`` (an ``InputError``) naming the template, line and placeholder,
never a traceback. A placeholder the record leaves empty renders as nothing and is listed in
``RenderedDescription.missing``; a specific the record lacks, printed unguarded, is an error (write
``{% if specifics['Neck'] %}…{% endif %}`` or ``|default('')``). The output always goes through the
listing policy's sanitiser, which says what it removed.
"""

from __future__ import annotations

import difflib
import html
import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateSyntaxError, Undefined, nodes
from jinja2.exceptions import TemplateAssertionError, UndefinedError
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from aimsi_ebay.errors import InputError

# The one import of the sanitiser (it moves to aimsi_ebay.rules.listing_policy).
from aimsi_ebay.rules.listing_policy import sanitise_description

MAX_TEMPLATE_CHARS = 100_000
MAX_OUTPUT_CHARS = 500_000  # eBay's limit for a listing description
MAX_RENDER_SECONDS = 2.0
MAX_LIST_ITEMS = 100  # pictures or item specifics given to one render
MAX_LOOP_DEPTH = 2

TEXT_PLACEHOLDERS = ("title", "subtitle", "brand", "model", "colour", "size", "condition", "upc")
HTML_PLACEHOLDERS = ("description", "shipping", "returns", "payment")
LIST_PLACEHOLDERS = ("specifics", "pictures")
PLACEHOLDERS = TEXT_PLACEHOLDERS + HTML_PLACEHOLDERS + LIST_PLACEHOLDERS
LOOP_FILTERS = frozenset({"items", "dictsort", "sort", "reverse", "list"})
FILTERS = (
    "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "items", "join",
    "last", "length", "list", "lower", "reverse", "safe", "sort", "string", "striptags", "title",
    "trim", "truncate", "upper", "urlencode", "wordcount",
)
LOOP_ATTRIBUTES = frozenset({
    "index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
    "previtem", "nextitem", "cycle", "changed",
})
_REFUSED = {
    nodes.Macro: "macros are not allowed",
    nodes.CallBlock: "{% call %} is not allowed",
    nodes.Assign: "{% set %} is not allowed",
    nodes.AssignBlock: "{% set %} is not allowed",
    nodes.With: "{% with %} is not allowed",
    nodes.Import: "imports are not allowed",
    nodes.FromImport: "imports are not allowed",
    nodes.Include: "{% include %} is not allowed",
    nodes.Extends: "{% extends %} is not allowed",
    nodes.Block: "{% block %} is not allowed",
    nodes.Mul: "'*' is not allowed",
    nodes.Pow: "'**' is not allowed",
    nodes.Div: "'/' is not allowed",
    nodes.FloorDiv: "'//' is not allowed",
    nodes.Mod: "'%' is not allowed",
}


class TemplateError(InputError):
    """A template that cannot be used, or cannot be rendered for one record: template, line, placeholder."""

    def __init__(self, reason: str, *, template: str, line: int | None = None,
                 placeholder: str | None = None) -> None:
        super().__init__(reason, file=template, row=line, field=placeholder)

    @property
    def message(self) -> str:
        where = [f"template {self.file!r}"]
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.field:
            where.append(f"{{{{ {self.field} }}}}")
        return f"{', '.join(where)}: {self.reason}"


@dataclass(frozen=True, slots=True)
class TemplateValues:
    """What one record gives its template; hashable, so equal records render once.

    Text fields are escaped in the output; ``description``, ``shipping``, ``returns`` and
    ``payment`` are HTML (a plain-text description goes through ``text_to_html`` first).
    """

    title: str = ""
    subtitle: str = ""
    brand: str = ""
    model: str = ""
    colour: str = ""
    size: str = ""
    condition: str = ""
    upc: str = ""
    description: str = ""
    shipping: str = ""
    returns: str = ""
    payment: str = ""
    specifics: tuple[tuple[str, str], ...] = ()
    pictures: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> TemplateValues:
        """From a row or dict: None is empty, specifics a dict (or pairs), pictures a list."""
        unknown = set(values) - set(PLACEHOLDERS)
        if unknown:
            raise InputError(f"not template placeholders: {', '.join(sorted(unknown))}")
        text = {name: str(values.get(name) or "") for name in TEXT_PLACEHOLDERS + HTML_PLACEHOLDERS}
        specifics = values.get("specifics") or ()
        pairs = specifics.items() if isinstance(specifics, Mapping) else specifics
        return cls(
            **text,
            specifics=tuple((str(name), str(value or "")) for name, value in pairs),
            pictures=tuple(str(url) for url in values.get("pictures") or () if url),
        )


@dataclass(frozen=True, slots=True)
class RenderedDescription:
    """One rendering: sanitised HTML, what the sanitiser removed, which placeholders were empty."""

    html: str = ""
    removed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    error: TemplateError | None = None


def text_to_html(text: str) -> str:
    """A plain-text description as HTML: escaped, blank lines make paragraphs, newlines breaks."""
    paragraphs = [part.strip("\n") for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + html.escape(part).replace("\n", "<br>") + "</p>" for part in paragraphs if part.strip()
    )


class _MissingValue(UndefinedError):
    """A missing value was printed; ``name`` is the key or attribute the template asked for."""

    def __init__(self, message: str, name: str | None) -> None:
        super().__init__(message)
        self.name = name


class _Missing(Undefined):
    """Empty in ``if`` and ``|default``, an error when printed (naming what was missing)."""

    __slots__ = ()

    def __str__(self) -> str:
        raise _MissingValue(self._undefined_message, self._undefined_name)

    __html__ = __str__


class _Environment(SandboxedEnvironment):
    """The sandbox with item access on the given dicts and loop counters only."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict):
            return self.getitem(obj, attribute)
        if isinstance(obj, LoopContext) and attribute in LOOP_ATTRIBUTES:
            return getattr(obj, attribute)
        return self.undefined(f"{attribute!r} is not a value a template can read",
                              obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, dict) and isinstance(argument, str):
            if argument in obj:
                return obj[argument]
            return self.undefined(f"this record has no item specific {argument!r}",
                                  obj=obj, name=f"specifics[{argument!r}]")
        if isinstance(obj, (str, tuple, list)) and isinstance(argument, (int, slice)):
            try:
                return obj[argument]
            except IndexError:
                return self.undefined(f"there is no item {argument} (this record has {len(obj)})",
                                      obj=obj, name=f"[{argument}]")
        return self.undefined(f"{argument!r} is not a value a template can read",
                              obj=obj, name=str(argument))


_ENV = _Environment(autoescape=True, undefined=_Missing, keep_trailing_newline=True)
_ENV.globals.clear()
_ENV.filters = {name: _ENV.filters[name] for name in FILTERS}


class DescriptionTemplate:
    """A checked, compiled template: ``DescriptionTemplate(source, name).render(values)``."""

    def __init__(self, source: str, name: str = "template") -> None:
        self.name = name
        if len(source) > MAX_TEMPLATE_CHARS:
            raise TemplateError(
                f"is {len(source):,} characters; the limit is {MAX_TEMPLATE_CHARS:,}", template=name)
        try:
            tree = _ENV.parse(source)
            self.uses = _check(tree, name)
            self.tree = tree  # read by description_skeleton (is the template linear?)
            self._template = _ENV.from_string(tree)
        except TemplateSyntaxError as error:  # includes TemplateAssertionError (unknown filter)
            raise TemplateError(_jinja_reason(error), template=name, line=error.lineno) from None

    def render(self, values: TemplateValues) -> RenderedDescription:
        """Render for one record; a problem comes back as ``RenderedDescription.error``."""
        try:
            raw = self._generate(values)
        except TemplateError as error:
            return RenderedDescription(error=error)
        sanitised = sanitise_description(raw, True)
        missing = tuple(name for name in PLACEHOLDERS
                        if name in self.uses and not getattr(values, name))
        return RenderedDescription(sanitised.text, tuple(sanitised.removed), missing)

    def _generate(self, values: TemplateValues) -> str:
        for name in LIST_PLACEHOLDERS:
            if len(getattr(values, name)) > MAX_LIST_ITEMS:
                raise TemplateError(f"more than {MAX_LIST_ITEMS} {name}", template=self.name,
                                    placeholder=name)
        context: dict[str, Any] = {name: getattr(values, name) for name in TEXT_PLACEHOLDERS}
        context |= {name: Markup(getattr(values, name)) for name in HTML_PLACEHOLDERS}
        context["specifics"] = dict(values.specifics)
        context["pictures"] = list(values.pictures)
        deadline = time.thread_time() + MAX_RENDER_SECONDS
        chunks: list[str] = []
        size = 0
        try:
            for chunk in self._template.generate(context):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateError(f"the description would be longer than eBay's "
                                        f"{MAX_OUTPUT_CHARS:,} characters", template=self.name)
                if time.thread_time() > deadline:
                    raise TemplateError(f"rendering took longer than {MAX_RENDER_SECONDS} s",
                                        template=self.name)
        except TemplateError:
            raise
        except UndefinedError as error:
            raise TemplateError(str(error), template=self.name, line=_line(error),
                                placeholder=getattr(error, "name", None)) from None
        except Exception as error:  # a template mistake: its message and line, never a traceback
            raise TemplateError(f"cannot render: {error}", template=self.name,
                                line=_line(error)) from None
        return "".join(chunks)


def render_distinct(
    template: DescriptionTemplate,
    records: Iterable[TemplateValues],
    cache: dict[TemplateValues, RenderedDescription] | None = None,
) -> list[RenderedDescription]:
    """One rendering per record, rendering each distinct set of values once.

    Pass the same ``cache`` to successive calls (chunks of one export) to share renderings.
    """
    cache = {} if cache is None else cache
    results = []
    for values in records:
        rendered = cache.get(values)
        if rendered is None:
            rendered = cache[values] = template.render(values)
        results.append(rendered)
    return results


def _check(tree: nodes.Template, name: str) -> frozenset[str]:
    """Refuse what could escape or run away; return the placeholders the template uses.

    Reports the first problem by line; on one line an unknown placeholder comes first (the
    most useful thing to fix: ``{{ cycler.__init__ }}`` names ``cycler``).
    """
    targets = {node.name for loop in tree.find_all(nodes.For)
               for node in (loop.target, *loop.target.find_all(nodes.Name))
               if isinstance(node, nodes.Name)}
    uses = set()
    problems: list[tuple[int, int, TemplateError]] = []

    def refuse(node: nodes.Node, reason: str, placeholder: str | None = None) -> None:
        problems.append((node.lineno, placeholder is None,
                         TemplateError(reason, template=name, line=node.lineno,
                                       placeholder=placeholder)))

    for node in tree.find_all(nodes.Node):
        refused = next((why for kind, why in _REFUSED.items() if isinstance(node, kind)), None)
        if refused:
            refuse(node, refused)
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name not in PLACEHOLDERS and node.name not in targets and node.name != "loop":
                refuse(node, _unknown(node.name), node.name)
            uses.add(node.name)
        elif (isinstance(node, nodes.Getattr) and node.attr.startswith("_")) or (
                isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const)
                and str(node.arg.value).startswith("_")):
            attribute = node.attr if isinstance(node, nodes.Getattr) else node.arg.value
            refuse(node, f"names starting with '_' are not allowed ({attribute})")
        elif isinstance(node, nodes.Call):
            called = node.node
            if not (isinstance(called, nodes.Getattr) and isinstance(called.node, nodes.Name)
                    and called.node.name == "loop" and called.attr in ("cycle", "changed")):
                refuse(node, "calls are not allowed (only loop.cycle and loop.changed)")
        elif isinstance(node, nodes.For):
            reason = _loop_problem(node)
            if reason:
                refuse(node, reason)
    deep = _too_deep(tree)
    if deep is not None:
        refuse(deep, f"loops may nest at most {MAX_LOOP_DEPTH} deep")
    if problems:
        raise min(problems, key=lambda problem: problem[:2])[2]
    return frozenset(uses)


def _loop_problem(loop: nodes.For) -> str | None:
    if loop.recursive:
        return "recursive loops are not allowed"
    source = loop.iter
    while isinstance(source, nodes.Filter) and source.name in LOOP_FILTERS:
        source = source.node
    if not (isinstance(source, nodes.Name) and source.name in LIST_PLACEHOLDERS):
        return "a loop may only go over pictures or specifics"
    return None


def _too_deep(node: nodes.Node, depth: int = 0) -> nodes.Node | None:
    """The first loop nested deeper than MAX_LOOP_DEPTH (100 x 100 items is the worst case)."""
    for child in node.iter_child_nodes():
        inner = depth + isinstance(child, nodes.For)
        if inner > MAX_LOOP_DEPTH:
            return child
        found = _too_deep(child, inner)
        if found is not None:
            return found
    return None


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"unknown placeholder{hint} (known: {', '.join(PLACEHOLDERS)})"


def _jinja_reason(error: TemplateSyntaxError) -> str:
    if isinstance(error, TemplateAssertionError) and "No filter named" in error.message:
        return f"{error.message.rstrip('.')}; filters: {', '.join(FILTERS)}"
    return error.message or "syntax error"


def _line(error: BaseException) -> int | None:
    """The template line of the innermost frame Jinja mapped back to the template."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename == "<template>"]
    return frames[-1].lineno if frames else None
