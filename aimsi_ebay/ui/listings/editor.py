"""The SKU eBay records dashboard's Record editor: the form of one record, filled and read back.

The widgets of every field, the layout, loading a record into them (``fill``) and reading them
back into the model's form (``collect``), with live feedback (character counts, durations of
the format, thumbnails). What the buttons do (save, reload, copy, delete) is in
``actions.EditorActions``; the template chooser in ``template_chooser``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from aimsi_ebay.ops.listings.variants import COPYABLE, FAMILY_FIELDS
from aimsi_ebay.rules.listing_policy import (
    CONDITIONS,
    FORMAT_DURATIONS,
    MAX_SUBTITLE,
    MAX_TITLE,
    duration_hint,
)
from aimsi_ebay.ui.common import MessageBar, classed, trapped, with_hint
from aimsi_ebay.ui.listings.actions import EditorActions
from aimsi_ebay.ui.listings.category_picker import LABEL, WIDE, CategoryPicker
from aimsi_ebay.ui.listings.description_panel import DescriptionPanel
from aimsi_ebay.ui.listings.model import SkuRecordsModel, label_of
from aimsi_ebay.ui.listings.template_chooser import TemplateChooser

SPECIFICS = (("specific_brand", "Brand"), ("specific_model", "Model"), ("specific_mpn", "MPN"),
             ("specific_colour", "Colour"), ("specific_upc", "UPC"))


class RecordEditor(EditorActions, widgets.VBox):
    """The form of the record ``model`` holds; ``header`` (shown above the tabs) names it."""

    def __init__(self, model: SkuRecordsModel, bar: MessageBar) -> None:
        self.model, self.bar = model, bar
        guard = trapped(bar)
        self.header = classed(widgets.HTML(), "sku-header")
        self.account = classed(widgets.Dropdown(description="Account", style=LABEL), "sku-account")
        self.title = classed(widgets.Text(description="Title", style=LABEL, layout=WIDE), "sku-title")
        self.title_count = classed(widgets.Label(), "sku-title-count")
        self.subtitle = classed(widgets.Text(description="Subtitle", style=LABEL, layout=WIDE),
                             "sku-subtitle")
        self.subtitle_count = classed(widgets.Label(), "sku-subtitle-count")
        hint = ("Valid format and duration pairs — " + duration_hint() + " (days for an "
                "auction; GTC = good 'til cancelled)")
        self.format = classed(widgets.Dropdown(description="Format", options=list(FORMAT_DURATIONS),
                                            style=LABEL, tooltip=hint), "sku-format")
        self.duration = classed(widgets.Dropdown(description="Duration", options=[], style=LABEL,
                                              tooltip=hint), "sku-duration")
        self.format_box = with_hint(self.format, hint, "sku-format-hint")
        self.duration_box = with_hint(self.duration, hint, "sku-duration-hint")
        self.specifics = {
            name: classed(widgets.Text(description=label, style=LABEL, layout={"width": "300px"}),
                       f"sku-{name.replace('_', '-')}") for name, label in SPECIFICS}
        self.category1 = CategoryPicker(model, "Category 1", "sku-category1", bar)
        self.category2 = CategoryPicker(model, "Category 2", "sku-category2", bar)
        self.condition = classed(widgets.Dropdown(
            description="Condition", style=LABEL,
            options=[(f"{code} {name}", code) for code, name in CONDITIONS.items()]),
            "sku-condition")
        money = {"style": LABEL, "layout": {"width": "230px"}}
        self.start_price = classed(widgets.Text(description="Start price", **money), "sku-start-price")
        self.buy_it_now = classed(widgets.Text(description="Buy it now", **money), "sku-buy-it-now")
        self.reserve = classed(widgets.Text(description="Reserve", **money), "sku-reserve")
        self.quantity = classed(widgets.IntText(description="Quantity", style=LABEL,
                                             layout={"width": "200px"}), "sku-quantity")
        self.stock = classed(widgets.Label(), "sku-stock")
        self.description_panel = DescriptionPanel()
        self.description = self.description_panel.description
        self.is_html = self.description_panel.is_html
        self.template = TemplateChooser(model, bar)
        self.image_boxes = [self._image_row(i) for i in range(12)]
        self.update_ebay = classed(widgets.Checkbox(description="Update eBay (queue for the next "
                                                 "export)", indent=False), "sku-update")
        self.problems = classed(widgets.HTML(), "sku-problems")
        self.save_button = classed(widgets.Button(description="Save", icon="save",
                                               button_style="primary"), "sku-save")
        self.save_result = classed(widgets.HTML(), "sku-save-result")
        self.save_result.add_class("aimsi-save-result")
        self.reload_button = classed(widgets.Button(description="Reload (keep my values)",
                                                 icon="refresh", button_style="warning",
                                                 layout={"display": "none"}), "sku-reload")
        self.unsaved = classed(widgets.HTML(), "sku-unsaved")
        self.reapply_button = classed(widgets.Button(description="Re-apply my values",
                                                  icon="undo", layout={"display": "none"}),
                                   "sku-reapply")
        self.kept: dict = {}
        self._layout: list | None = None
        self.create_button = classed(widgets.Button(description="Create eBay record", icon="plus"),
                                  "sku-create")
        self.delete_button = classed(widgets.Button(description="Delete record", icon="trash",
                                                 button_style="danger"), "sku-delete")
        self.confirm_delete = classed(widgets.Checkbox(description="really delete", indent=False),
                                   "sku-delete-confirm")
        self.siblings = classed(widgets.SelectMultiple(options=[], rows=5,
                                                    layout={"width": "260px"}), "sku-siblings")
        self.copy_fields = {
            name: classed(widgets.Checkbox(value=name in FAMILY_FIELDS, indent=False,
                                        description=label_of(name),
                                        layout={"width": "150px"}), f"sku-copy-field-{name}")
            for name in COPYABLE if name != "description_is_html"}
        self.copy_button = classed(widgets.Button(description="Preview copy", icon="eye",
                                               layout={"width": "auto"}), "sku-copy")
        self.copy_preview = classed(widgets.HTML(), "sku-copy-preview")
        self.copy_confirm = classed(widgets.Button(description="Confirm copy", icon="copy",
                                                button_style="warning",
                                                layout={"display": "none", "width": "auto"}),
                                 "sku-copy-confirm")
        self.copy_confirm.on_click(guard(lambda _: self._confirm_copy()))
        self.reload_button.on_click(guard(lambda _: self._reload()))
        self.reapply_button.on_click(guard(lambda _: self._reapply()))
        self.save_button.on_click(guard(lambda _: self.save()))
        self.create_button.on_click(guard(lambda _: self._create()))
        self.delete_button.on_click(guard(lambda _: self._delete()))
        self.copy_button.on_click(guard(lambda _: self._copy()))
        self.format.observe(guard(self._on_format), "value")
        self.title.observe(guard(lambda _: self._counts()), "value")
        self.subtitle.observe(guard(lambda _: self._counts()), "value")
        self.account.observe(guard(lambda _: self.template.set_account(self.account.value)),
                             "value")
        super().__init__()
        self.add_class("sku-editor")
        self.show(False)

    # -- building blocks -----------------------------------------------------------------------

    def _image_row(self, index: int) -> widgets.HBox:
        url = classed(widgets.Text(placeholder=f"image {index + 1}: https://…",
                                layout={"width": "480px"}), f"sku-image-{index + 1}")
        thumb = classed(widgets.HTML(layout={"width": "70px", "height": "50px",
                                          "overflow": "hidden"}), f"sku-thumb-{index + 1}")
        up = widgets.Button(icon="arrow-up", layout={"width": "36px"}, tooltip="move up")
        down = widgets.Button(icon="arrow-down", layout={"width": "36px"}, tooltip="move down")
        guard = trapped(self.bar)
        url.observe(guard(lambda change, i=index: self._on_image(i, change["new"])), "value")
        up.on_click(guard(lambda _, i=index: self._move(i, -1)))
        down.on_click(guard(lambda _, i=index: self._move(i, 1)))
        return widgets.HBox([thumb, url, up, down])

    def show(self, on: bool) -> None:
        """The form (``on``), or what to do first: choose a SKU, or create its record."""
        if not on:
            self.children = [widgets.HTML("<i>Choose a SKU above.</i>")]
            self.header.value = html.escape(self.model.header())
            return
        if not self.model.has_record:
            self.children = [widgets.HTML("<p>This SKU has no eBay record.</p>"),
                             self.create_button]
            return
        if self._layout is None:  # built once: re-setting children re-draws the page and
            self._layout = self._form()  # loses the operator's scroll position
        if list(self.children) != self._layout:
            self.children = self._layout

    def _form(self) -> list[widgets.Widget]:
        row = widgets.HBox
        return [
            self.account, row([self.title, self.title_count]),
            row([self.subtitle, self.subtitle_count]),
            widgets.HBox([self.format_box, self.duration_box],  # the hints may overflow it
                         layout={"overflow": "visible"}),
            self.category1, self.category2, self.condition,
            row([self.start_price, self.buy_it_now, self.reserve]),
            row([self.quantity, self.stock]),
            self.description_panel, self.template,
            widgets.HTML("<b>Images</b> (first is the gallery picture)"), *self.image_boxes,
            widgets.HTML("<b>Item specifics</b> (written as C:Brand, C:Model, C:MPN, C:Color, "
                         "Product:UPC; Brand is required)"),
            row([self.specifics["specific_brand"], self.specifics["specific_model"]]),
            row([self.specifics["specific_mpn"], self.specifics["specific_colour"],
                 self.specifics["specific_upc"]]),
            self.update_ebay,
            row([self.save_button, self.save_result, self.reload_button]),
            self.problems, row([self.unsaved, self.reapply_button]),
            row([self.delete_button, self.confirm_delete]),
            widgets.HTML("<b>Copy this record to other variants of the item</b> — each keeps "
                         "its own SKU (CustomLabel). Ticked fields are copied; by default only "
                         "what a family shares:"),
            widgets.GridBox(list(self.copy_fields.values()),
                            layout={"grid_template_columns": "repeat(5, 160px)"}),
            row([self.siblings, self.copy_button, self.copy_confirm]), self.copy_preview,
        ]

    # -- filling and reading back --------------------------------------------------------------

    def fill(self) -> None:
        """Show the model's record in the widgets."""
        model, values = self.model, self.model.form.values
        self.header.value = html.escape(model.header())
        if not model.has_record:
            self.show(True)
            return
        self.account.options = [("(none)", None), *model.accounts()]
        self.account.value = values["account_id"]
        # the observer is quiet on no change
        self.template.set_account(values["account_id"], model.form.template)
        self.template.choose(model.form.template)
        self.title.value, self.subtitle.value = values["title"], values["subtitle"]
        self.format.value = values["listing_format"] if values["listing_format"] in \
            FORMAT_DURATIONS else "FixedPrice"
        self.duration.options = model.durations_for(self.format.value)
        if values["duration"] in self.duration.options:
            self.duration.value = values["duration"]
        self.category1.set_value(values["category1_id"])
        self.category2.set_value(values["category2_id"])
        self.condition.value = values["condition_id"] if values["condition_id"] in CONDITIONS \
            else 1000
        self.start_price.value = values["start_price"]
        self.buy_it_now.value = values["buy_it_now_price"]
        self.reserve.value = values["reserve_price"]
        self.quantity.value = values["quantity"] or 1
        self.stock.value = f"available in stock: {model.view.info.available}"
        self.description_panel.set(values["description"], values["description_is_html"])
        for box, url in zip(self.image_boxes, model.form.images, strict=True):
            box.children[1].value = url
        self.update_ebay.value = bool(values["update_ebay"])
        for name, box in self.specifics.items():
            box.value = values.get(name) or ""
        self.siblings.options = model.view.siblings
        self._counts()
        self.show(True)

    def collect(self) -> None:
        """Read the widgets back into the model's form."""
        values = self.model.form.values
        values.update({
            "account_id": self.account.value, "title": self.title.value,
            "subtitle": self.subtitle.value, "listing_format": self.format.value,
            "duration": self.duration.value, "category1_id": self.category1.value,
            "category2_id": self.category2.value, "condition_id": self.condition.value,
            "start_price": self.start_price.value, "buy_it_now_price": self.buy_it_now.value,
            "reserve_price": self.reserve.value, "quantity": self.quantity.value,
            "description": self.description.value, "description_is_html": self.is_html.value,
            "update_ebay": self.update_ebay.value,
            **{name: box.value for name, box in self.specifics.items()},
        })
        self.model.form.images = [box.children[1].value for box in self.image_boxes]
        self.model.form.template = self.template.value

    def field_widgets(self) -> dict[str, list[widgets.Widget]]:
        """The widgets showing each field (to frame the ones in error)."""
        return {
            "account_id": [self.account], "title": [self.title], "subtitle": [self.subtitle],
            "listing_format": [self.format], "duration": [self.duration],
            "category1_id": [self.category1], "category2_id": [self.category2],
            "condition_id": [self.condition], "start_price": [self.start_price],
            "buy_it_now_price": [self.buy_it_now], "reserve_price": [self.reserve],
            "quantity": [self.quantity], "description": [self.description],
            "images": [box.children[1] for box in self.image_boxes],
            "template": [self.template.choice],
            **{name: [box] for name, box in self.specifics.items()},
        }

    # -- live feedback -------------------------------------------------------------------------

    def _counts(self) -> None:
        self.title_count.value = self.model.count(self.title.value, MAX_TITLE)
        self.subtitle_count.value = self.model.count(self.subtitle.value, MAX_SUBTITLE)

    def _on_format(self, change) -> None:
        self.model.form.values["duration"] = self.duration.value
        duration = self.model.set_format(change["new"])
        self.duration.options = self.model.durations_for(change["new"])
        self.duration.value = duration

    def _on_image(self, index: int, url: str) -> None:
        self.model.form.images[index] = url
        thumb = self.image_boxes[index].children[0]
        clean = url.strip()
        source = self.model.thumbnail(clean)
        thumb.value = (f'<img src="{html.escape(source)}" alt="" title="image {index + 1}" '
                       'style="max-width:64px;max-height:48px;font-size:0">'
                       if clean.lower().startswith("https://") else "")

    def _move(self, index: int, step: int) -> None:
        self.collect()
        self.model.move_image(index, step)
        for box, url in zip(self.image_boxes, self.model.form.images, strict=True):
            box.children[1].value = url
