"""Order → carrier: the keyed-import lookup file per carrier, and WorldShip XML auto-import files.

The shipping desk types or scans an order number in WorldShip (or FedEx Ship Manager), which
looks the row up in the lookup file. So the file holds one row per order that is open or picked
(partly shipped orders are picked), with the ship-to (the order's, else the customer's own
address), the carrier's service code and the package weight; an order awaiting payment or
without a usable address is left out and listed with the reason. The rows come from one
set-based query (``carrier_orders.sql``) and the format layer writes them (Windows-1252, field
limits, every cut listed) atomically, so the desk never reads half a file.

:func:`refresh_lookup_files` rewrites both carriers' files in the configured lookup folder; it
runs after every change that affects them (orders created, packages imported or voided, lines
marked) and on demand. The read and the write happen under one lock beside the database, so of
two refreshes the later always writes the later snapshot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.locks import file_lock
from aimsi_ebay.errors import DatabaseBusyError, InputError
from aimsi_ebay.formats.atomic import write_atomic
from aimsi_ebay.formats.carriers.orders import CarrierOrder
from aimsi_ebay.formats.carriers.worldship_keyed import LAYOUTS, check_file_name, lookup_table_file
from aimsi_ebay.formats.carriers.worldship_xml import write_open_shipments
from aimsi_ebay.ops.shipping.scripts import script
from aimsi_ebay.ops.shipping.settings import check_carrier, read_settings

log = logging.getLogger(__name__)

CARRIER_ORDERS_SQL = script("carrier_orders")
ORDER_COLUMNS = ("order_number", "ebay_order_number", "name", "attention", "company", "address1",
                 "address2", "address3", "city", "state", "postal_code", "country", "phone",
                 "email", "residential", "service_code", "weight_lbs")


@dataclass
class LookupFileReport:
    """What went into a lookup (or auto-import) file and what needs a person's attention."""

    carrier: str
    path: str
    rows: int = 0
    left_out: list[dict] = field(default_factory=list)  # order_number, reason
    unknown_services: list[dict] = field(default_factory=list)  # order_number, ebay_service
    missing_weights: list[dict] = field(default_factory=list)  # order_number, skus
    fitted: list[dict] = field(default_factory=list)  # order_number, field, original, ...

    def as_json(self) -> dict:
        return dict(self.__dict__)

    def summary(self) -> str:
        return (f"{self.path}: {self.rows} order(s) for {self.carrier.upper()};"
                f" {len(self.left_out)} left out, {len(self.unknown_services)} with an unknown"
                f" service, {len(self.missing_weights)} without a weight,"
                f" {len(self.fitted)} value(s) changed to fit")


def carrier_orders(con: duckdb.DuckDBPyConnection, carrier: str, default_service: str
                   ) -> pa.Table:
    """Every open or picked order with its ship-to, service, weight and problems (Arrow)."""
    return con.execute(CARRIER_ORDERS_SQL, {"carrier": carrier,
                                            "default_service": default_service}).to_arrow_table()


def _report(carrier: str, path: Path, table: pa.Table) -> tuple[LookupFileReport, pa.Table]:
    """Split the query's rows into those written and those listed; the report of both."""
    problems = _problem_rows(table.filter(
        pc.or_(pc.is_valid(table["left_out"]),
                       pc.or_(table["unknown_service"],
                                      pc.is_valid(table["missing_weights"])))))
    report = LookupFileReport(carrier, str(path))
    for row in problems:
        number = row["order_number"]
        if row["left_out"] is not None:
            report.left_out.append({"order_number": number, "reason": row["left_out"]})
            continue
        if row["unknown_service"]:
            report.unknown_services.append({"order_number": number,
                                            "ebay_service": row["ebay_service"],
                                            "service_code": row["service_code"]})
        if row["missing_weights"] is not None:
            report.missing_weights.append({"order_number": number,
                                           "skus": row["missing_weights"]})
    shipped = table.filter(pc.is_null(table["left_out"]))
    return report, shipped.select(list(ORDER_COLUMNS))


def _problem_rows(table: pa.Table) -> list[dict]:
    """The few problem rows as dicts, ordered by order number."""
    return sorted(table.to_pylist(), key=lambda row: row["order_number"])


def write_lookup_file(db: Database, carrier: str, out: str | Path | None = None
                      ) -> LookupFileReport:
    """Write one carrier's lookup file (default: its standard name in the lookup folder)."""
    return _write_lookup_files(db, [check_carrier(carrier)], out)[0]


