"""A rich-text (HTML) editor for descriptions, as an anywidget around TipTap (ProseMirror).

The JavaScript is bundled at build time (``js/build.sh``) into ``static/rich_text.js`` and ships
inside the package, so the editor works offline in Voilà: nothing is fetched from a CDN.

The widget shows an "Edit formatted…" button; the editor itself is a modal dialog. It opens from
the button, from a right-click on any element carrying ``target_class`` in the same notebook
(the SKU editor's Description box), or from Python (``editor.is_open = True``). **Apply** writes the
HTML to ``value`` and closes; **Cancel** (or Escape) closes and leaves ``value`` alone. So
``editor.observe(callback, names="value")`` sees one change per Apply, never keystrokes.

``value`` is whatever the editor produced: it is NOT sanitised here. Pass it through the
listing policy's ``sanitise_description`` before storing or previewing it, as every other
description.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

STATIC = Path(__file__).resolve().parent / "static"


class RichTextEditor(anywidget.AnyWidget):
    """Formatted description editor: ``RichTextEditor(value=html, target_class="sku-description")``.

    Traits (synced with the browser):
      value        the description as HTML ("" when empty); changes on Apply.
      is_open      whether the editor dialog is showing; set it to open or close from Python.
                   (Not ``open``: ``Widget.open()`` is ipywidgets' own method.)
      target_class a CSS class (given with ``add_class``) of the Description box whose
                   right-click opens this editor; Shift+right-click keeps the browser's menu.
      button_label the text of the visible button.

    CSS hooks: the widget always has the class ``rte``; each class given with ``add_class(name)``
    is also put on the dialog as ``name-dialog``. Inside: ``.rte-open`` (button), ``.rte-dialog``,
    ``.rte-content .ProseMirror`` (editable area), ``.rte-source`` (HTML view), ``.rte-btn-bold``,
    ``-italic``, ``-underline``, ``-h2``, ``-h3``, ``-paragraph``, ``-bullet-list``,
    ``-ordered-list``, ``-link``, ``-image``, ``-table`` (and ``-add-row``, ``-add-column``,
    ``-delete-row``, ``-delete-column``, ``-delete-table``), ``-undo``, ``-redo``,
    ``.rte-source-toggle``, ``.rte-url-input`` / ``.rte-url-ok``, ``.rte-apply``, ``.rte-cancel``.
    """

    _esm = STATIC / "rich_text.js"
    _css = STATIC / "rich_text.css"

    value = traitlets.Unicode("").tag(sync=True)
    is_open = traitlets.Bool(False).tag(sync=True)
    target_class = traitlets.Unicode("").tag(sync=True)
    button_label = traitlets.Unicode("Edit formatted…").tag(sync=True)

    def __init__(self, value: str | None = "", **kwargs: object) -> None:
        # A record without a description arrives as None from the database.
        super().__init__(value=value or "", **kwargs)
        self.add_class("rich-text-editor")
