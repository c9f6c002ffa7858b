"""The Import orders dashboard's decision widgets: a confirmation box (weak link, duplicate
customer), the bulk decisions with their preview counts, and the ship-to choice."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from aimsi_ebay.ops.sales.decisions import ConfirmationNeeded
from aimsi_ebay.ui.common import classed
from aimsi_ebay.ui.sales_import.model import ImportOrdersModel


class DecisionsPanel(widgets.VBox):
    """Asks before a weak link or a duplicate customer; offers the bulk decisions and the
    ship-to choice. ``changed`` is called after any decision (the dashboard redraws)."""

    def __init__(self, model: ImportOrdersModel, trap, changed: Callable[[str], None]) -> None:
        self.model, self.changed = model, changed
        self._pending: Callable[[], str] | None = None
        self.question = classed(widgets.HTML(), "import-confirm-text")
        self.confirm = classed(
            widgets.Button(description="Confirm", icon="check", button_style="warning"),
            "import-confirm",
        )
        self.cancel = classed(widgets.Button(description="Cancel", icon="times"), "import-cancel")
        self.confirm_box = classed(
            widgets.HBox([self.question, self.confirm, self.cancel]), "import-confirm-box"
        )
        self.confirm_box.layout.display = "none"
        self.bulk_create = classed(
            widgets.Button(description="Create customers (0)", layout={"width": "300px"},
                           tooltip="create a customer for every sale with no candidate"),
            "import-bulk-create",
        )  # fmt: skip
        self.bulk_link = classed(
            widgets.Button(description="Link strong matches (0)", layout={"width": "260px"},
                           tooltip="link every sale to its strong candidate"),
            "import-bulk-link",
        )  # fmt: skip
        self.ship_to = classed(
            widgets.Dropdown(description="Ship to", options=[], layout={"width": "520px"}),
            "import-ship-to",
        )
        self.ship_to_button = classed(widgets.Button(description="Use this ship-to"), "import-ship")
        self.confirm.on_click(trap(self._on_confirm))
        self.cancel.on_click(trap(lambda _: self.ask(None, "")))
        self.bulk_create.on_click(trap(self._on_bulk_create))
        self.bulk_link.on_click(trap(self._on_bulk_link))
        self.ship_to_button.on_click(trap(self._on_ship_to))
        super().__init__(
            [
                self.confirm_box,
                widgets.HBox([self.ship_to, self.ship_to_button]),
                widgets.HBox([self.bulk_create, self.bulk_link]),
            ]
        )

    # -- confirmation ----------------------------------------------------------------------------

    def attempt(self, action: Callable[[bool], str]) -> None:
        """Run ``action(confirmed=False)``; if it needs confirmation, ask, and run it again
        confirmed when the operator says so."""
        try:
            message = action(False)
        except ConfirmationNeeded as question:
            self.ask(lambda: action(True), question.message)
            return
        self.ask(None, "")
        self.changed(message)

    def ask(self, pending: Callable[[], str] | None, text: str) -> None:
        self._pending = pending
        self.question.value = f"<b>{html.escape(text)}</b>" if pending else ""
        self.confirm_box.layout.display = None if pending else "none"

    def _on_confirm(self, _) -> None:
        pending, self._pending = self._pending, None
        self.ask(None, "")
        if pending is not None:
            self.changed(pending())

    # -- bulk and ship-to ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Preview counts for the bulk buttons and the selected sale's ship-to choices."""
        if self.model.batch_id is None:
            self.bulk_create.disabled = self.bulk_link.disabled = True
            return
        preview = self.model.bulk_preview()
        self.bulk_create.description = (
            f"Create customers for all with no candidate ({len(preview.no_candidate)})"
        )
        self.bulk_link.description = f"Link all strong matches ({len(preview.strong)})"
        self.bulk_create.disabled = not preview.no_candidate
        self.bulk_link.disabled = not preview.strong
        detail = self.model.detail
        open_sale = detail is not None and detail["status"] in ("staged", "held")
        self.ship_to.options = self.model.ship_to_options() if open_sale else []
        self.ship_to.disabled = self.ship_to_button.disabled = not open_sale

    def _on_bulk_create(self, _) -> None:
        self.changed(f"{self.model.create_for_all_without_candidate()} sale(s) will create "
                     "their customer at Create order.")  # fmt: skip

    def _on_bulk_link(self, _) -> None:
        self.changed(f"{self.model.link_all_strong()} sale(s) linked to their strong match.")

    def _on_ship_to(self, _) -> None:
        choice, ship_to_id = self.ship_to.value or (None, None)
        self.model.choose_ship_to(choice, ship_to_id)
        self.changed("Ship-to chosen.")
