"""Is a description template linear: does its output depend on its values only through their shape?

See ``description_skeleton``: a linear template prints every value plainly (optionally through
``e``, ``default``, ``string``), tests values only for being empty, and loops only over pictures
or specifics (``items``, ``dictsort``, ``list``, ``reverse``); loop counters and ``loop.cycle``
are fine. Everything else (``upper``, ``truncate``, comparisons, ``loop.changed``, ``|safe``,
``{% autoescape %}`` …) reads the values themselves. The check is an allow-list over Jinja's
syntax tree: a construct not named here makes the template not linear.
"""

from __future__ import annotations

from jinja2 import nodes

from aimsi_ebay.formats.description_template import (
    HTML_PLACEHOLDERS,
    TEXT_PLACEHOLDERS,
    DescriptionTemplate,
)

_VALUES = frozenset(TEXT_PLACEHOLDERS + HTML_PLACEHOLDERS)  # printed as markers or constants
_SHAPE_LOOP = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                         "depth", "depth0"})


# -- Is the template linear? --------------------------------------------------------------------

def is_linear(template: DescriptionTemplate) -> bool:
    """True when the template's output depends on its values only through their shape."""
    return _body(template.tree.body, {})


def _body(body: list[nodes.Node], scope: dict[str, str]) -> bool:
    return all(_statement(node, scope) for node in body)


def _statement(node: nodes.Node, scope: dict[str, str]) -> bool:
    if isinstance(node, nodes.Output):
        return all(_kind(child, scope) == "scalar" for child in node.nodes)
    if isinstance(node, nodes.If):
        return (_truthy(node.test, scope) and _body(node.body, scope)
                and all(_statement(branch, scope) for branch in node.elif_)
                and _body(node.else_, scope))
    if isinstance(node, nodes.For):
        element = _loop_element(node.iter, scope)
        if element is None or node.test is not None or node.recursive:
            return False
        inner = dict(scope, loop="loop")
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = element
        elif (isinstance(node.target, nodes.Tuple) and element == "pair"
              and len(node.target.items) == 2
              and all(isinstance(item, nodes.Name) for item in node.target.items)):
            inner |= {item.name: "scalar" for item in node.target.items}
        else:
            return False
        return _body(node.body, inner) and _body(node.else_, scope)
    return False  # anything else may depend on the values themselves


def _truthy(node: nodes.Node, scope: dict[str, str]) -> bool:
    return _kind(node, scope) in ("scalar", "specifics", "pictures", "pair")


def _constant_args(node: nodes.Filter | nodes.Call) -> bool:
    return (all(isinstance(arg, nodes.Const) for arg in node.args)
            and all(isinstance(kw.value, nodes.Const) for kw in node.kwargs)
            and node.dyn_args is None and node.dyn_kwargs is None)


def _kind(node: nodes.Node, scope: dict[str, str]) -> str | None:
    """``scalar`` (a value or constant whose emptiness is the shape's), a container, or None."""
    if isinstance(node, (nodes.Const, nodes.TemplateData)):
        return "scalar"
    if isinstance(node, nodes.Name):
        if node.name in scope:
            return scope[node.name]
        if node.name in _VALUES:
            return "scalar"
        return node.name if node.name in ("specifics", "pictures") else None
    if isinstance(node, (nodes.Getitem, nodes.Getattr)):
        base = _kind(node.node, scope)
        key = node.arg.value if isinstance(node, nodes.Getitem) and isinstance(
            node.arg, nodes.Const) else getattr(node, "attr", None)
        if base == "specifics" and isinstance(key, str):
            return "scalar"
        if base == "pictures" and isinstance(node, nodes.Getitem) and type(key) is int:
            return "scalar"
        return "scalar" if base == "loop" and key in _SHAPE_LOOP else None
    if isinstance(node, nodes.Filter):
        base = _kind(node.node, scope) if node.node is not None else None
        if not _constant_args(node):
            return None
        if node.name in ("e", "escape", "string", "default", "d") and base == "scalar":
            return "scalar"
        if node.name in ("length", "count", "first", "last", "join") and base in (
                "specifics", "pictures") and not node.kwargs:
            return "scalar"
        return None
    if isinstance(node, (nodes.And, nodes.Or)):
        return "scalar" if _kind(node.left, scope) == _kind(node.right, scope) == "scalar" else None
    if isinstance(node, nodes.Not):
        return "scalar" if _truthy(node.node, scope) else None
    if isinstance(node, nodes.CondExpr):
        ok = (_truthy(node.test, scope) and _kind(node.expr1, scope) == "scalar"
              and (node.expr2 is None or _kind(node.expr2, scope) == "scalar"))
        return "scalar" if ok else None
    if isinstance(node, nodes.Concat):
        return "scalar" if all(_kind(part, scope) == "scalar" for part in node.nodes) else None
    if isinstance(node, nodes.Test):
        ok = node.name in ("defined", "undefined") and _kind(node.node, scope) == "scalar"
        return "scalar" if ok and not node.args and not node.kwargs else None
    if isinstance(node, nodes.Call):
        called = node.node
        ok = (isinstance(called, nodes.Getattr) and called.attr == "cycle"
              and _kind(called.node, scope) == "loop" and _constant_args(node))
        return "scalar" if ok else None
    return None


def _loop_element(node: nodes.Node, scope: dict[str, str]) -> str | None:
    """What a loop over ``node`` yields: ``scalar`` (keys, picture URLs) or ``pair``; None: refuse."""
    applied: list[str] = []
    while isinstance(node, nodes.Filter):
        if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs:
            return None
        applied.append(node.name)
        node = node.node
    state = _kind(node, scope)
    for name in reversed(applied):  # innermost first
        if state == "specifics" and name in ("items", "dictsort"):
            state = "pairs"
        elif state == "specifics" and name in ("list", "reverse", "sort"):
            state = "keys"
        elif not ((state in ("pairs", "keys", "pictures") and name in ("list", "reverse"))
                  or (state == "keys" and name == "sort")):
            return None
    return {"specifics": "scalar", "keys": "scalar", "pictures": "scalar",
            "pairs": "pair"}.get(state or "")
