"""State and logic of the "SKU eBay records" dashboard, without widgets (tested without a browser).

The model holds the record being edited as plain values (money as text, as typed), asks
``ops.listings.checks`` for problems and ``listings`` / ``bulk_edit`` to read and write. It never holds
a database connection between calls.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database, categories, pictures
from aimsi_ebay.ops.categories import CategoryNode
from aimsi_ebay.ops.listings import bulk_edit, checks, finder, templates, variants
from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.rules import listing_policy
from aimsi_ebay.rules.listing_policy import FORMAT_DURATIONS, MAX_IMAGES, Problem
from aimsi_ebay.rules.money import money_str

if TYPE_CHECKING:
    import pandas as pd

GRID_COLUMNS = finder.GRID_COLUMNS
GRID_EDITABLE = ("start_price", "quantity", "update_ebay")
# Field names as the form shows them (messages never show column names).
FIELD_LABELS: dict[str, str] = {
    "sku": "SKU", "account_id": "Account", "title": "Title", "subtitle": "Subtitle",
    "listing_format": "Format", "duration": "Duration", "category1_id": "Category 1",
    "category2_id": "Category 2", "condition_id": "Condition", "start_price": "Start price",
    "buy_it_now_price": "Buy it now", "reserve_price": "Reserve", "quantity": "Quantity",
    "description": "Description", "description_is_html": "HTML", "update_ebay": "Update eBay",
    "images": "Images", "specific_brand": "Brand", "specific_model": "Model",
    "specific_mpn": "MPN", "specific_colour": "Colour", "specific_upc": "UPC",
    "version": "Version", "available": "Available", "template": "Template",
}


def label_of(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def problem_text(problem: Problem) -> str:
    """``Start price: start price must be greater than 0`` — the form's name for the field."""
    return f"{label_of(problem.field)}: {problem.message}"


@dataclass
class GridReport:
    """What Save grid did with each edited cell: saved, refused (read-only or a broken rule)."""

    saved: list[str] = field(default_factory=list)  # "SKU Start price"
    refused: list[str] = field(default_factory=list)  # "SKU Title: not editable here …"

    def text(self) -> str:
        parts = [f"{len(self.saved)} edit(s) saved" + (f" ({', '.join(self.saved[:6])})"
                                                       if self.saved else "")]
        if self.refused:
            parts.append(f"{len(self.refused)} refused — " + "; ".join(self.refused[:6]))
        return "; ".join(parts)


@dataclass
class Form:
    """The editor's values as the widgets hold them (money as text); ``template`` is the name of
    the description template the record names (None: its account's default; ``NO_TEMPLATE``:
    none, whatever the default)."""

    values: dict[str, Any] = field(default_factory=dict)
    images: list[str] = field(default_factory=lambda: [""] * MAX_IMAGES)
    template: str | None = None


