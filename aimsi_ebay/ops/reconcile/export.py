"""A view to CSV or XLSX, safe to open in a spreadsheet (no formula injection).

Text cells go through ``formats.safe_csv.safe_cell`` (a leading = + - @ is quoted); amounts are
written as numbers — ``-8.62`` is a number, not a formula — so a refund stays negative and sums.
In XLSX, text is stored as an explicit string cell so a leading ``=`` is never a formula; amounts
are numbers with a two-place format.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from aimsi_ebay.formats.safe_csv import safe_cell
from aimsi_ebay.ops.reconcile.views import Table, ViewResult


def _cell(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (int, date)) and not isinstance(value, bool):
        return str(value)
    return safe_cell(value)


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in table.columns])
    writer.writerows([_cell(v) for v in row] for row in table.rows)
    return out.getvalue()


def view_csv(result: ViewResult) -> str:
    """Every table of the view, one after another, each under its title line."""
    parts = []
    for table in result.tables.values():
        parts.append(safe_cell(table.title) + "\r\n" + table_csv(table))
    return "\r\n".join(parts)


def view_xlsx(result: ViewResult) -> bytes:
    """One sheet per table and a Totals sheet."""
    book = Workbook()
    totals = book.active
    totals.title = "Totals"
    totals.append(["view", result.view])
    for key, value in result.totals.items():
        _append(totals, [key, value])
    for problem in result.problems:
        _append(totals, ["problem", problem])
    for table in result.tables.values():
        sheet = book.create_sheet(table.name[:31])
        _append(sheet, table.columns)
        for row in table.rows:
            _append(sheet, list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet, values: list[object]) -> None:
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, Decimal):
            cell.value = value  # openpyxl writes a Decimal as a number
            cell.number_format = "#,##0.00"
        elif isinstance(value, (int, date)) and not isinstance(value, bool):
            cell.value = value
        elif value is None:
            continue
        else:
            cell.value = str(value)
            cell.data_type = "s"  # never a formula, even when it starts with =
