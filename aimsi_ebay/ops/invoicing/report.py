"""What a posting batch reports: the invoices it posted and its totals.

A batch of 100,000 orders posts 100,000 invoices, and most callers show a few of them (the
dashboard the first 50, the audit entry the first and last numbers) or count them. The rows come
out of the plan at once as Arrow columns (no Python object per value) and each ``PostedInvoice``
is made when it is read: making all 100,000 of them (and their Decimals) up front cost a third of
posting the batch. Reading every one (the CLI's list, ``--json``) makes them a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, overload

import duckdb

from aimsi_ebay.rules.money import ZERO, money_str

if TYPE_CHECKING:  # a type here; the Invoice orders page imports this module at its first paint
    import pyarrow as pa

_FIELDS = ("invoice_number", "order_number", "total", "applied", "due", "partial",
           "tracking_numbers")
_CHUNK = 8192  # rows made into PostedInvoice at a time when every one is read


@dataclass(frozen=True)
class PostedInvoice:
    invoice_number: str
    order_number: str
    total: Decimal
    applied: Decimal
    due: Decimal
    partial: bool
    tracking_numbers: str | None

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("total", "applied", "due"):
            data[key] = money_str(data[key])
        return data


class PostedInvoices(Sequence[PostedInvoice]):
    """The invoices of a batch in posting order, a list made on demand from Arrow columns
    (DECIMAL(12,2) columns come back as two-place Decimals)."""

    def __init__(self, table: pa.Table | None = None) -> None:
        self._table = table

    def __len__(self) -> int:
        return 0 if self._table is None else self._table.num_rows

    @overload
    def __getitem__(self, index: int) -> PostedInvoice: ...

    @overload
    def __getitem__(self, index: slice) -> list[PostedInvoice]: ...

    def __getitem__(self, index: int | slice) -> PostedInvoice | list[PostedInvoice]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return self._make(start, max(stop - start, 0))
            return [self[i] for i in range(start, stop, step)]
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError("posted invoice index out of range")
        return self._make(position, 1)[0]

    def __iter__(self) -> Iterator[PostedInvoice]:
        for start in range(0, len(self), _CHUNK):
            yield from self._make(start, _CHUNK)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PostedInvoices, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compared by content, like a list

    def __repr__(self) -> str:
        return f"PostedInvoices({len(self)} invoice(s))"

    def _make(self, start: int, count: int) -> list[PostedInvoice]:
        if self._table is None or count <= 0:
            return []
        rows = self._table.slice(start, count)
        columns = [rows.column(name).to_pylist() for name in _FIELDS]
        return [PostedInvoice(*values) for values in zip(*columns, strict=True)]


@dataclass
class InvoiceReport:
    invoices: Sequence[PostedInvoice] = field(default_factory=PostedInvoices)
    total: Decimal = ZERO
    applied: Decimal = ZERO
    due: Decimal = ZERO
    lines: int = 0
    units: int = 0

    def summary(self) -> str:
        return (f"{len(self.invoices)} invoice(s) posted, {self.lines} line(s), {self.units} unit(s);"
                f" total {money_str(self.total)}, paid from deposits {money_str(self.applied)},"
                f" due {money_str(self.due)}")

    def as_json(self) -> dict[str, object]:
        return {
            "invoices": [invoice.as_json() for invoice in self.invoices],
            "count": len(self.invoices), "lines": self.lines, "units": self.units,
            "total": money_str(self.total), "applied": money_str(self.applied),
            "due": money_str(self.due),
        }


def batch_report(con: duckdb.DuckDBPyConnection) -> InvoiceReport:
    """The report of the batch ``plan_heads`` (numbered) holds, read from the plan, not from
    the tables just written.

    The heads are read as they are stored: posting writes them in the orders' order, which is
    the order their ids and numbers were drawn in, and DuckDB keeps a single table's insertion
    order in a query without ORDER BY (an ORDER BY here cost a sort of the whole batch)."""
    table = con.execute(
        """SELECT invoice_number, order_number, total, applied,
               CAST(total - applied AS DECIMAL(12,2)) AS due, NOT final AS partial,
               tracking_numbers
        FROM plan_heads"""
    ).to_arrow_table()
    lines, units, total, applied = con.execute(
        """SELECT coalesce(sum(lines), 0), coalesce(sum(units), 0),
               CAST(coalesce(sum(total), 0) AS VARCHAR), CAST(coalesce(sum(applied), 0) AS VARCHAR)
        FROM plan_heads"""
    ).fetchone()
    report = InvoiceReport(PostedInvoices(table), Decimal(total), Decimal(applied), lines=lines,
                           units=units)
    report.due = report.total - report.applied
    return report
