"""The store's settings kept in the database (every kernel, job and the CLI see the same value).

A setting is a named text value in ``store_settings``; the listing rules read them in SQL (for
example ``allow_overselling``: listing more than is in stock is an error unless it is true).
"""

from __future__ import annotations

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError
from aimsi_ebay.rules.listing_policy import ALLOW_OVERSELLING

# Known settings → (default, what it does).
SETTINGS: dict[str, tuple[str, str]] = {
    ALLOW_OVERSELLING: ("false", "allow a listing's quantity above the stock available"),
}


def get_setting(db: Database, name: str) -> str:
    """The setting's value, or its default when it was never set."""
    default = _known(name)
    with db.read() as con:
        row = con.execute("SELECT value FROM store_settings WHERE name = ?", [name]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, name: str, value: str | bool) -> None:
    """Set a setting (booleans as ``true``/``false``), recorded in the audit log."""
    _known(name)
    text = str(value).lower() if isinstance(value, bool) else str(value).strip()
    if name == ALLOW_OVERSELLING and text not in ("true", "false"):
        raise InputError(f"{value!r} is not true or false", field=name)
    with db.write() as con:
        before = con.execute("SELECT value FROM store_settings WHERE name = ?", [name]).fetchone()
        if before:
            con.execute("UPDATE store_settings SET value = ?, updated_at = current_timestamp,"
                        " updated_by = ? WHERE name = ?", [text, audit.current_user(), name])
        else:
            con.execute("INSERT INTO store_settings (name, value, updated_by) VALUES (?, ?, ?)",
                        [name, text, audit.current_user()])
        audit.record(con, "update", "store_setting", name,
                     before={"value": before[0] if before else None}, after={"value": text})


def _known(name: str) -> str:
    if name not in SETTINGS:
        raise InputError(f"unknown store setting {name!r}; known: {', '.join(SETTINGS)}")
    return SETTINGS[name][0]
