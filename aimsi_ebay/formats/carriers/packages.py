"""What the carriers' files say came of our orders: packages, failures and rejected rows.

Every carrier reader (WorldShip's ``.Out`` responses, its XML shipment export, post-ship CSV
exports through a column map) returns one :class:`CarrierFile`. Its packages are held as an Arrow
table (:data:`PACKAGE_SCHEMA`) so an import of 100,000 rows can go straight into DuckDB; the
:attr:`CarrierFile.packages` view gives the same rows as :class:`Package` records.

Charges: WorldShip rates a *shipment* (one or more packages) and reports the cost on the
shipment, with the per-package charges at 0,00 (both real files in ``shared/real``). So the lead
package (the first) carries the shipment's charges and the others carry zero: an order's
shipping cost is then the sum of its packages' charges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property

import pyarrow as pa

from aimsi_ebay.errors import Rejection

CARRIERS = ("ups", "fedex")

# kinds of carrier file
WORLDSHIP_OUT = "worldship_out"
WORLDSHIP_EXPORT = "worldship_export"
POST_SHIP_CSV = "post_ship_csv"


@dataclass(frozen=True)
class Package:
    """One package a carrier reports: a tracking number on an order (or a void of one)."""

    order_reference: str
    carrier: str  # 'ups' | 'fedex'
    service: str
    tracking_number: str
    published_charge: Decimal | None
    negotiated_charge: Decimal | None
    weight: Decimal | None
    ship_date: date | None
    void: bool
    source_row: int  # the file's row (CSV) or the shipment's position (XML), from 1


@dataclass(frozen=True)
class Failure:
    """A shipment the carrier software refused, with its own message."""

    order_reference: str
    message: str
    source_row: int


PACKAGE_SCHEMA = pa.schema([
    ("order_reference", pa.string()),
    ("carrier", pa.string()),
    ("service", pa.string()),
    ("tracking_number", pa.string()),
    ("published_charge", pa.decimal128(12, 2)),
    ("negotiated_charge", pa.decimal128(12, 2)),
    ("weight", pa.decimal128(12, 3)),
    ("ship_date", pa.date32()),
    ("void", pa.bool_()),
    ("source_row", pa.int64()),
])


def packages_table(packages: list[Package] | tuple[Package, ...]) -> pa.Table:
    """The packages as a table with :data:`PACKAGE_SCHEMA`."""
    columns = {f.name: [getattr(p, f.name) for p in packages] for f in fields(Package)}
    return pa.table(columns, schema=PACKAGE_SCHEMA)


@dataclass(frozen=True)
class CarrierFile:
    """The result of reading one carrier file: what it is, its packages, failures, rejections."""

    kind: str
    name: str
    table: pa.Table  # PACKAGE_SCHEMA
    failures: tuple[Failure, ...] = ()
    rejections: tuple[Rejection, ...] = ()  # the house Rejection (errors.py): file, row, field

    @cached_property
    def packages(self) -> tuple[Package, ...]:
        """The table's rows as records (built on first use; the table is the fast path)."""
        return tuple(Package(**row) for row in self.table.to_pylist())


def parse_quantity(text: str | None, *, places: int = 3) -> Decimal | None:
    """A weight like ``12,0`` or ``12.5`` (WorldShip follows the PC's locale); None when blank
    or unreadable. A comma is a decimal separator unless a point is also present."""
    value = (text or "").strip()
    if not value:
        return None
    value = value.replace(",", "") if "." in value else value.replace(",", ".")
    if not re.fullmatch(r"[0-9]+(\.[0-9]*)?|\.[0-9]+", value):
        return None
    try:
        return Decimal(value).quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        return None
