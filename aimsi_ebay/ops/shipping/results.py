"""Carrier → store: tracking numbers, charges and voids from the carriers' files onto orders.

Any carrier file (recognised from its content by the format layer: WorldShip's ``.Out`` replies,
its XML shipment export, post-ship CSV exports through a column map) is imported in one write
transaction, set-based: ``results.sql`` records the voids and decides every package row (keys
only), ``added.sql`` inserts the added packages (their rows taken from the file by position, in
Arrow), ``order_state.sql`` settles the touched orders (the orders new to shipping from their
rows in the file, the others summed from their shipments):

- a void removes every live package with that tracking number, and the number is remembered so
  an older file read again never brings it back;
- a row already imported (re-exported at end of day, or the same file twice) changes nothing;
- a tracking number is never on two orders; a row for an unknown or cancelled order, or a
  malformed charge, is rejected with file, row, field and reason while the rest go in (on a
  DuckDB file no index refuses a second order since migration 023: the ``decided`` stage checks
  every number against the live packages and the file's own rows, inside the transaction, and
  the file's exclusive write lock lets no other writer in between);
- an order whose every line is covered becomes shipped, partly shipped otherwise; its shipping
  cost is the sum of its live packages' charges.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.ids import id_sql, next_id
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.formats.carriers.detect import read_carrier_file
from aimsi_ebay.formats.carriers.packages import POST_SHIP_CSV, CarrierFile
from aimsi_ebay.formats.carriers.post_ship_csv import ColumnMap
from aimsi_ebay.ops.shipping.lookup import refresh_after_change
from aimsi_ebay.ops.shipping.scripts import run_script, script
from aimsi_ebay.ops.shipping.settings import check_carrier, read_column_maps

RESULTS_SQL = script("results")
ADDED_SQL = script("added").replace("{shipment_id}", id_sql("seq_shipment_id"))
ORDER_STATE_SQL = script("order_state")
# How each kind of file names the fields a rejection points at.
_XML_FIELDS = {"order_reference": "Reference1", "tracking_number": "TrackingNumber"}


@dataclass
class ShippingImportReport:
    """What one carrier file did: counts, rejected rows and the shipments the carrier refused."""

    file: str
    kind: str = ""
    carrier: str = ""
    column_map: str | None = None
    import_id: int | None = None
    packages_read: int = 0
    added: int = 0
    voided: int = 0  # tracking numbers newly voided (live or not yet imported)
    unchanged: int = 0
    orders_shipped: int = 0
    orders_partly_shipped: int = 0
    rejected: list[dict] = field(default_factory=list)  # row, field, reason
    failures: list[dict] = field(default_factory=list)  # row, order_number, message
    same_file_before: bool = False

    def as_json(self) -> dict:
        return dict(self.__dict__)

    def summary(self) -> str:
        again = " (this file was imported before)" if self.same_file_before else ""
        return (f"{self.file}: {self.added} package(s) added, {self.voided} voided,"
                f" {self.unchanged} unchanged, {len(self.rejected)} rejected,"
                f" {len(self.failures)} refused by the carrier;"
                f" {self.orders_shipped} order(s) shipped, {self.orders_partly_shipped} partly"
                f" shipped{again}")


def choose_maps(con: duckdb.DuckDBPyConnection, carrier: str | None, map_name: str | None
                ) -> dict[str, ColumnMap]:
    """The column maps a CSV may be read with: the one named, else the carrier's, else all."""
    maps = read_column_maps(con)
    if map_name:
        if map_name not in maps:
            raise NotFoundError("column map", map_name)
        chosen = maps[map_name]
        if carrier and chosen.carrier != carrier:
            raise InputError(f"column map {map_name!r} is for {chosen.carrier}, not {carrier}",
                             field="map")
        return {map_name: chosen}
    if carrier:
        return {name: m for name, m in maps.items() if m.carrier == carrier}
    return maps


