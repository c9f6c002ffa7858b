"""The Record editor's description template: which store template the record's description is
sent through, and a preview of the description it renders.

A record names one of its account's templates, or the account's default (``value`` None;
without a default the record's own description is sent as it is), or no template at all
(``templates.NO_TEMPLATE``: its own description is sent even when the account has a default). The
choice is saved with the record (``ops.listings.templates.assign_template``, which flags it for
the next export); the preview is ``templates.preview`` on the record as last saved.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from aimsi_ebay.ops.listings.templates import NO_TEMPLATE
from aimsi_ebay.ui.common import MessageBar, classed, trapped
from aimsi_ebay.ui.listings.category_picker import LABEL
from aimsi_ebay.ui.listings.model import SkuRecordsModel


class TemplateChooser(widgets.VBox):
    """A dropdown of the account's templates (plus the default), Preview, and the preview."""

    def __init__(self, model: SkuRecordsModel, bar: MessageBar) -> None:
        self.model, self.account_id, self.quiet = model, None, False
        guard = trapped(bar)
        self.choice = classed(widgets.Dropdown(description="Template", style=LABEL, options=[],
                                            layout={"width": "420px"}), "sku-template")
        self.preview_button = classed(widgets.Button(description="Preview template", icon="eye",
                                                  layout={"width": "auto"}),
                                   "sku-template-preview-button")
        self.note = classed(widgets.HTML(), "sku-template-note")
        self.preview = classed(widgets.HTML(layout={"border": "1px solid #ccc", "padding": "6px",
                                                 "width": "620px", "max_height": "320px",
                                                 "overflow": "auto", "display": "none"}),
                            "sku-template-preview")
        self.choice.observe(guard(lambda _: None if self.quiet else self.show_preview()),
                            "value")
        self.preview_button.on_click(guard(lambda _: self.show_preview()))
        super().__init__([widgets.HBox([self.choice, self.preview_button]), self.note,
                          self.preview])
        self.add_class("sku-template-chooser")

    @property
    def value(self) -> str | None:
        """The chosen template's name; None: the account's default (if any); ``NO_TEMPLATE``:
        no template, whatever the default."""
        return self.choice.value

    def set_account(self, account_id: int | None, chosen: str | None = None) -> None:
        """Offer the templates of ``account_id``; keep ``chosen`` (else the current choice)
        when the account has it, else fall back to the default."""
        keep = chosen if chosen is not None else self.choice.value
        self.account_id = account_id
        found = self.model.templates_for(account_id)
        default = next((t.name for t in found if t.is_default), None)
        first = (f"Account default ({default})" if default else
                 "None — the account has no default: the description is sent as written")
        options = [(first, None)]
        # "No template" differs from the default only when there is one (or it was chosen).
        if default or (account_id is not None and keep == NO_TEMPLATE):
            options.append(("No template: the description as written", NO_TEMPLATE))
        options += [(t.name, t.name) for t in found]
        self._quietly(options, keep if keep in {value for _, value in options} else None)
        self.clear_preview()

    def choose(self, name: str | None) -> None:
        """Show ``name`` as the choice (when the account has it), without a preview."""
        names = {value for _, value in self.choice.options}
        self._quietly(list(self.choice.options), name if name in names else None)

    def clear_preview(self) -> None:
        self.note.value = ""
        self.preview.value = ""
        self.preview.layout.display = "none"

    def show_preview(self) -> None:
        """Render the chosen template (or the default) on the record as last saved."""
        rendered, name = self.model.preview_template(self.account_id, self.choice.value)
        if rendered is None:
            self.clear_preview()
            self.note.value = ("<small>No template applies: eBay gets the record's own "
                               "description.</small>")
            return
        notes = [f"Rendered with <b>{html.escape(name)}</b> from the record as last saved "
                 "(save to see your edits in it)."]
        if rendered.removed:
            notes.append("<span class='sku-template-removed' style='color:#8a5a00'>Sanitising "
                         f"removed: {html.escape(', '.join(rendered.removed))}</span>")
        if rendered.missing:
            notes.append(f"Empty for this SKU: {html.escape(', '.join(rendered.missing))}")
        self.note.value = "<small>" + " ".join(notes) + "</small>"
        self.preview.value = rendered.html
        self.preview.layout.display = ""

    def _quietly(self, options: list, value: str | None) -> None:
        self.quiet = True  # a programmatic change is not the operator's choice
        try:
            self.choice.options = options
            self.choice.value = value
        finally:
            self.quiet = False
