"""State and logic of the "SKU eBay records" dashboard, without widgets (tested without a browser).

The model holds the record being edited as plain values (money as text, as typed), asks
``ops.listings.checks`` for problems and ``listings`` / ``bulk_edit`` to read and write. It never holds
a database connection between calls.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from aimsi_ebay.ops import Database, categories
from aimsi_ebay.ops.categories import CategoryNode
from aimsi_ebay.ops.listings import bulk_edit, checks
from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.rules import listing_policy
from aimsi_ebay.rules.listing_policy import FORMAT_DURATIONS, MAX_IMAGES, Problem
from aimsi_ebay.rules.money import money_str

GRID_COLUMNS = ("sku", "version", "title", "start_price", "quantity", "available", "update_ebay")
GRID_EDITABLE = ("start_price", "quantity", "update_ebay")


@dataclass
class Form:
    """The editor's values as the widgets hold them (money as text)."""

    values: dict[str, Any] = field(default_factory=dict)
    images: list[str] = field(default_factory=lambda: [""] * MAX_IMAGES)


class SkuRecordsModel:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.results: list[listings.SkuInfo] = []
        self.view: listings.RecordView | None = None
        self.form = Form()
        self.last_save: listings.SaveReport | None = None

    # -- finding -------------------------------------------------------------------------------

    def search(self, text: str) -> list[tuple[str, str]]:
        """(label, sku) options: every variant of each matching item, grouped under the item."""
        self.results = listings.search_skus(self.db, text)
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
        self.form = Form(values, (self.view.images + [""] * MAX_IMAGES)[:MAX_IMAGES])

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

    def image_urls(self) -> list[str]:
        return [url.strip() for url in self.form.images if url and url.strip()]

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
        report = listings.save_record(
            self.db, self.view.info.sku, self.changes(), version=self.version,
            images=self.image_urls(),
        )
        self.last_save = report
        self.load(self.view.info.sku)
        return report

    def create(self) -> None:
        self.view = listings.create_record(self.db, self.view.info.sku)
        self.load(self.view.info.sku)

    def delete(self) -> None:
        listings.delete_record(self.db, self.view.info.sku, version=self.version)
        self.load(self.view.info.sku)

    def copy_to(self, targets: list[str]) -> listings.CopyReport:
        return listings.copy_to_siblings(
            self.db, self.view.info.sku, version=self.version, targets=targets or None)

    # -- grid of many records ------------------------------------------------------------------

    def grid_frame(self, skus: list[str] | None = None) -> pd.DataFrame:
        """Records for quick edits (price as text, quantity, Update eBay), by the search's SKUs."""
        frame = bulk_edit.pull_frame(self.db)
        if skus is not None:
            frame = frame[frame["sku"].isin(skus)]
        frame = frame[list(GRID_COLUMNS)].reset_index(drop=True)
        frame["available"] = frame["available"].fillna(0).astype(int)
        frame["version"] = frame["version"].astype(int)
        frame["quantity"] = frame["quantity"].astype(int)
        frame["start_price"] = frame["start_price"].fillna("")
        return frame

    def save_grid(self, frame: pd.DataFrame) -> bulk_edit.PushReport:
        """Write the grid's edits through the bulk push (same rules, same locking)."""
        columns = ["sku", "version", *GRID_EDITABLE]
        edited = frame[columns].copy()
        edited["start_price"] = edited["start_price"].map(lambda v: "" if v is None else str(v))
        return bulk_edit.push_frame(self.db, edited)