def import_carrier_file(db: Database, name: str, data: bytes, *, carrier: str | None = None,
                        map_name: str | None = None, refresh: bool = True
                        ) -> ShippingImportReport:
    """Import one carrier file (its bytes; ``name`` for messages and the record). The column
    maps are read, and the file with them, inside the import's one write transaction: one
    connection instead of two (a connection to a large store costs more than reading the file)."""
    carrier = check_carrier(carrier) if carrier else None
    sha256 = hashlib.sha256(data).hexdigest()
    with db.write() as con:
        maps = choose_maps(con, carrier, map_name)
        carrier_file = read_carrier_file(name, data, maps)
        if carrier_file.kind != POST_SHIP_CSV and carrier == "fedex":
            raise InputError("a WorldShip file holds UPS shipments, not FedEx ones", file=name)
        report = ShippingImportReport(file=name, kind=carrier_file.kind,
                                      packages_read=carrier_file.table.num_rows)
        report.carrier = carrier or _carrier_of(carrier_file, maps)
        if carrier_file.kind == POST_SHIP_CSV:
            report.column_map = next((n for n, m in maps.items() if m.identify(data)), None) \
                if len(maps) > 1 else next(iter(maps))
        _import(con, carrier_file, report, sha256, maps.get(report.column_map or ""))
    if refresh:
        refresh_after_change(db)
    return report


def import_carrier_path(db: Database, path: str | Path, **options: object
                        ) -> ShippingImportReport:
    """Import a carrier file from disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}",
                         file=str(path)) from None
    return import_carrier_file(db, path.name, data, **options)  # type: ignore[arg-type]


def _carrier_of(carrier_file: CarrierFile, maps: dict[str, ColumnMap]) -> str:
    carriers = set(carrier_file.table["carrier"].to_pylist())
    return carriers.pop() if len(carriers) == 1 else "ups"


def _import(con: duckdb.DuckDBPyConnection, carrier_file: CarrierFile,
            report: ShippingImportReport, sha256: str, column_map: ColumnMap | None) -> None:
    """The import's one transaction: record it, apply packages and voids, settle the orders."""
    report.same_file_before = bool(con.execute(
        "SELECT count(*) FROM shipping_imports WHERE sha256 = ?", [sha256]).fetchone()[0])
    report.import_id = next_id(con, "seq_shipping_import_id")
    packages, voids = _split(carrier_file.table)
    repeated = _repeated(packages["tracking_number"])
    packages = packages.append_column("repeated", repeated)
    packages = packages.append_column("shared_order", _repeated(packages["order_reference"]))
    con.register("file_packages", packages)
    con.register("file_voids", voids)
    run_script(con, RESULTS_SQL, {"import_id": report.import_id, "file": carrier_file.name},
               {"live_voids": lambda: _exists(con, "void_rows WHERE live_order_id IS NOT NULL"),
                "repeated": lambda: pc.any(repeated).as_py() or False})
    # a void is new once per tracking number; the file's other void rows change nothing
    # (the orders new to shipping become complete: shipped unless already past shipping; one
    # whose number is on one package row of the file has one row here, so only the others are
    # counted distinct)
    added, unchanged, refused, voided, fresh_shipped = con.execute(
        "SELECT count(*) FILTER (WHERE outcome = 'add'),"
        " count(*) FILTER (WHERE outcome IN ('unchanged', 'voided')),"
        " count(*) FILTER (WHERE outcome = 'rejected'),"
        " (SELECT count(*) FROM void_rows WHERE NOT voided_before),"
        " count(*) FILTER (WHERE outcome = 'add' AND NOT shared_order AND open_order)"
        " + count(DISTINCT order_id) FILTER (WHERE outcome = 'add' AND shared_order"
        "   AND open_order)"
        " FROM (SELECT *, order_status IN ('open', 'picked')"
        "       AND order_id NOT IN (SELECT order_id FROM recount) AS open_order FROM decided)"
        ).fetchone()
    report.added, report.voided = added, voided
    report.unchanged = unchanged + voids.num_rows - voided
    rejected = [{"row": r.row, "field": r.field, "reason": r.reason}
                for r in carrier_file.rejections]
    rejected += [{"row": row, "field": _label(carrier_file.kind, column_map, name),
                  "reason": reason} for row, name, reason in (_rejected(con) if refused else ())]
    report.rejected = sorted(rejected, key=lambda r: r["row"])
    report.failures = [{"row": f.source_row, "order_number": f.order_reference,
                        "message": f.message} for f in carrier_file.failures]
    con.register("file_added", _added(con, packages))
    run_script(con, ADDED_SQL, {"import_id": report.import_id, "file": carrier_file.name})
    settle_orders(con, fresh=True)
    shipped, report.orders_partly_shipped = con.execute(
        "SELECT count(*) FILTER (WHERE complete AND status_before IN ('open', 'picked')),"
        " count(*) FILTER (WHERE packages > 0 AND NOT complete) FROM order_state").fetchone()
    report.orders_shipped = shipped + fresh_shipped
    _record(con, carrier_file, report, sha256)
    for view in ("settled", "fresh_state", "added", "incoming", "voided"):
        con.execute(f"DROP VIEW {view}")
    for table in ("file_packages", "file_voids", "file_added"):
        con.unregister(table)


