"""The eBay category picker of the SKU eBay records dashboard: drill down the tree or search it."""

from __future__ import annotations

import html

import ipywidgets as widgets

from aimsi_ebay.ui.common import MessageBar, classed, trapped
from aimsi_ebay.ui.listings.model import SkuRecordsModel

LABEL = {"description_width": "110px"}
WIDE = widgets.Layout(width="620px")



class CategoryPicker(widgets.VBox):
    """Drill down the eBay tree or search it by name; ``value`` is the chosen category id."""

    def __init__(self, model: SkuRecordsModel, label: str, css: str, bar: MessageBar) -> None:
        self.model, self.value, self.parent, self.quiet = model, "", None, False
        self.path = classed(widgets.HTML(), f"{css}-path")
        self.up = classed(widgets.Button(description="Up", icon="arrow-up",
                                      layout={"width": "70px"}), f"{css}-up")
        self.clear = classed(widgets.Button(description="Clear", layout={"width": "70px"}),
                          f"{css}-clear")
        self.find = classed(widgets.Text(placeholder="search categories by name",
                                      layout={"width": "300px"}), f"{css}-search")
        self.choices = classed(widgets.Select(options=[], rows=6, layout=WIDE), f"{css}-choices")
        self.up.on_click(trapped(bar)(lambda _: self._drill(self._parent_of(self.parent))))
        self.clear.on_click(trapped(bar)(lambda _: self.set_value("")))
        self.find.observe(trapped(bar)(self._on_search), "value")
        self.choices.observe(trapped(bar)(self._on_choice), "value")
        super().__init__([
            widgets.HBox([widgets.Label(label, layout={"width": "110px"}), self.path]),
            widgets.HBox([widgets.Label("", layout={"width": "110px"}), self.up, self.clear,
                          self.find]),
            widgets.HBox([widgets.Label("", layout={"width": "110px"}), self.choices]),
        ])
        self.add_class(css)

    def set_value(self, category_id: str) -> None:
        self.value = category_id or ""
        chain = self.model.category_path(self.value)
        if self.value and not chain:
            self.path.value = (f"<b style='color:#b00020'>{html.escape(self.value)} is not in "
                               "the eBay category tree</b>")
        elif chain:
            leaf = chain[-1]
            note = "" if leaf.is_leaf else " <i style='color:#b00020'>(not a leaf)</i>"
            self.path.value = f"<b>{html.escape(leaf.full_path)}</b> ({leaf.category_id}){note}"
        else:
            self.path.value = "<i>none</i>"
        self._drill(chain[-1].parent_id if chain else None)

    def _parent_of(self, category_id: str | None) -> str | None:
        node = self.model.category(category_id)
        return node.parent_id if node else None

    def _drill(self, parent_id: str | None) -> None:
        self.parent = parent_id
        nodes = self.model.category_children(parent_id)
        options = [(f"{n.name}{'' if n.is_leaf else '  ›'}", n.category_id) for n in nodes]
        self.quiet = True  # programmatic changes are not choices
        try:
            self.choices.options = options
            self.choices.value = self.value if self.value in {v for _, v in options} else None
        finally:
            self.quiet = False

    def _on_search(self, change) -> None:
        text = change["new"]
        if len(text.strip()) < 2:
            return
        found = self.model.category_search(text)
        self.quiet = True
        try:
            self.choices.options = [(n.full_path, n.category_id) for n in found]
            self.choices.value = None
        finally:
            self.quiet = False

    def _on_choice(self, change) -> None:
        chosen = change["new"]
        if not chosen or self.quiet:
            return
        node = self.model.category(chosen)
        if node is not None and not node.is_leaf:
            self._drill(node.category_id)  # a branch: go one level down
        else:
            self.set_value(chosen)
