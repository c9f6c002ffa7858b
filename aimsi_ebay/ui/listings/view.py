"""The "SKU eBay records" dashboard: find SKUs, edit one record, or quick-edit many in a grid.

Widgets only; the logic is in ``SkuRecordsModel``. Every callback runs inside ``trapped``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from aimsi_ebay.errors import ConflictError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops.listings.records import RecordRejectedError
from aimsi_ebay.ops.listings.variants import COPYABLE, FAMILY_FIELDS
from aimsi_ebay.rules.listing_policy import (
    CONDITIONS,
    FORMAT_DURATIONS,
    MAX_SUBTITLE,
    MAX_TITLE,
    duration_hint,
)
from aimsi_ebay.ui.common import MessageBar, page, trapped, with_hint
from aimsi_ebay.ui.listings.category_picker import LABEL, WIDE, CategoryPicker, _css
from aimsi_ebay.ui.listings.description_panel import DescriptionPanel
from aimsi_ebay.ui.listings.model import GRID_EDITABLE, SkuRecordsModel, label_of, problem_text


class SkuRecordsDashboard(widgets.VBox):
    def __init__(self, db: Database) -> None:
        self.model = SkuRecordsModel(db)
        self.bar = MessageBar()
        bar = self.bar
        guard = trapped(bar)
        # -- find
        self.search_box = _css(widgets.Text(placeholder="words of the SKU, description, vendor, "
                                                        "colour, size or UPC",
                                            continuous_update=False,
                                            layout={"width": "360px"}), "sku-search")
        self.find_button = _css(widgets.Button(description="Find", icon="search"), "sku-find")
        self.results = _css(widgets.Select(options=[], rows=10, layout={"width": "100%"}),
                            "sku-results")
        self.search_box.observe(guard(lambda _: self.find()), "value")  # Enter or leaving
        self.find_button.on_click(guard(lambda _: self.find()))
        self.results.observe(guard(self._on_result), "value")
        self.found = _css(widgets.HTML(), "sku-found")
        self.previous_page = _css(widgets.Button(description="Previous", icon="chevron-left"),
                                  "sku-page-previous")
        self.next_page = _css(widgets.Button(description="Next", icon="chevron-right"),
                              "sku-page-next")
        self.previous_page.on_click(guard(lambda _: self.find(-1)))
        self.next_page.on_click(guard(lambda _: self.find(1)))
        # -- editor
        self.header = _css(widgets.HTML(), "sku-header")
        self.account = _css(widgets.Dropdown(description="Account", style=LABEL), "sku-account")
        self.title = _css(widgets.Text(description="Title", style=LABEL, layout=WIDE), "sku-title")
        self.title_count = _css(widgets.Label(), "sku-title-count")
        self.subtitle = _css(widgets.Text(description="Subtitle", style=LABEL, layout=WIDE),
                             "sku-subtitle")
        self.subtitle_count = _css(widgets.Label(), "sku-subtitle-count")
        hint = ("Valid format and duration pairs — " + duration_hint() + " (days for an "
                "auction; GTC = good 'til cancelled)")
        self.format = _css(widgets.Dropdown(description="Format", options=list(FORMAT_DURATIONS),
                                            style=LABEL, tooltip=hint), "sku-format")
        self.duration = _css(widgets.Dropdown(description="Duration", options=[], style=LABEL,
                                              tooltip=hint), "sku-duration")
        self.format_box = with_hint(self.format, hint, "sku-format-hint")
        self.duration_box = with_hint(self.duration, hint, "sku-duration-hint")
        self.specifics = {
            name: _css(widgets.Text(description=label, style=LABEL, layout={"width": "300px"}),
                       f"sku-{name.replace('_', '-')}")
            for name, label in (("specific_brand", "Brand"), ("specific_model", "Model"),
                                ("specific_mpn", "MPN"), ("specific_colour", "Colour"),
                                ("specific_upc", "UPC"))}
        self.category1 = CategoryPicker(self.model, "Category 1", "sku-category1", bar)
        self.category2 = CategoryPicker(self.model, "Category 2", "sku-category2", bar)
        self.condition = _css(widgets.Dropdown(
            description="Condition", style=LABEL,
            options=[(f"{code} {name}", code) for code, name in CONDITIONS.items()]),
            "sku-condition")
        self.start_price = _css(widgets.Text(description="Start price", style=LABEL,
                                             layout={"width": "230px"}), "sku-start-price")
        self.buy_it_now = _css(widgets.Text(description="Buy it now", style=LABEL,
                                            layout={"width": "230px"}), "sku-buy-it-now")
        self.reserve = _css(widgets.Text(description="Reserve", style=LABEL,
                                         layout={"width": "230px"}), "sku-reserve")
        self.quantity = _css(widgets.IntText(description="Quantity", style=LABEL,
                                             layout={"width": "200px"}), "sku-quantity")
        self.stock = _css(widgets.Label(), "sku-stock")
        self.description_panel = DescriptionPanel()
        self.description = self.description_panel.description
        self.is_html = self.description_panel.is_html
        self.image_boxes = [self._image_row(i) for i in range(12)]
        self.update_ebay = _css(widgets.Checkbox(description="Update eBay (queue for the next "
                                                 "export)", indent=False), "sku-update")
        self.problems = _css(widgets.HTML(), "sku-problems")
        self.save_button = _css(widgets.Button(description="Save", icon="save",
                                               button_style="primary"), "sku-save")
        self.save_result = _css(widgets.HTML(), "sku-save-result")
        self.save_result.add_class("aimsi-save-result")
        self.reload_button = _css(widgets.Button(description="Reload (keep my values)",
                                                 icon="refresh", button_style="warning",
                                                 layout={"display": "none"}), "sku-reload")
        self.unsaved = _css(widgets.HTML(), "sku-unsaved")
        self.reapply_button = _css(widgets.Button(description="Re-apply my values",
                                                  icon="undo", layout={"display": "none"}),
                                   "sku-reapply")
        self.kept: dict = {}
        self._layout: list | None = None
        self.create_button = _css(widgets.Button(description="Create eBay record", icon="plus"),
                                  "sku-create")
        self.delete_button = _css(widgets.Button(description="Delete record", icon="trash",
                                                 button_style="danger"), "sku-delete")
        self.confirm_delete = _css(widgets.Checkbox(description="really delete", indent=False),
                                   "sku-delete-confirm")
        self.siblings = _css(widgets.SelectMultiple(options=[], rows=5,
                                                    layout={"width": "260px"}), "sku-siblings")
        self.copy_fields = {
            name: _css(widgets.Checkbox(value=name in FAMILY_FIELDS, indent=False,
                                        description=label_of(name),
                                        layout={"width": "150px"}), f"sku-copy-field-{name}")
            for name in COPYABLE if name != "description_is_html"}
        self.copy_button = _css(widgets.Button(description="Preview copy", icon="eye",
                                               layout={"width": "auto"}), "sku-copy")
        self.copy_preview = _css(widgets.HTML(), "sku-copy-preview")
        self.copy_confirm = _css(widgets.Button(description="Confirm copy", icon="copy",
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
        self.editor = _css(widgets.VBox(), "sku-editor")
        # -- grid
        self.grid_box = _css(widgets.VBox(), "sku-grid-box")
        self.grid_load = _css(widgets.Button(description="Load found SKUs into grid",
                                             icon="table", layout={"width": "auto"}),
                              "sku-grid-load")
        self.grid_save = _css(widgets.Button(description="Save grid", icon="save",
                                             button_style="primary"), "sku-grid-save")
        self.grid_load.on_click(guard(lambda _: self.load_grid()))
        self.grid_save.on_click(guard(lambda _: self.save_grid()))
        self.grid = None
        self.grid_result = _css(widgets.HTML(), "sku-grid-result")
        self.grid_result.add_class("aimsi-save-result")
        editable = ", ".join(label_of(c) for c in GRID_EDITABLE)
        tabs = widgets.Tab([self.editor, widgets.VBox([
            widgets.HBox([self.grid_load, self.grid_save, self.grid_result]),
            widgets.HTML(f"<small>Editable here: <b>{editable}</b>; other columns are "
                         "read-only (an edit there is put back and refused).</small>"),
            self.grid_box])])
        tabs.set_title(0, "Record editor")
        tabs.set_title(1, "Grid")
        self.tabs = _css(tabs, "sku-tabs")
        super().__init__(page(
            "SKU eBay records", self.bar,
            widgets.HBox([self.search_box, self.find_button, widgets.HTML(
                "<small>&nbsp;● flagged Update eBay · ○ has a record · · no record yet</small>")]),
            self.results,
            widgets.HBox([self.found, self.previous_page, self.next_page]),
            self.header, self.tabs,
        ), layout={"max_width": "1100px", "padding": "8px"})
        self.add_class("sku-records-dashboard")
        self._show_editor(False)

    # -- building blocks -----------------------------------------------------------------------

    def _image_row(self, index: int) -> widgets.HBox:
        url = _css(widgets.Text(placeholder=f"image {index + 1}: https://…",
                                layout={"width": "480px"}), f"sku-image-{index + 1}")
        thumb = _css(widgets.HTML(layout={"width": "70px", "height": "50px",
                                          "overflow": "hidden"}), f"sku-thumb-{index + 1}")
        up = widgets.Button(icon="arrow-up", layout={"width": "36px"}, tooltip="move up")
        down = widgets.Button(icon="arrow-down", layout={"width": "36px"}, tooltip="move down")
        guard = trapped(self.bar)
        url.observe(guard(lambda change, i=index: self._on_image(i, change["new"])), "value")
        up.on_click(guard(lambda _, i=index: self._move(i, -1)))
        down.on_click(guard(lambda _, i=index: self._move(i, 1)))
        return widgets.HBox([thumb, url, up, down])

    def _show_editor(self, on: bool) -> None:
        if not on:
            self.editor.children = [widgets.HTML("<i>Choose a SKU above.</i>")]
            self.header.value = html.escape(self.model.header())
            return
        if not self.model.has_record:
            self.editor.children = [
                widgets.HTML("<p>This SKU has no eBay record.</p>"), self.create_button]
            return
        if self._layout is None:  # built once: re-setting children re-draws the page and
            row = widgets.HBox    # loses the operator's scroll position
            self._layout = [
                self.account, row([self.title, self.title_count]),
                row([self.subtitle, self.subtitle_count]),
                widgets.HBox([self.format_box, self.duration_box],  # the hints may overflow it
                             layout={"overflow": "visible"}),
                self.category1, self.category2, self.condition,
                row([self.start_price, self.buy_it_now, self.reserve]),
                row([self.quantity, self.stock]),
                self.description_panel,
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
        if list(self.editor.children) != self._layout:
            self.editor.children = self._layout

    # -- find and load -------------------------------------------------------------------------

    def find(self, step: int = 0) -> None:
        """Search (step 0), or show the previous (-1) or next (+1) page of the same search."""
        current = self.model.page
        offset = 0 if step == 0 else max(0, current.offset + step * current.page_items)
        options = self.model.search(self.search_box.value if step == 0 else current.text, offset)
        self.results.options = options or [("no SKU matches", "")]
        found = self.model.page
        self.found.value = f"<span>{html.escape(found.summary())}</span>"
        self.previous_page.disabled = not found.has_previous
        self.next_page.disabled = not found.has_next

    def _on_result(self, change) -> None:
        if change["new"]:
            self.open_sku(change["new"])

    def open_sku(self, sku: str) -> None:
        self.model.load(sku)
        self._fill()
        self._clear_feedback()
        self.bar.clear()

    def _fill(self) -> None:
        model, values = self.model, self.model.form.values
        self.header.value = html.escape(model.header())
        if not model.has_record:
            self._show_editor(True)
            return
        from aimsi_ebay.ops.listings.records import account_choices

        self.account.options = [("(none)", None), *account_choices(model.db)]
        self.account.value = values["account_id"]
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
        self._show_editor(True)

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
        self._collect()
        self.model.move_image(index, step)
        for box, url in zip(self.image_boxes, self.model.form.images, strict=True):
            box.children[1].value = url

    # -- actions -------------------------------------------------------------------------------

    def _collect(self) -> None:
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

    def _field_widgets(self) -> dict[str, list[widgets.Widget]]:
        return {
            "account_id": [self.account], "title": [self.title], "subtitle": [self.subtitle],
            "listing_format": [self.format], "duration": [self.duration],
            "category1_id": [self.category1], "category2_id": [self.category2],
            "condition_id": [self.condition], "start_price": [self.start_price],
            "buy_it_now_price": [self.buy_it_now], "reserve_price": [self.reserve],
            "quantity": [self.quantity], "description": [self.description],
            "images": [box.children[1] for box in self.image_boxes],
            **{name: [box] for name, box in self.specifics.items()},
        }

    def _clear_feedback(self) -> None:
        """Forget the previous attempt: its result, its problems, its red frames."""
        self.save_result.value = ""
        self.problems.value = ""
        self.reload_button.layout.display = "none"
        for boxes in self._field_widgets().values():
            for box in boxes:
                box.remove_class("aimsi-field-error")

    def _result(self, text: str, kind: str) -> None:
        """The outcome beside Save (where the eye is), echoed in the message bar."""
        colour = MessageBar.KINDS[kind]
        self.save_result.value = (f'<span class="sku-save-{kind}" style="color:{colour};'
                                  f'font-weight:600">{html.escape(text)}</span>')
        self.bar.show(text, kind)

    def _mark(self, problems) -> None:
        fields = self._field_widgets()
        for problem in problems:
            if problem.severity == "error":
                for box in fields.get(problem.field, []):
                    box.add_class("aimsi-field-error")

    def save(self) -> None:
        self._clear_feedback()
        self._collect()
        problems = self.model.check()
        errors = [p for p in problems if p.severity == "error"]
        self.problems.value = _problems_html(problems)
        if errors:
            self._mark(errors)
            self._result(f"Not saved: {len(errors)} error(s) — "
                         + "; ".join(problem_text(p) for p in errors[:3]), "error")
            return
        try:
            report = self.model.save()
        except ConflictError as conflict:
            self.reload_button.layout.display = ""
            self._result(f"Not saved: {conflict} — press Reload: your values stay here to "
                         "re-apply", "warning")
            return
        except RecordRejectedError as rejected:
            self.problems.value = _problems_html(rejected.problems)
            self._mark(rejected.problems)
            self._result("Not saved: " + "; ".join(problem_text(p) for p in rejected.problems
                                                   if p.severity == "error"), "error")
            return
        self._fill()
        self.problems.value = _problems_html(report.warnings)
        removed = f"; sanitising removed {', '.join(report.removed)}" if report.removed else ""
        what = ", ".join(label_of(name) for name in report.changed) or "nothing changed"
        self._result(f"Saved {self.model.view.info.sku} (version {report.version}): "
                     f"{what}{removed}", "success")

    def _reload(self) -> None:
        """Load the record as it is now; show the operator's unsaved values to re-apply."""
        self._collect()
        self.kept = self.model.reload_keeping()
        self._fill()
        self._clear_feedback()
        shown = {k: v for k, v in self.kept.items() if k != "images"}
        items = "".join(f"<li><b>{html.escape(label_of(k))}</b>: "
                        f"{html.escape(self.model.describe(v))}</li>" for k, v in shown.items())
        if "images" in self.kept:
            items += "<li><b>Images</b>: your list of pictures</li>"
        self.unsaved.value = (f"<div class='sku-unsaved-values'>Reloaded version "
                              f"{self.model.version}. <b>Your unsaved values</b> (not saved yet):"
                              f"<ul style='margin:2px 0'>{items or '<li>none</li>'}</ul></div>")
        self.reapply_button.layout.display = "" if self.kept else "none"
        self._result(f"Reloaded {self.model.view.info.sku} (version {self.model.version}); "
                     "re-apply your values or keep theirs", "info")

    def _reapply(self) -> None:
        self.model.reapply(self.kept)
        values = dict(self.model.form.values)
        images = list(self.model.form.images)
        self._fill()
        self.model.form.values.update(values)
        self.model.form.images = images
        self._put_back()
        self.kept = {}
        self.unsaved.value = ""
        self.reapply_button.layout.display = "none"
        self._result("Your values are back in the form: check them and Save", "info")

    def _put_back(self) -> None:
        """Show the model's form values in the widgets (after a re-apply)."""
        values = self.model.form.values
        simple = {"title": self.title, "subtitle": self.subtitle, "start_price": self.start_price,
                  "buy_it_now_price": self.buy_it_now, "reserve_price": self.reserve,
                  "description": self.description, **self.specifics}
        for name, box in simple.items():
            if name in values:
                box.value = values[name] if values[name] is not None else ""
        if values.get("quantity") is not None:
            self.quantity.value = int(values["quantity"])
        self.update_ebay.value = bool(values.get("update_ebay"))
        for box, url in zip(self.image_boxes, self.model.form.images, strict=True):
            box.children[1].value = url

    def _create(self) -> None:
        self.model.create()
        self._fill()
        self.bar.show("Created a draft record (Update eBay is off): complete it and save",
                      "success")

    def _delete(self) -> None:
        if not self.confirm_delete.value:
            self.bar.show("Tick 'really delete' first", "warning")
            return
        self.model.delete()
        self.confirm_delete.value = False
        self._fill()
        self.bar.show("Record deleted", "success")

    def _copy(self) -> None:
        """Preview, per chosen variant, what copying the ticked fields changes."""
        fields = tuple(name for name, box in self.copy_fields.items() if box.value)
        if "description" in fields:
            fields += ("description_is_html",)
        plan = self.model.preview_copy(list(self.siblings.value), fields)
        rows = []
        for target in plan:
            state = "new record" if target.creates else f"version {target.version}"
            changes = "".join(
                f"<li>{html.escape(label_of(name))}: {html.escape(self.model.describe(before))}"
                f" → <b>{html.escape(self.model.describe(after))}</b></li>"
                for name, (before, after) in target.changes.items()) or "<li>no change</li>"
            rows.append(f"<div class='sku-copy-target'><b>{html.escape(target.sku)}</b> "
                        f"({state})<ul style='margin:2px 0'>{changes}</ul></div>")
        self.copy_preview.value = "".join(rows)
        self.copy_confirm.layout.display = ""
        self.bar.show(f"Preview: {len(plan)} variant(s); press Confirm copy to write it",
                      "info")

    def _confirm_copy(self) -> None:
        self.copy_confirm.layout.display = "none"
        try:
            report = self.model.confirm_copy()
        finally:
            self.copy_preview.value = ""
        self.open_sku(self.model.view.info.sku)
        self.bar.show(f"Copied to {len(report.updated)} existing and {len(report.created)} new "
                      "record(s)", "success")

    # -- grid ----------------------------------------------------------------------------------

    def load_grid(self) -> None:
        from ipydatagrid import DataGrid

        skus = [hit.sku for hit in self.model.results] or None
        frame = self.model.grid_frame(skus)
        self.grid = _css(DataGrid(frame, editable=True, selection_mode="cell",
                                  layout={"height": "360px"}, base_column_size=110,
                                  column_widths={"sku": 150, "version": 70, "title": 330,
                                                 "key": 50}), "sku-grid")
        self.grid.on_cell_change(trapped(self.bar)(self._on_grid_edit))
        self.grid_box.children = [self.grid]
        self.grid_result.value = ""
        self.bar.show(f"{len(frame)} record(s) in the grid; edit "
                      f"{', '.join(label_of(c) for c in GRID_EDITABLE)} and press Save grid",
                      "info")

    def _on_grid_edit(self, cell: dict) -> None:
        """An edit of a read-only column is put back at once and refused where it was made."""
        column = cell.get("column")
        if column in GRID_EDITABLE or self.model.grid_loaded is None:
            return
        row = cell.get("primary_key_row", cell.get("row"))
        original = self.model.grid_loaded.iloc[row][column]
        if str(cell.get("value")) == str(original):
            return  # our own putting back
        self.grid.set_cell_value_by_index(column, row, original)
        sku = self.model.grid_loaded.iloc[row]["sku"]
        text = (f"Refused: {label_of(column)} of {sku} is not editable here (use the Record "
                "editor)")
        self.grid_result.value = (f"<span class='sku-grid-refused' style='color:#b00020;"
                                  f"font-weight:600'>{html.escape(text)}</span>")
        self.bar.show(text, "error")

    def save_grid(self) -> None:
        if self.grid is None:
            self.bar.show("Load the grid first", "warning")
            return
        report = self.model.save_grid(self.grid.data)
        kind = "warning" if report.refused else ("success" if report.saved else "info")
        text = "Grid: " + report.text()
        self.grid_result.value = (f"<span class='sku-grid-{kind}' style='color:"
                                  f"{MessageBar.KINDS[kind]};font-weight:600'>"
                                  f"{html.escape(text)}</span>")
        self.bar.show(text, kind)
        if report.saved and not report.refused:
            shown = self.grid_result.value
            self.load_grid()  # fresh versions for the next edit
            self.grid_result.value = shown
            self.bar.show(text, kind)


def _problems_html(problems) -> str:
    if not problems:
        return ""
    items = "".join(
        f"<li class='sku-problem-{p.severity}' style='color:"
        f"{'#b00020' if p.severity == 'error' else '#8a5a00'}'><b>{p.severity}</b> "
        f"{html.escape(problem_text(p))}</li>"
        for p in problems
    )
    return f"<ul style='margin:4px 0'>{items}</ul>"
