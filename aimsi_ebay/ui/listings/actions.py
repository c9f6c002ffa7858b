"""What the Record editor's buttons do: save, reload after a conflict, re-apply, create, delete,
copy to variants — with the outcome beside the button that asked for it.

A mixin of ``editor.RecordEditor``: it uses the editor's widgets, ``fill``, ``collect`` and
``field_widgets``; the logic itself is the model's.
"""

from __future__ import annotations

import html

from aimsi_ebay.errors import ConflictError
from aimsi_ebay.ops.listings.records import RecordRejectedError
from aimsi_ebay.ui.common import MessageBar
from aimsi_ebay.ui.listings.model import label_of, problem_text


class EditorActions:
    """Save, Reload / Re-apply, Create, Delete, Preview copy / Confirm copy (the widgets they
    use are the editor's)."""

    def open_sku(self, sku: str) -> None:
        """Load ``sku`` and show it, forgetting the previous record's feedback."""
        self.model.load(sku)
        self.fill()
        self.clear_feedback()
        self.bar.clear()

    def clear_feedback(self) -> None:
        """Forget the previous attempt: its result, its problems, its red frames."""
        self.save_result.value = ""
        self.problems.value = ""
        self.reload_button.layout.display = "none"
        for boxes in self.field_widgets().values():
            for box in boxes:
                box.remove_class("aimsi-field-error")

    def _result(self, text: str, kind: str) -> None:
        """The outcome beside Save (where the eye is), echoed in the message bar."""
        colour = MessageBar.KINDS[kind]
        self.save_result.value = (f'<span class="sku-save-{kind}" style="color:{colour};'
                                  f'font-weight:600">{html.escape(text)}</span>')
        self.bar.show(text, kind)

    def _mark(self, problems) -> None:
        fields = self.field_widgets()
        for problem in problems:
            if problem.severity == "error":
                for box in fields.get(problem.field, []):
                    box.add_class("aimsi-field-error")

    def save(self) -> None:
        self.clear_feedback()
        self.collect()
        problems = self.model.check()
        errors = [p for p in problems if p.severity == "error"]
        self.problems.value = problems_html(problems)
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
            self.problems.value = problems_html(rejected.problems)
            self._mark(rejected.problems)
            self._result("Not saved: " + "; ".join(problem_text(p) for p in rejected.problems
                                                   if p.severity == "error"), "error")
            return
        self.fill()
        self.problems.value = problems_html(report.warnings)
        removed = f"; sanitising removed {', '.join(report.removed)}" if report.removed else ""
        what = ", ".join(label_of(name) for name in report.changed) or "nothing changed"
        self._result(f"Saved {self.model.view.info.sku} (version {report.version}): "
                     f"{what}{removed}", "success")

    def _reload(self) -> None:
        """Load the record as it is now; show the operator's unsaved values to re-apply."""
        self.collect()
        self.kept = self.model.reload_keeping()
        self.fill()
        self.clear_feedback()
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
        template = self.model.form.template
        self.fill()
        self.model.form.values.update(values)
        self.model.form.images = images
        self.model.form.template = template
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
        self.template.choose(self.model.form.template)

    def _create(self) -> None:
        self.model.create()
        self.fill()
        self.bar.show("Created a draft record (Update eBay is off): complete it and save",
                      "success")

    def _delete(self) -> None:
        if not self.confirm_delete.value:
            self.bar.show("Tick 'really delete' first", "warning")
            return
        self.model.delete()
        self.confirm_delete.value = False
        self.fill()
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


def problems_html(problems) -> str:
    if not problems:
        return ""
    items = "".join(
        f"<li class='sku-problem-{p.severity}' style='color:"
        f"{'#b00020' if p.severity == 'error' else '#8a5a00'}'><b>{p.severity}</b> "
        f"{html.escape(problem_text(p))}</li>"
        for p in problems
    )
    return f"<ul style='margin:4px 0'>{items}</ul>"
