"""The staged sales' normalised keys (``staged_new``): each key computed once per DISTINCT value
of the file's sales, then joined to them. Part of staging (:mod:`staging`), inside the caller's
write transaction — unless the reader made the key tables already (:func:`party_key_tables`,
beside its own work and outside the write lock: the shop reader does) and staging joins those."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa

from aimsi_ebay.db.ids import id_sql
from aimsi_ebay.rules.normalise import email_key, phone_key, place_key, street_key, user_id_key
from aimsi_ebay.sql.keys import (
    email_key_sql,
    phone_key_sql,
    place_key_sql,
    street_key_sql,
    user_id_key_sql,
)

# An address key is its street's key and its place's (city, state, postal code, country) joined
# by '|' (``rules.normalise.address_key``): each part is computed per distinct value of its own
# columns, buyer's and ship-to's together. Places repeat far more than streets (and a place's key
# is the dearer half), so this is cheaper than a key per distinct whole address.
_STREET = ("address1", "address2")
_PLACE = ("city", "state", "zip", "country")
KeyTable = tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str, str, object]


def _key_tables() -> dict[str, KeyTable]:
    """Per key table: (its argument columns, the sales columns that feed them (one tuple per
    side), SQL fast-path test, SQL value, the Python rule)."""
    tables: dict[str, KeyTable] = {
        "user_id": (("a",), (("buyer_user_id",),), *user_id_key_sql("a"), user_id_key),
        "email": (("a",), (("buyer_email",),), *email_key_sql("a"), email_key),
        "phone": (("a",), (("buyer_phone",),), *phone_key_sql("a"), phone_key),
    }
    for name, parts, sql, rule in (
        ("street", _STREET, street_key_sql, street_key),
        ("place", _PLACE, place_key_sql, place_key),
    ):
        arguments = tuple(f"a_{part}" for part in parts)
        sources = tuple(tuple(f"{side}_{part}" for part in parts) for side in ("buyer", "ship"))
        tables[name] = (arguments, sources, *sql(*arguments), rule)
    return tables


def _compute(
    con: duckdb.DuckDBPyConnection, name: str, table: KeyTable, source: str = "incoming_sales"
) -> None:
    """``key_<name>``: the key of each distinct value of its columns in ``source`` (SQL fast
    path; the Python rule for the values it does not cover, e.g. non-ASCII text)."""
    arguments, sources, fast, value, rule = table
    listed = ", ".join(arguments)
    union = " UNION ALL ".join(
        "SELECT "
        + ", ".join(f"{c} AS {a}" for c, a in zip(columns, arguments, strict=True))
        + f" FROM {source}"
        for columns in sources
    )
    # The SQL value for every row (cheaper than under a CASE); the rule replaces it below
    # wherever the fast path does not hold.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE key_{name} AS SELECT {listed},"
        f" {value} AS k, {fast} AS fast FROM (SELECT DISTINCT {listed} FROM ({union}))"
    )
    leftovers = con.execute(f"SELECT {listed} FROM key_{name} WHERE NOT fast").fetchall()
    if not leftovers:
        return
    frame = pd.DataFrame(leftovers, columns=list(arguments), dtype=object)
    frame["k"] = pd.Series([rule(*values) for values in leftovers], dtype=object)
    con.register("python_keys", frame)
    match = " AND ".join(f"p.{a} IS NOT DISTINCT FROM key_{name}.{a}" for a in arguments)
    con.execute(
        f"UPDATE key_{name} SET k = CAST(p.k AS VARCHAR) FROM python_keys p"
        f" WHERE NOT key_{name}.fast AND {match}"
    )
    con.unregister("python_keys")


def party_key_tables(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, pa.Table]:
    """The key tables (by name: each distinct value of its columns and its key ``k``) of every
    value in ``source``, a relation with the sales' keyed columns (``buyer_email``,
    ``buyer_address1`` …): given to :func:`stage_keys`, they must hold every sale's values."""
    found = {}
    for name, table in _key_tables().items():
        _compute(con, name, table, source)
        found[name] = con.execute(f"SELECT {', '.join(table[0])}, k FROM key_{name}").to_arrow_table()
        con.execute(f"DROP TABLE key_{name}")
    return found


def stage_keys(
    con: duckdb.DuckDBPyConnection, given: dict[str, pa.Table] | None = None
) -> None:
    """``staged_new``: the file's sales' ids and keys (``sale_key``, the normalised ones); the
    other columns come from ``incoming_sales``. Needs ``incoming_sales``. ``given``: the key
    tables made already (:func:`party_key_tables`), joined as they are."""
    tables = _key_tables()
    for name, table in tables.items():
        if given is not None:
            con.register(f"key_{name}", given[name])
        else:
            _compute(con, name, table)

    def joined(alias: str, name: str, side: str | None = None) -> str:
        arguments, sources = tables[name][0], tables[name][1]
        columns = sources[0] if side is None else tuple(f"{side}_{a[2:]}" for a in arguments)
        match = " AND ".join(
            f"{alias}.{a} = f.{c}" for a, c in zip(arguments, columns, strict=True)
        )
        return f"LEFT JOIN key_{name} {alias} ON {match}"

    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE staged_new AS
        SELECT {id_sql("seq_staged_sale_id")} AS staged_sale_id, f.gkey,
            CASE WHEN f.ebay_order_number <> '' THEN f.ebay_order_number
                 ELSE 'SRN:' || f.sales_record_number END AS sale_key,
            ku.k AS user_id_norm, ke.k AS email_norm, kp.k AS phone_norm,
            CASE WHEN f.buyer_address1 <> '' THEN bs.k || '|' || bp.k END AS buyer_address_key,
            CASE WHEN f.ship_address1 <> '' THEN ss.k || '|' || sp.k END AS ship_address_key
        FROM incoming_sales f
        {joined("ku", "user_id")}
        {joined("ke", "email")}
        {joined("kp", "phone")}
        {joined("bs", "street", "buyer")}
        {joined("bp", "place", "buyer")}
        {joined("ss", "street", "ship")}
        {joined("sp", "place", "ship")}"""
    )
    for name in tables:
        if given is not None:
            con.unregister(f"key_{name}")
        else:
            con.execute(f"DROP TABLE key_{name}")
