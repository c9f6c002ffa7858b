"""Carriers over ODBC (shared PostgreSQL backend only): apply what UPS WorldShip and FedEx Ship
Manager wrote into ``carriers.writeback``.

The carrier software reads an order by number from the ``carriers.worldship_orders`` /
``carriers.fedex_orders`` views and inserts a row per package (tracking number, charges,
service, date, weight) or per void. Those rows are applied by the same rules as a carrier file:
they are written out as the carrier's default post-ship layout and imported with
``import_carrier_file`` (a void removes the package for good, a repeat changes nothing, an order
with all its packages ships), then each row is marked with the time and the import's summary.
A row applied twice (a crash between the import and the marking) changes nothing the second
time, as a carrier file imported twice does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aimsi_ebay.db import Database, postgres
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.shipping.results import ShippingImportReport, import_carrier_file

_PENDING = ("SELECT writeback_id, carrier, order_number, tracking_number, published_charge,"
            " negotiated_charge, service, ship_date, weight, void FROM carriers.writeback"
            " WHERE applied_at IS NULL ORDER BY writeback_id")


@dataclass
class WritebackReport:
    """What one pass applied: the rows, and the carrier import's report per carrier."""

    rows: int = 0
    imports: list[ShippingImportReport] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"rows": self.rows, "imports": [report.as_json() for report in self.imports]}

    def summary(self) -> str:
        if not self.rows:
            return "carrier write-back: nothing new"
        return f"carrier write-back: {self.rows} row(s); " + "; ".join(
            report.summary() for report in self.imports)


def apply_writebacks(db: Database) -> WritebackReport:
    """Apply every write-back row not applied yet, carrier by carrier, in the order written."""
    if db.postgres is None:
        raise InputError(f"{db.location}: carriers read and write over ODBC on the shared "
                         "PostgreSQL database only (--db postgresql://…)")
    if not postgres.writeback_pending(db.postgres):  # the watcher asks every few seconds
        return WritebackReport()
    with db.read() as con:
        rows = con.execute(_PENDING).fetchall()
    report = WritebackReport(rows=len(rows))
    for carrier in ("ups", "fedex"):
        mine = [row for row in rows if row[1] == carrier]
        if not mine:
            continue
        first, last = mine[0][0], mine[-1][0]
        name = f"odbc-writeback-{carrier}-{first}-{last}.csv"
        result = import_carrier_file(db, name, _as_post_ship(carrier, mine), carrier=carrier,
                                     map_name=f"{carrier}-default")
        report.imports.append(result)
        with db.write() as con:
            con.execute("UPDATE carriers.writeback SET applied_at = current_localtimestamp(),"
                        " outcome = ? WHERE writeback_id IN (SELECT unnest(?))",
                        [result.summary()[:500], [row[0] for row in mine]])
    return report


def _as_post_ship(carrier: str, rows: list[tuple]) -> bytes:
    """The rows in the carrier's default post-ship layout (formats/carriers: ups-default,
    fedex-default), so the file import's reader and rules apply to them unchanged."""
    lines = []
    for _, _, order, tracking, published, negotiated, service, ship_date, weight, void in rows:
        texts = {"void": "Y" if void else "N", "order": order, "tracking": tracking,
                 "published": _text(published), "negotiated": _text(negotiated),
                 "service": service or "", "date": ship_date.strftime("%Y%m%d") if ship_date
                 else "", "weight": _text(weight)}
        if any("," in value or '"' in value for value in texts.values()):
            raise InputError(f"a comma or quote in write-back row for order {order}",
                             file="carriers.writeback")
        order_of = (("void", "order", "tracking", "published", "negotiated", "service", "date",
                     "weight") if carrier == "ups" else
                    ("order", "tracking", "negotiated", "published", "service", "date", "void"))
        lines.append(",".join(texts[key] for key in order_of))
    return ("\r\n".join(lines) + "\r\n").encode()


def _text(value: object) -> str:
    return "" if value is None else str(value)