def _added(con: duckdb.DuckDBPyConnection, packages: pa.Table) -> pa.Table:
    """The package rows decided 'add', in file order, with their order's id and status: taken
    by position (both are in file order) instead of joining the file's rows back in SQL."""
    adds = con.execute("SELECT seq, order_id, order_status FROM decided WHERE outcome = 'add'"
                       " ORDER BY seq").to_arrow_table()
    at = np.searchsorted(packages["seq"].to_numpy(), adds["seq"].to_numpy())
    return (packages.take(pa.array(at)).append_column("order_id", adds["order_id"])
            .append_column("order_status", adds["order_status"]))


def _split(table: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The file's rows numbered in file order (``seq``), those with a tracking number split into
    packages and voids: the void rows (a few) are joined with the store on their own."""
    table = table.append_column("seq", pa.array(np.arange(table.num_rows, dtype=np.int64)))
    numbered = pc.fill_null(pc.not_equal(table["tracking_number"], ""), False)
    void = pc.fill_null(table["void"], False)
    return (table.filter(pc.and_(numbered, pc.invert(void))).drop_columns(["void"]),
            table.filter(pc.and_(numbered, void)).drop_columns(["void"]))


def _repeated(values: pa.ChunkedArray) -> pa.Array:
    """True on the rows whose value (tracking number, order number; a missing one counts as
    blank) is on more than one row of the file: only those are ranked, or grouped, in SQL (one
    hash pass in Arrow and a count of its codes take a few ms for 100,000 rows; DuckDB's GROUP
    BY took ten times that)."""
    encoded = pc.fill_null(values, "").combine_chunks().dictionary_encode()
    codes = encoded.indices.to_numpy()
    return pa.array(np.bincount(codes, minlength=len(encoded.dictionary))[codes] > 1)


def _rejected(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """The rejected rows (row, field, reason), worded from their file values; a tracking number
    live on another order names that order, one on an earlier row of the file names that row's
    order and row (the row of its number that was added)."""
    found = con.execute(
        "SELECT i.source_row, i.order_reference, i.tracking_number, d.order_id, d.order_status,"
        " d.live_order_id, w.order_reference, w.source_row"
        " FROM decided d JOIN incoming i ON i.seq = d.seq"
        " LEFT JOIN (SELECT a.repeated_number, f.order_reference, f.source_row"
        "            FROM decided a JOIN incoming f ON f.seq = a.seq"
        "            WHERE a.outcome = 'add' AND a.repeated_number IS NOT NULL) w"
        "   ON w.repeated_number = d.repeated_number"
        " WHERE d.outcome = 'rejected' ORDER BY d.seq").fetchall()
    elsewhere = sorted({row[5] for row in found if row[5] is not None})
    numbers = dict(con.execute(
        "SELECT order_id, order_number FROM orders WHERE order_id IN (SELECT unnest(?))",
        [elsewhere]).fetchall()) if elsewhere else {}
    out = []
    for row, reference, tracking, order_id, status, live, first_order, first_row in found:
        if reference == "":
            out.append((row, "order_reference", "blank: the order number is needed"))
        elif order_id is None:
            out.append((row, "order_reference", f"no order {reference}"))
        elif status == "cancelled":
            out.append((row, "order_reference", f"order {reference} is cancelled"))
        elif live is not None:
            out.append((row, "tracking_number",
                        f"{tracking} is already on order {numbers.get(live)}"))
        else:
            out.append((row, "tracking_number", f"{tracking} is on order {first_order} in row"
                                                f" {first_row} of this file"))
    return out


def _exists(con: duckdb.DuckDBPyConnection, relation: str) -> bool:
    return con.execute(f"SELECT EXISTS (SELECT 1 FROM {relation})").fetchone()[0]


def settle_orders(con: duckdb.DuckDBPyConnection, *, fresh: bool = False) -> None:
    """Shipping cost, shipped date and status of the orders listed in ``touched_orders`` and,
    with ``fresh`` (a carrier import), of those new to shipping it added packages to
    (``order_state`` holds each one's status before, packages, cost and completeness)."""
    run_script(con, ORDER_STATE_SQL, {}, {"fresh": lambda: fresh, "marked_lines": lambda: _exists(
        con, "shipment_lines WHERE order_id IN (SELECT order_id FROM order_state)")})


def _label(kind: str, column_map: ColumnMap | None, name: str) -> str:
    """The field as the file names it: the map's column for a CSV, the element for XML."""
    if kind != POST_SHIP_CSV:
        return _XML_FIELDS.get(name, name)
    spec = column_map.columns.get(name) if column_map else None
    return f"{name} (column {spec})" if isinstance(spec, int) else str(spec or name)


def _record(con: duckdb.DuckDBPyConnection, carrier_file: CarrierFile,
            report: ShippingImportReport, sha256: str) -> None:
    con.execute(
        "INSERT INTO shipping_imports (import_id, file_name, sha256, kind, carrier, column_map,"
        " packages_added, voided, unchanged, rejected, failures, imported_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [report.import_id, carrier_file.name, sha256, report.kind, report.carrier,
         report.column_map, report.added, report.voided, report.unchanged,
         len(report.rejected), len(report.failures), audit.current_user()])
    problems = [(report.import_id, r["row"], r["field"], r["reason"], "rejected")
                for r in report.rejected]
    problems += [(report.import_id, f["row"], "order " + (f["order_number"] or "?"),
                  f["message"], "failed") for f in report.failures]
    if problems:
        con.executemany("INSERT INTO shipping_import_problems VALUES (?, ?, ?, ?, ?)", problems)
    audit.record(con, "import_carrier_file", "shipping_import", report.import_id,
                 after={k: v for k, v in report.as_json().items()
                        if k not in ("rejected", "failures")})


def mark_package_lines(db: Database, tracking_number: str, line_nos: list[int] | None) -> None:
    """Say which of its order's lines a package carried (None or empty: all of them, the
    default); the order's state follows."""
    tracking_number = tracking_number.strip()
    with db.write() as con:
        found = con.execute("SELECT order_id FROM shipments WHERE tracking_number = ?",
                            [tracking_number]).fetchone()
        if found is None:
            raise NotFoundError("live package", tracking_number)
        order_id = found[0]
        lines = {row[0] for row in con.execute(
            "SELECT line_no FROM order_lines WHERE order_id = ?", [order_id]).fetchall()}
        wanted = sorted(set(line_nos or []))
        unknown = [n for n in wanted if n not in lines]
        if unknown:
            raise InputError(f"the order has no line(s) {unknown}", field="lines")
        con.execute("DELETE FROM shipment_lines WHERE tracking_number = ?", [tracking_number])
        if wanted and set(wanted) != lines:
            con.executemany("INSERT INTO shipment_lines VALUES (?, ?, ?)",
                            [(tracking_number, order_id, n) for n in wanted])
        con.execute("CREATE OR REPLACE TEMP TABLE touched_orders AS SELECT CAST(? AS BIGINT)"
                    " AS order_id", [order_id])
        settle_orders(con)
        audit.record(con, "mark_package_lines", "shipment", tracking_number,
                     after={"lines": wanted or "all"})
    refresh_after_change(db)
