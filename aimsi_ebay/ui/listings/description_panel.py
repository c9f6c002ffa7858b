"""The SKU editor's Description: a text box, the HTML switch, the rich-text editor and a preview.

Right-click in the box (or the visible "Edit formatted…" button) opens the rich-text editor. Its
Apply puts the HTML in the box with HTML mode on — after the listing policy's sanitiser, so what
the box holds is what Save stores — and says, beside the description, what the sanitiser removed
and why. Plain-text mode stays: plain text is escaped on export, never sent as HTML.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from aimsi_ebay.rules import listing_policy
from aimsi_ebay.ui.common import classed
from aimsi_ebay.ui.listings.category_picker import LABEL
from aimsi_ebay.ui.listings.model import SkuRecordsModel
from aimsi_ebay.ui.widgets.rich_text import RichTextEditor

TARGET_CLASS = "sku-description"

# Why the sanitiser removes what it removes, by the start of its own wording.
_REASONS: tuple[tuple[str, str], ...] = (
    ("<script>", "scripts are active content; eBay refuses listings with them"),
    ("<style>", "style sheets can restyle eBay's page; use inline styles"),
    ("<iframe>", "embedded pages are active content; eBay refuses them"),
    ("<object>", "plug-ins are active content; eBay refuses them"),
    ("<embed>", "plug-ins are active content; eBay refuses them"),
    ("<form>", "forms are not allowed in eBay descriptions"),
    ("<", "an element eBay does not allow in descriptions"),
    ("on", "event handlers run script; eBay refuses them"),
    ("http link", "eBay requires https links"),
    ("style ", "a style that is not allowed (e.g. positioning or remote images)"),
)


def reason_for(removed: str) -> str:
    """Why the sanitiser removed ``removed`` (one of ``Sanitised.removed``), in plain words."""
    for start, reason in _REASONS:
        if removed.startswith(start):
            return reason
    return "not allowed in eBay descriptions"


def removed_html(removed: list[str], lead: str) -> str:
    """A one-line, escaped list "what — why" for the operator (empty when nothing went)."""
    if not removed:
        return ""
    items = "; ".join(f"<b>{html.escape(item)}</b> — {html.escape(reason_for(item))}"
                      for item in removed)
    return f"<span style='color:#8a5a00'>{html.escape(lead)}: {items}</span>"


def plain_to_html(text: str) -> str:
    """Plain text as the editor's starting HTML: escaped, one paragraph per line."""
    lines = (text or "").splitlines()
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


class DescriptionPanel(widgets.VBox):
    """Description box + HTML switch + rich-text editor + sanitised preview + removal notes.

    ``description`` and ``is_html`` are the form's widgets (the dashboard reads and fills them).
    """

    def __init__(self) -> None:
        self.description = classed(widgets.Textarea(description="Description", style=LABEL,
                                                 layout={"width": "620px", "height": "160px"}),
                                TARGET_CLASS)
        self.is_html = classed(widgets.Checkbox(description="HTML", indent=False), "sku-is-html")
        self.editor = classed(RichTextEditor(target_class=TARGET_CLASS), "sku-rte")
        self.preview = classed(widgets.HTML(layout={"border": "1px solid #ccc", "padding": "6px",
                                                 "width": "620px", "max_height": "220px",
                                                 "overflow": "auto"}), "sku-preview")
        self.removed = classed(widgets.HTML(), "sku-removed")
        self.applied_removed = classed(widgets.HTML(), "sku-rte-removed")
        self._syncing = False
        self.description.observe(lambda _: self._changed(), "value")
        self.is_html.observe(lambda _: self._changed(), "value")
        self.editor.observe(self._applied, "value")
        hint = widgets.HTML("<small>Right-click the box (or press the button) for the formatted "
                            "editor.</small>")
        super().__init__([
            widgets.HBox([self.description, widgets.VBox([self.is_html, self.editor, hint])]),
            self.applied_removed, widgets.Label("Preview (sanitised):"), self.preview,
            self.removed])
        self.add_class("sku-description-panel")

    def set(self, text: str | None, is_html: bool) -> None:
        """Show a loaded record's description (forgets the previous Apply's notes)."""
        self.applied_removed.value = ""
        self.description.value, self.is_html.value = text or "", bool(is_html)
        self._changed()

    def apply_html(self, value: str) -> None:
        """What the editor's Apply does: sanitise, put in the box with HTML on, say what went."""
        clean = listing_policy.sanitise_description(value or "", True)
        self._syncing = True  # the box's change must not echo back into the editor
        try:
            self.is_html.value = True
            self.description.value = clean.text
            self.editor.value = clean.text
        finally:
            self._syncing = False
        self._refresh()
        # Last: whoever sees the note (the operator, a browser test) sees the box filled.
        self.applied_removed.value = removed_html(clean.removed, "The editor's HTML lost")

    def _applied(self, change: dict) -> None:
        if not self._syncing:
            self.apply_html(change["new"])

    def _changed(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:  # the editor opens on what the box holds
            text = self.description.value
            self.editor.value = text if self.is_html.value else plain_to_html(text)
        finally:
            self._syncing = False
        self._refresh()

    def _refresh(self) -> None:
        text, is_html = self.description.value, self.is_html.value
        self.preview.value = SkuRecordsModel.preview(text, is_html)
        self.removed.value = removed_html(SkuRecordsModel.removed_by_sanitising(text, is_html),
                                          "Saving will remove")