class SkuRecordsModel:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.results: list[listings.SkuInfo] = []
        self.view: listings.RecordView | None = None
        self.form = Form()
        self.loaded = Form()
        self.last_save: listings.SaveReport | None = None
        self.page = finder.SkuSearch("")
        self.copy_plan: list[variants.TargetChange] = []
        self.copy_fields: tuple[str, ...] = variants.FAMILY_FIELDS
        self.grid_loaded: pd.DataFrame | None = None
        self._accounts: list[tuple[str, int]] | None = None

    # -- finding -------------------------------------------------------------------------------

    def search(self, text: str, offset: int = 0) -> list[tuple[str, str]]:
        """(label, sku) options of one page: every variant of each matching item, grouped under
        the item; ``self.page`` says how many match in all."""
        self.page = finder.find_skus(self.db, text, offset=offset)
        self.results = self.page.skus
        options, previous = [], None
        for hit in self.results:
            if hit.item_id != previous:
                options.append((f"▸ {hit.description} ({hit.vendor or 'no vendor'})", ""))
                previous = hit.item_id
            mark = "● " if hit.update_ebay else ("○ " if hit.has_record else "· ")
            options.append((f"    {mark}{hit.sku} — {hit.variant} — stock {hit.available}", hit.sku))
        return options

    # -- loading -------------------------------------------------------------------------------

    def load(self, sku: str) -> None:
        self.view = listings.read_record(self.db, sku)
        record = self.view.record or {}
        values = {name: record.get(name) for name in listings.EDITABLE}
        for money in listings.MONEY_FIELDS:
            values[money] = money_str(values[money]) if values[money] is not None else ""
        for text in ("subtitle", "category1_id", "category2_id", "title", "description"):
            values[text] = values[text] or ""
        template = templates.record_choice(self.db, sku) if self.view.record else None
        self.form = Form(values, (self.view.images + [""] * MAX_IMAGES)[:MAX_IMAGES], template)
        # to tell the operator's edits
        self.loaded = Form(dict(values), list(self.form.images), template)

    @property
    def has_record(self) -> bool:
        return self.view is not None and self.view.record is not None

    @property
    def version(self) -> int | None:
        return self.view.record["version"] if self.has_record else None

    def header(self) -> str:
        if self.view is None:
            return "Find a SKU to edit its eBay record."
        info = self.view.info
        state = "no eBay record yet" if not self.has_record else (
            f"version {self.version}, last changed by {self.view.record['updated_by']}")
        flag = ""
        if self.has_record and self.view.record.get("invalid_reason"):
            flag = f" — flagged: {self.view.record['invalid_reason']}"
        return (f"{info.sku} · {info.description} · {info.variant} · {info.vendor or ''} · "
                f"stock available {info.available} ({info.qty_on_hand} on hand) · {state}{flag}")

    # -- editing helpers -----------------------------------------------------------------------

    @staticmethod
    def durations_for(listing_format: str | None) -> tuple[str, ...]:
        return FORMAT_DURATIONS.get(listing_format or "", ())

    def set_format(self, listing_format: str) -> str:
        """Switch the format; keep the duration when it is valid for it, else take the first."""
        self.form.values["listing_format"] = listing_format
        allowed = self.durations_for(listing_format)
        if self.form.values.get("duration") not in allowed:
            self.form.values["duration"] = allowed[0] if allowed else ""
        return self.form.values["duration"]

    @staticmethod
    def count(text: str | None, limit: int) -> str:
        used = len(text or "")
        return f"{used}/{limit}" + (" — too long" if used > limit else "")

    @staticmethod
    def preview(description: str, is_html: bool) -> str:
        """What the preview shows: nh3's sanitised output for HTML, escaped text otherwise."""
        if is_html:
            return listing_policy.sanitise_description(description or "", True).text
        return html.escape(description or "").replace("\n", "<br>")

    @staticmethod
    def removed_by_sanitising(description: str, is_html: bool) -> list[str]:
        return listing_policy.sanitise_description(description or "", is_html).removed

    def move_image(self, index: int, step: int) -> None:
        target = index + step
        images = self.form.images
        if 0 <= index < len(images) and 0 <= target < len(images):
            images[index], images[target] = images[target], images[index]

    @staticmethod
    def thumbnail(url: str) -> str:
        """The ``src`` of a thumbnail (the demo's pictures come with the package)."""
        return pictures.thumbnail_source(url)

    def image_urls(self) -> list[str]:
        return [url.strip() for url in self.form.images if url and url.strip()]

    # -- accounts and description templates ---------------------------------------------------

    def accounts(self) -> list[tuple[str, int]]:
        """(name, account_id) of the active seller accounts (read once per dashboard)."""
        if self._accounts is None:
            self._accounts = listings.account_choices(self.db)
        return self._accounts

    def account_name(self, account_id: int | None) -> str | None:
        return next((name for name, number in self.accounts() if number == account_id), None)

    def templates_for(self, account_id: int | None) -> list[templates.Template]:
        """The description templates of the account (none for a record without one)."""
        name = self.account_name(account_id)
        return templates.list_templates(self.db, name) if name else []

    def preview_template(self, account_id: int | None, name: str | None
                         ) -> tuple[templates.RenderedDescription | None, str]:
        """The record's description (as last saved) rendered with template ``name``, or with
        the account's default when ``name`` is None; (None, "") when no template applies."""
        account = self.account_name(account_id)
        if account is None or name == templates.NO_TEMPLATE:
            return None, ""
        if name is None:
            name = next((t.name for t in templates.list_templates(self.db, account)
                         if t.is_default), None)
            if name is None:
                return None, ""
        return templates.preview(self.db, account, self.view.info.sku, name=name), name

    # -- categories ----------------------------------------------------------------------------

    def category_children(self, parent_id: str | None) -> list[CategoryNode]:
        return categories.children_of(self.db, parent_id)

    def category_search(self, text: str) -> list[CategoryNode]:
        return categories.search(self.db, text, leaves_only=True, limit=40)

    def category_path(self, category_id: str | None) -> list[CategoryNode]:
        return categories.path_of(self.db, category_id)

    def category(self, category_id: str | None) -> CategoryNode | None:
        return categories.node_of(self.db, category_id)

    # -- checking and saving -------------------------------------------------------------------

    def changes(self) -> dict[str, Any]:
        return {name: self.form.values.get(name) for name in listings.EDITABLE}

    def check(self) -> list[Problem]:
        """Problems of the form as it stands (the same rules the save applies)."""
        if not self.has_record:
            return []
        candidate = {**self.view.record, **listings.normalise_changes(self.changes())}
        candidate["invalid_reason"] = None
        candidate["description"] = listing_policy.sanitise_description(
            candidate["description"] or "", bool(candidate["description_is_html"])).text
        return checks.check_draft(self.db, candidate, self.image_urls())

    def save(self) -> listings.SaveReport:
        """Save the form; a changed template is assigned after the checked save (assigning
        flags the record for export). The report's version is the record's version after both."""
        sku = self.view.info.sku
        report = listings.save_record(self.db, sku, self.changes(), version=self.version,
                                      images=self.image_urls())
        if self.form.template != self.loaded.template:
            account = self.account_name(self.form.values.get("account_id"))
            if account is None and self.form.template is not None:
                raise InputError("choose the record's account before its template",
                                 field="template")
            if account is not None:
                templates.assign_template(self.db, account, self.form.template, [sku])
            report.changed["template"] = (self.loaded.template, self.form.template)
        self.load(sku)
        report.version = self.version
        self.last_save = report
        return report

    def unsaved_values(self) -> dict[str, Any]:
        """The operator's edits: the form's values that differ from the record as it was loaded."""
        mine = {name: value for name, value in self.form.values.items()
                if self.loaded.values.get(name) != value}
        if self.image_urls() != [u.strip() for u in self.loaded.images if u and u.strip()]:
            mine["images"] = list(self.form.images)
        if self.form.template != self.loaded.template:
            mine["template"] = self.form.template
        return mine

    def reload_keeping(self) -> dict[str, Any]:
        """Reload the record as someone else saved it; returns the operator's unsaved values
        (form names as keys) so they stay visible and can be re-applied."""
        mine = self.unsaved_values()
        self.load(self.view.info.sku)
        return mine

    def reapply(self, values: dict[str, Any]) -> None:
        """Put the operator's values back over the reloaded record (saved by the next Save)."""
        for name, value in values.items():
            if name == "images":
                self.form.images = list(value)
            elif name == "template":
                self.form.template = value
            else:
                self.form.values[name] = value

    def create(self) -> None:
        self.view = listings.create_record(self.db, self.view.info.sku)
        self.load(self.view.info.sku)

    def delete(self) -> None:
        listings.delete_record(self.db, self.view.info.sku, version=self.version)
        self.load(self.view.info.sku)

    def preview_copy(self, targets: list[str], fields: tuple[str, ...]) -> list[variants.TargetChange]:
        """What copying would change, per target; remembered for ``confirm_copy``."""
        if not targets:
            raise InputError("choose the variants to copy to", field="variants")
        if not fields:
            raise InputError("tick at least one field to copy", field="fields")
        self.copy_fields = tuple(fields)
        self.copy_plan = variants.preview_copy(self.db, self.view.info.sku, version=self.version,
                                               targets=targets, fields=self.copy_fields)
        return self.copy_plan

    def confirm_copy(self) -> listings.CopyReport:
        """Copy as previewed; refused if the source or any target changed since the preview."""
        if not self.copy_plan:
            raise InputError("preview the copy first", field="variants")
        plan, self.copy_plan = self.copy_plan, []
        return variants.copy_to_siblings(
            self.db, self.view.info.sku, version=self.version, fields=self.copy_fields,
            target_versions={p.sku: p.version for p in plan})

    @staticmethod
    def describe(value: Any) -> str:
        if value is None or value == "":
            return "(blank)"
        if isinstance(value, list):
            return f"{len(value)} picture(s)"
        text = str(value)
        return text if len(text) <= 60 else text[:57] + "…"

    # -- grid of many records ------------------------------------------------------------------

    def grid_frame(self, skus: list[str] | None = None) -> pd.DataFrame:
        """Records for quick edits (price as text, quantity, Update eBay) of the search's SKUs,
        read in SQL; kept to tell the operator's edits from what was loaded."""
        frame = finder.grid_rows(self.db, skus)
        self.grid_loaded = frame.copy()
        return frame

    def save_grid(self, frame: pd.DataFrame) -> GridReport:
        """Save every edited editable cell through the bulk push (same rules, same locking) and
        refuse, by name, every edit of a read-only column and every edit a rule rejects."""
        report = GridReport()
        if self.grid_loaded is None:
            raise InputError("load the grid first")
        before = self.grid_loaded.set_index("sku")
        after = frame.set_index("sku")
        edited: dict[str, list[str]] = {}
        for sku in after.index.intersection(before.index):
            for column in GRID_COLUMNS[1:]:
                old, new = before.at[sku, column], after.at[sku, column]
                if str(old) == str(new):
                    continue
                if column in GRID_EDITABLE:
                    edited.setdefault(sku, []).append(column)
                else:
                    report.refused.append(f"{sku} {label_of(column)}: not editable here (use the "
                                          "Record editor)")
        if edited:
            rows = after.loc[list(edited), ["version", *GRID_EDITABLE]].reset_index()
            rows["version"] = before.loc[list(edited), "version"].to_numpy()
            rows["start_price"] = rows["start_price"].map(lambda v: "" if v is None else str(v))
            pushed = bulk_edit.push_frame(self.db, rows)
            bad = {r.sku for r in pushed.rejected}
            report.refused += [f"{r.sku} {label_of(r.field or '')}: {r.reason}"
                               for r in pushed.rejected]
            report.saved += [f"{sku} {label_of(c)}" for sku, columns in edited.items()
                             if sku not in bad for c in columns]
        return report
