"""Pieces every dashboard shares: the error trap, the message bar, money and table display."""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

import ipywidgets as widgets

from aimsi_ebay.errors import AimsiError, ConflictError, InputError

W = TypeVar("W", bound=widgets.DOMWidget)

log = logging.getLogger("aimsi_ebay.ui")


class MessageBar(widgets.HTML):
    """One line of feedback under a dashboard's controls: info, success, warning or error."""

    KINDS: ClassVar[dict[str, str]] = {"info": "#0b5394", "success": "#1e7b34", "warning": "#8a5a00", "error": "#b00020"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("aimsi-message")
        self.kind = ""
        self.text = ""

    def show(self, text: str, kind: str = "info") -> None:
        self.kind, self.text = kind, text
        colour = self.KINDS[kind]
        self.value = (
            f'<div class="aimsi-message-{kind}" style="color:{colour};padding:4px 0;'
            f'white-space:pre-wrap">{html.escape(text)}</div>'
        )

    def clear(self) -> None:
        self.kind, self.text, self.value = "", "", ""


# The dashboards' own CSS, one <style> per page (an HTML widget's <style> applies to the page):
# the message bar stays in view at the top, fields in error get a red frame, and hover hints are
# real elements (headless Chromium, like some browsers, draws no native tooltip for a ``title``
# on a non-button, so a hint must be something on the page to be seen at all).
PAGE_CSS = """<style>
.aimsi-message:not(:empty) {position: sticky; top: 0; z-index: 20; background: #fff;
  border-bottom: 1px solid #ddd; padding: 2px 6px;}
.aimsi-field-error input, .aimsi-field-error select, .aimsi-field-error textarea
  {border: 2px solid #b00020 !important; background: #fff5f5;}
.aimsi-hint-host {position: relative; overflow: visible !important;}
.aimsi-hint-host .aimsi-hint {visibility: hidden; opacity: 0; position: absolute; left: 0;
  top: 100%; z-index: 30; background: #333; color: #fff; padding: 6px 8px; border-radius: 4px;
  font-size: 12px; line-height: 1.4; white-space: normal; width: 340px; pointer-events: none;
  transition: opacity 0.1s;}
.aimsi-hint-host:hover .aimsi-hint, .aimsi-hint-host:focus-within .aimsi-hint
  {visibility: visible; opacity: 1;}
.aimsi-save-result {padding: 4px 8px; max-width: 720px;}
.widget-button, .jupyter-button {width: auto; min-width: 80px;}
</style>"""


def classed(widget: W, name: str) -> W:
    """The widget with a CSS class (the browser tests and the page's styles find it by it)."""
    widget.add_class(name)
    return widget


def page(title: str, bar: MessageBar, *children: widgets.Widget) -> list[widgets.Widget]:
    """The children of a dashboard in the one shape every page has: its CSS, the title, the
    message bar right under the title (sticky, so it stays in view), then the content."""
    heading = widgets.HTML(f"{PAGE_CSS}<h2 style='margin:0'>{html.escape(title)}</h2>")
    heading.add_class("aimsi-title")
    return [heading, bar, *children]


def with_hint(widget: widgets.Widget, hint: str, css: str) -> widgets.Box:
    """``widget`` with a hint shown while the mouse is over it (or it has focus)."""
    tip = widgets.HTML(f'<div class="aimsi-hint {css}" role="tooltip">{html.escape(hint)}</div>',
                       layout={"overflow": "visible", "width": "0px", "margin": "0"})
    box = widgets.Box([widget, tip], layout={"overflow": "visible"})
    box.add_class("aimsi-hint-host")
    return box


def trapped(message_bar: MessageBar) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run a widget callback so that no traceback ever reaches the page.

    A known error (bad input, a conflict, a busy database) shows its message; anything else is
    logged with its traceback and shown as a short apology.
    """

    def decorate(callback: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except InputError as error:
                message_bar.show(error.message, "error")
            except ConflictError as error:
                message_bar.show(str(error), "warning")
            except AimsiError as error:
                message_bar.show(str(error), "error")
            except Exception:
                log.exception("dashboard callback %s failed", callback.__name__)
                message_bar.show(
                    "Something went wrong; the details are in the server log. Nothing was saved "
                    "by this action.",
                    "error",
                )
            return None

        return run

    return decorate


def money_text(amount: Decimal | None) -> str:
    """``$1,234.50`` for display."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def html_table(rows: list[dict[str, Any]], columns: list[str], css_class: str) -> str:
    """A small escaped HTML table (for short lists; grids use ipydatagrid)."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row.get(c, '') or ''))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return f'<table class="{css_class} aimsi-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