def refresh_lookup_files(db: Database) -> list[LookupFileReport]:
    """Rewrite both carriers' lookup files in the lookup folder (one read of the database)."""
    return _write_lookup_files(db, list(LAYOUTS), None)


def _write_lookup_files(db: Database, carriers: list[str], out: str | Path | None
                        ) -> list[LookupFileReport]:
    with _lookup_lock(db):
        with db.read() as con:
            settings = read_settings(con, db)
            tables = {carrier: carrier_orders(con, carrier,
                                              settings[f"{carrier}.default_service"])
                      for carrier in carriers}
        reports = []
        for carrier, table in tables.items():
            layout = LAYOUTS[carrier]
            path = Path(out) if out else (Path(settings["lookup_folder"]).expanduser()
                                          / layout.file_name)
            check_file_name(path)
            report, rows = _report(carrier, path, table)
            data, fitting = lookup_table_file(rows, layout)
            try:
                write_atomic(path, data)
            except OSError as error:
                raise InputError(f"cannot write the lookup file: {error.strerror or error}",
                                 file=str(path)) from None
            report.rows = fitting.rows
            report.fitted = [note.__dict__ for note in fitting.notes]
            reports.append(report)
    return reports


def refresh_after_change(db: Database) -> bool:
    """Refresh the lookup files after a change already committed. A failure to write them (a
    share offline) must not undo that change: it is logged, and False returned.

    Only the files the shipping desk already uses (present in the lookup folder) are kept
    current: a store that has not set the desk up (no file written yet by ``shipping
    lookup-file`` or the Shipping dashboard) pays nothing on every import."""
    try:
        with db.read() as con:
            folder = Path(read_settings(con, db)["lookup_folder"]).expanduser()
        used = [carrier for carrier, layout in LAYOUTS.items()
                if (folder / layout.file_name).exists()]
        if used:
            _write_lookup_files(db, used, None)
    except (InputError, DatabaseBusyError, OSError) as error:
        log.warning("the carrier lookup files were not refreshed: %s", error)
        return False
    return True


def _lookup_lock(db: Database):
    """One refresh at a time per database (the lock file lives beside the database)."""
    return file_lock(db.path.with_name(db.path.name + ".lookup.lock"), exclusive=True,
                     timeout=db.lock_timeout,
                     busy=lambda: DatabaseBusyError("another refresh of the lookup files is"
                                                    " still running"))


def write_auto_import(db: Database, order_numbers: list[str], *, folder: str | Path | None = None,
                      batch: str | None = None, decimal_comma: bool = False) -> LookupFileReport:
    """WorldShip XML auto-import: one ``OpenShipments`` file for the chosen orders (Reference 1 =
    order number) in the auto-import folder. Orders that cannot ship are listed, not written."""
    wanted = list(dict.fromkeys(n.strip() for n in order_numbers if n and n.strip()))
    if not wanted:
        raise InputError("choose at least one order", field="orders")
    with db.read() as con:
        settings = read_settings(con, db)
        table = carrier_orders(con, "ups", settings["ups.default_service"])
        known = {row[0]: row[1] for row in con.execute(
            "SELECT order_number, status FROM orders WHERE order_number IN"
            " (SELECT unnest(CAST(? AS VARCHAR[])))", [wanted]).fetchall()}
    chosen = table.filter(pc.is_in(table["order_number"], pa.array(wanted)))
    target = Path(folder or settings["auto_import_folder"]).expanduser()
    batch = batch or datetime.now().strftime("AIMSI_%Y%m%d_%H%M%S")
    report, rows = _report("ups", target / f"{batch}.xml", chosen)
    listed = set(chosen["order_number"].to_pylist())
    report.left_out += [{"order_number": n, "reason": f"no order {n}" if n not in known
                         else f"the order is {known[n]}"} for n in wanted if n not in listed]
    orders = [CarrierOrder(**row) for row in rows.to_pylist()]
    if not orders:
        raise InputError("none of the chosen orders can ship: " + "; ".join(
            f"{item['order_number']}: {item['reason']}" for item in report.left_out))
    try:
        path, notes = write_open_shipments(target, batch, orders, decimal_comma=decimal_comma)
    except OSError as error:
        raise InputError(f"cannot write the auto-import file: {error.strerror or error}",
                         file=str(target)) from None
    report.path, report.rows = str(path), len(orders)
    report.fitted = [note.__dict__ for note in notes]
    with db.write() as con:
        audit.record(con, "write_auto_import", "auto_import", str(path),
                     after={"orders": [o.order_number for o in orders]})
    return report
