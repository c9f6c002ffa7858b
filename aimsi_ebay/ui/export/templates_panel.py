"""Description templates of the chosen seller account, in the export dashboard's Seller accounts tab.

Edit a template's HTML, preview it on a chosen SKU (unsaved source included), save, make it the
default, delete. A change that would re-flag records for export says how many and is done only
after "flag them" is ticked (the operation refuses otherwise: ``ConfirmationNeeded``).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from aimsi_ebay.ops import Database
from aimsi_ebay.ops.listings import templates
from aimsi_ebay.ui.common import MessageBar, classed

_NEW = "(new template)"



class TemplatesPanel(widgets.VBox):
    """Templates of one account (``set_account``); every action reports in ``messages``."""

    def __init__(self, db: Database, messages: MessageBar, trap) -> None:
        self.db, self.messages, self.account = db, messages, None
        self.versions: dict[str, int] = {}
        self.sources: dict[str, str] = {}
        self.choice = classed(widgets.Dropdown(description="Template", options=[_NEW]),
                           "templates-choice")
        self.name = classed(widgets.Text(description="Name"), "templates-name")
        self.source = classed(widgets.Textarea(layout={"width": "620px", "height": "180px"},
                                            placeholder="<h2>{{ title }}</h2>{{ description }}"),
                           "templates-source")
        self.sku = classed(widgets.Text(description="Preview SKU"), "templates-sku")
        self.confirm = classed(widgets.Checkbox(description="flag the records it changes for "
                                             "export", indent=False), "templates-confirm")
        self.preview = classed(widgets.HTML(layout={"border": "1px solid #ccc", "padding": "6px",
                                                 "width": "620px"}), "templates-preview")
        buttons = {
            "Preview": self._preview, "Save template": self._save,
            "Make default": self._default, "Delete template": self._delete}
        row = []
        for label, action in buttons.items():
            button = classed(widgets.Button(description=label, layout={"width": "auto"}),
                          "templates-" + label.split()[0].lower())
            button.on_click(trap(lambda _, act=action: act()))
            row.append(button)
        self.choice.observe(trap(lambda _: self._show()), "value")
        super().__init__([
            widgets.HTML("<b>Description templates</b> — placeholders: "
                         + html.escape(", ".join(templates.PLACEHOLDERS))),
            self.choice, self.name, self.source, widgets.HBox([self.sku, *row[:1]]),
            self.preview, widgets.HBox([*row[1:], self.confirm])])
        self.add_class("templates-panel")
        self.layout.display = "none"

    def set_account(self, account: str | None, choose: str | None = None) -> None:
        """Show the templates of ``account`` (hidden for a new, unsaved account)."""
        self.account = account
        self.layout.display = "none" if account is None else ""
        if account is None:
            return
        found = templates.list_templates(self.db, account)
        self.versions = {t.name: t.version for t in found}
        self.sources = {t.name: t.source for t in found}
        self.choice.options = [_NEW, *[t.name + (" (default)" if t.is_default else "")
                                       for t in found]]
        self.choice.value = next((o for o in self.choice.options
                                  if choose and o.removesuffix(" (default)") == choose), _NEW)
        self._show()

    @property
    def chosen(self) -> str | None:
        return None if self.choice.value in (None, _NEW) else \
            self.choice.value.removesuffix(" (default)")

    def _show(self) -> None:
        name = self.chosen
        self.name.value = name or ""
        self.name.disabled = name is not None
        self.source.value = self.sources.get(name, "") if name else ""
        self.preview.value = ""

    def _preview(self) -> None:
        shown = templates.preview(self.db, self.account, self.sku.value.strip(),
                                  name=self.name.value or None, source=self.source.value)
        removed = ("" if not shown.removed else "<p class='templates-removed' style='color:"
                   f"#8a5a00'>Sanitising removed: {html.escape(', '.join(shown.removed))}</p>")
        empty = ("" if not shown.missing else "<p><small>Empty for this SKU: "
                 f"{html.escape(', '.join(shown.missing))}</small></p>")
        self.preview.value = shown.html + removed + empty

    def _done(self, change: templates.Change, what: str, name: str | None) -> None:
        self.confirm.value = False
        flagged = f"; {change.flagged} record(s) flagged for export" if change.flagged else ""
        self.set_account(self.account, name)
        self.messages.show(f"{what}{flagged}", "success")

    def _save(self) -> None:
        name = self.chosen or self.name.value.strip()
        change = templates.save_template(self.db, self.account, name, self.source.value,
                                         version=self.versions.get(name) if self.chosen else None,
                                         confirm=self.confirm.value)
        self._done(change, f"Template {name} saved (version {change.template.version})", name)

    def _default(self) -> None:
        change = templates.set_default(self.db, self.account, self.chosen or "",
                                       confirm=self.confirm.value)
        self._done(change, f"{self.chosen} is the default template", self.chosen)

    def _delete(self) -> None:
        name = self.chosen or ""
        change = templates.delete_template(self.db, self.account, name,
                                           confirm=self.confirm.value)
        self._done(change, f"Template {name} deleted", None)
