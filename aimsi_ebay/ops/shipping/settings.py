"""Shipping configuration kept in the database, so the shipping desk, the dashboard and a
scheduled ``shipping watch`` all see the same: the folders (lookup files, WorldShip's XML
auto-import folder, the folder of carrier results to import), each carrier's default service,
the eBay-service → carrier-code table, and the column maps of post-ship CSV exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from aimsi_ebay import config
from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.formats.carriers.packages import CARRIERS
from aimsi_ebay.formats.carriers.post_ship_csv import DEFAULT_MAPS, ColumnMap

FOLDER_KEYS = ("lookup_folder", "auto_import_folder", "watch_folder")
SETTING_KEYS = (*FOLDER_KEYS, *(f"{carrier}.default_service" for carrier in CARRIERS))
# Where each folder is when no one has set it: beside the database, under shipping/.
_DEFAULT_FOLDERS = {"lookup_folder": "lookup", "auto_import_folder": "autoimport",
                    "watch_folder": "results"}


@dataclass(frozen=True)
class ServiceRow:
    """One line of the editable service table: eBay's service name → the carrier's code."""

    carrier: str
    ebay_service: str
    service_code: str


def check_carrier(carrier: str) -> str:
    """The carrier's name in lower case, or InputError."""
    name = (carrier or "").strip().lower()
    if name not in CARRIERS:
        raise InputError(f"carrier {carrier!r} is not one of {', '.join(CARRIERS)}",
                         field="carrier")
    return name


def shipping_root(db: Database) -> Path:
    """``<data folder>/shipping``: where the shipping folders are unless configured."""
    return config.data_folder(db.path) / "shipping"


def read_settings(con: duckdb.DuckDBPyConnection, db: Database) -> dict[str, str]:
    """Every setting, the folders filled in with their defaults."""
    stored = dict(con.execute("SELECT key, value FROM shipping_settings").fetchall())
    for key, folder in _DEFAULT_FOLDERS.items():
        stored.setdefault(key, str(shipping_root(db) / folder))
    return stored


def settings(db: Database) -> dict[str, str]:
    """The shipping settings (see :data:`SETTING_KEYS`)."""
    with db.read() as con:
        return read_settings(con, db)


def folder(db: Database, key: str) -> Path:
    """One of the configured folders (:data:`FOLDER_KEYS`)."""
    if key not in FOLDER_KEYS:
        raise InputError(f"{key!r} is not one of {', '.join(FOLDER_KEYS)}")
    return Path(settings(db)[key]).expanduser()


def set_setting(db: Database, key: str, value: str) -> None:
    """Change a setting; a folder must be a path, a default service a non-blank code."""
    if key not in SETTING_KEYS:
        raise InputError(f"{key!r} is not a shipping setting; one of {', '.join(SETTING_KEYS)}")
    value = (value or "").strip()
    if not value:
        raise InputError(f"{key} needs a value", field=key)
    with db.write() as con:
        before = con.execute("SELECT value FROM shipping_settings WHERE key = ?",
                             [key]).fetchone()
        con.execute("DELETE FROM shipping_settings WHERE key = ?", [key])
        con.execute("INSERT INTO shipping_settings VALUES (?, ?)", [key, value])
        audit.record(con, "set_shipping_setting", "shipping_setting", key,
                     before=before[0] if before else None, after=value)


# -- the service table ---------------------------------------------------------------------------

def service_table(db: Database, carrier: str | None = None) -> list[ServiceRow]:
    """The eBay-service → carrier-code table (one carrier's rows, or all)."""
    with db.read() as con:
        rows = con.execute(
            "SELECT carrier, ebay_service, service_code FROM carrier_services"
            " WHERE ? IS NULL OR carrier = ? ORDER BY carrier, ebay_service",
            [carrier, carrier]).fetchall()
    return [ServiceRow(*row) for row in rows]


def set_service(db: Database, carrier: str, ebay_service: str, service_code: str) -> None:
    """Add or change one translation (``UPS Ground`` → ``GND``)."""
    carrier = check_carrier(carrier)
    ebay_service, service_code = ebay_service.strip(), service_code.strip().upper()
    if not ebay_service or not service_code:
        raise InputError("an eBay service name and a carrier service code are needed")
    with db.write() as con:
        con.execute("DELETE FROM carrier_services WHERE carrier = ? AND lower(ebay_service) ="
                    " lower(?)", [carrier, ebay_service])
        con.execute("INSERT INTO carrier_services VALUES (?, ?, ?)",
                    [carrier, ebay_service, service_code])
        audit.record(con, "set_carrier_service", "carrier_service",
                     f"{carrier}:{ebay_service}", after=service_code)


def remove_service(db: Database, carrier: str, ebay_service: str) -> None:
    """Drop one translation (its orders then get the carrier's default service)."""
    carrier = check_carrier(carrier)
    with db.write() as con:
        gone = con.execute("DELETE FROM carrier_services WHERE carrier = ? AND"
                           " lower(ebay_service) = lower(?)", [carrier, ebay_service.strip()])
        if not gone.fetchone()[0]:
            raise NotFoundError("service", f"{carrier}: {ebay_service}")
        audit.record(con, "remove_carrier_service", "carrier_service",
                     f"{carrier}:{ebay_service}")


# -- column maps ---------------------------------------------------------------------------------

def read_column_maps(con: duckdb.DuckDBPyConnection) -> dict[str, ColumnMap]:
    """The built-in maps, replaced or joined by the stored ones (by name)."""
    maps = dict(DEFAULT_MAPS)
    for (spec,) in con.execute("SELECT spec FROM carrier_column_maps ORDER BY name").fetchall():
        column_map = ColumnMap.from_json(spec)
        maps[column_map.name] = column_map
    return maps


def column_maps(db: Database) -> dict[str, ColumnMap]:
    """Every column map by name (built-in and stored)."""
    with db.read() as con:
        return read_column_maps(con)


def column_map(db: Database, name: str) -> ColumnMap:
    """One column map by name, or NotFoundError."""
    found = column_maps(db).get(name)
    if found is None:
        raise NotFoundError("column map", name)
    return found


def set_column_map(db: Database, spec: str) -> ColumnMap:
    """Store a column map given as JSON (validated first; a bad one changes nothing)."""
    column_map_ = ColumnMap.from_json(spec)
    with db.write() as con:
        before = con.execute("SELECT spec FROM carrier_column_maps WHERE name = ?",
                             [column_map_.name]).fetchone()
        con.execute("DELETE FROM carrier_column_maps WHERE name = ?", [column_map_.name])
        con.execute("INSERT INTO carrier_column_maps (name, carrier, spec, updated_by)"
                    " VALUES (?, ?, ?, ?)", [column_map_.name, column_map_.carrier,
                                             column_map_.to_json(), audit.current_user()])
        audit.record(con, "set_column_map", "carrier_column_map", column_map_.name,
                     before=before[0] if before else None, after=column_map_.to_json())
    return column_map_
