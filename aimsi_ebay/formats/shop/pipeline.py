"""A shop export's orders as SQL over its rows (``raw``, from ``splitting.py``): the same values
and rules as the Python reader (``column_map.OrderReader``) and ``as_sales.py``, set-based.

Stages, named for what they hold; wide ones are views (writing a wide table costs more than
joining again)::

    shop_rows     each row's value of every field the map reads (joined, stripped, ' dropped)
    shop_lines    every row of a named order as a line, numbered within its order, with the
                  order's first row (the order's key inside the pipeline: a number)
    shop_orders   per order (first row): its name, its rows, each order-level field's value
                  (its first row's), and whether a later row disagrees on any
    shop_money    every distinct text of an amount field parsed (``sql.money.money_sql``, the
                  rule of ``to_money``; a decimal-comma map's texts checked and turned first)
    shop_dates    every distinct text of a date field: its day (the shop's own calendar day),
                  NULL if bad
    shop_checked  per order: its amounts, days and status, and ``suspect``: anything the Python
                  reader would refuse, or that this SQL does not settle exactly as Python does
    shop_sales    the orders that are not suspect, in the staged-sales shape (``as_sales.py``;
                  built in ``sales_sql.py``)
    sale_parties  the columns of ``shop_sales`` that the staging's keys are made of, for every
                  row (a superset of the sales' values), so the keys can be made beside the checks
                  (``sales_sql.py``)

The reader runs on one DuckDB thread; steps that do not need each other's tables run side by
side on cursors (``side_by_side``): the texts' parsing beside the orders and lines, the line
sums beside the order values, and (for the import) the parties' keys beside the checks.

A suspect order is read and staged by the Python reader (the rejection's wording is its own).
Texts of ``suspect`` kept to the plain cases: a status outside ``[A-Za-z0-9 _-]``, a currency
that is not ASCII, an amount written as a negative zero all go to Python.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import duckdb

from aimsi_ebay.formats.input_limits import MAX_QUANTITY
from aimsi_ebay.formats.shop.column_map import (
    DATE_FIELDS,
    LINE_FIELDS,
    MONEY_FIELDS,
    TEXT_FIELDS,
    ColumnMap,
)
from aimsi_ebay.formats.shop.orders import FINANCIAL_STATUSES, header_key
from aimsi_ebay.sql.money import money_sql, strip_sql

ORDER_FIELDS = tuple(f for f in (*TEXT_FIELDS, *MONEY_FIELDS, *DATE_FIELDS) if f not in LINE_FIELDS)
ORDER_MONEY = tuple(f for f in MONEY_FIELDS if f not in LINE_FIELDS)
_CODE_FIELDS = {f"{p}.{n}" for p in ("billing", "shipping_address") for n in ("zip", "phone")}
_DECIMAL_COMMA = r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?"
# Date formats whose day SQL reads itself, for texts it is sure strptime reads the same way;
# every other text is parsed by Python (once per distinct text).
_FAST_DATES = {
    "%Y-%m-%d %H:%M:%S %z": "[0-9]{4}-[0-9]{2}-[0-9]{2} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    " [+-]([01][0-9]|2[0-3])[0-5][0-9]",
    "%Y-%m-%d %H:%M": "[0-9]{4}-[0-9]{2}-[0-9]{2} ([01][0-9]|2[0-3]):[0-5][0-9]",
    "%Y-%m-%d %H:%M:%S": "[0-9]{4}-[0-9]{2}-[0-9]{2} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]",
}


def q(name: str) -> str:
    """A field as a quoted SQL identifier (``"billing.zip"``)."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def build_rows(
    con: duckdb.DuckDBPyConnection,
    positions: dict[str, list[int]],
    taxes: list[tuple[int, int, str]],
) -> None:
    """``shop_rows``: each row's value of every field the map reads."""
    values = ["row_no"]
    for target, where in positions.items():
        if len(where) == 1:
            text = f"c{where[0]}"
        else:  # the non-blank parts joined by a space (WooCommerce's first and last names)
            text = "concat_ws(' ', " + ", ".join(f"nullif(c{i}, '')" for i in where) + ")"
        if target in _CODE_FIELDS:  # a spreadsheet's ' before a postal code or phone
            rest = strip_sql(f"substr({text}, 2)")
            text = f"CASE WHEN starts_with({text}, chr(39)) THEN {rest} ELSE {text} END"
        values.append(f"{text} AS {q(target)}")
    for k, (name_at, value_at, _) in enumerate(taxes):
        values.append(f"c{name_at} AS tax{k}_name, c{value_at} AS tax{k}_value")
    con.execute(f"CREATE VIEW shop_rows AS SELECT {', '.join(values)} FROM raw")


def build_orders(
    con: duckdb.DuckDBPyConnection,
    positions: dict[str, list[int]],
    taxes: list[tuple[int, int, str]],
) -> None:
    """``shop_lines``, ``order_heads``, ``uneven_orders`` and the views ``order_rows`` and
    ``shop_orders`` (needs ``shop_rows``)."""
    # Every row of a named order as a line, with its order's first row: the order's key here
    # (a number joins and groups for less than its name).
    line = [
        f"{q(t) if t in positions else chr(39) * 2} AS {q(t.removeprefix('line.'))}"
        for t in LINE_FIELDS
    ]
    tax_cells = [f"tax{k}_name, tax{k}_value" for k in range(len(taxes))]
    con.execute(
        f"CREATE TABLE shop_lines AS SELECT {q('name')} AS gkey, row_no,"
        " CAST(first_value(row_no) OVER order_rows AS BIGINT) AS first_row,"
        f" CAST(row_number() OVER order_rows AS INTEGER) AS line_no, {', '.join(line + tax_cells)}"
        f" FROM shop_rows WHERE {q('name')} <> ''"
        f" WINDOW order_rows AS (PARTITION BY {q('name')} ORDER BY row_no)"
    )
    # An order's values are its first row's. A later row that leaves a field blank or repeats
    # it agrees; any other later value (a conflict, or a value the first row lacks) makes the
    # order "uneven": suspect, read by Python (which takes the first non-blank value).
    mapped = [f for f in ORDER_FIELDS if f != "name" and f in positions]
    firsts = [f"f.{q(f)}" if f in mapped else f"'' AS {q(f)}" for f in ORDER_FIELDS if f != "name"]
    con.execute(
        "CREATE TABLE order_heads AS SELECT any_value(gkey) AS gkey, first_row,"
        " count(*) AS n_rows FROM shop_lines GROUP BY first_row"
    )
    _uneven_orders(con, mapped)
    con.execute(
        f"CREATE VIEW order_rows AS SELECT f.row_no AS first_row, {', '.join(firsts)}"
        " FROM shop_rows f"
    )
    con.execute(
        "CREATE VIEW shop_orders AS SELECT h.gkey, h.first_row, h.n_rows, f.* EXCLUDE (first_row),"
        " u.first_row IS NOT NULL AS disagree FROM order_heads h"
        " JOIN order_rows f ON f.first_row = h.first_row"
        " LEFT JOIN uneven_orders u ON u.first_row = h.first_row"
    )


def _uneven_orders(con: duckdb.DuckDBPyConnection, mapped: list[str]) -> None:
    """``uneven_orders``: the orders a later row of which fills a field with a value that is
    not the first row's. Only the fields some later row fills at all can disagree: they are
    found first (one pass), so the comparison carries those columns alone (a later row mostly
    repeats a few fields, or none)."""
    later = (
        "FROM (SELECT row_no, first_row FROM shop_lines WHERE row_no <> first_row) h"
        " JOIN shop_rows r ON r.row_no = h.row_no"
    )
    filled: list[str] = []
    if mapped:
        any_filled = ", ".join(f"bool_or(r.{q(f)} <> '')" for f in mapped)
        found = con.execute(f"SELECT {any_filled} {later}").fetchone()
        filled = [field for field, some in zip(mapped, found, strict=True) if some]
    differs = " OR ".join(f"(r.{q(f)} <> '' AND r.{q(f)} <> f.{q(f)})" for f in filled)
    con.execute(
        f"CREATE TABLE uneven_orders AS SELECT DISTINCT h.first_row {later}"
        f" JOIN shop_rows f ON f.row_no = h.first_row WHERE {differs or 'false'}"
    )


def side_by_side(con: duckdb.DuckDBPyConnection, first: Callable, *others: Callable) -> list:
    """``first(con)`` and each of ``others`` on a cursor of its own, in a thread, at once (on one
    DuckDB thread each, two independent steps use two cores); their results. The first error
    any raised is raised, once all are done."""
    results: list = [None] * (1 + len(others))
    errors: list[BaseException] = []
    cursors = [con.cursor() for _ in others]

    def run(at: int, step: Callable, cursor: duckdb.DuckDBPyConnection) -> None:
        try:
            results[at] = step(cursor)
        except BaseException as error:  # raised in the caller's thread below
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(at, step, cursor))
        for at, (step, cursor) in enumerate(zip(others, cursors, strict=True), 1)
    ]
    for thread in threads:
        thread.start()
    try:
        results[0] = first(con)
    finally:
        for thread in threads:
            thread.join()
        for cursor in cursors:
            cursor.close()
    if errors:
        raise errors[0]
    return results


def build_money(
    con: duckdb.DuckDBPyConnection,
    column_map: ColumnMap,
    positions: dict[str, list[int]],
    taxes: int,
) -> None:
    """``shop_money`` (t, amount, negative_zero) for every distinct non-blank text of an amount
    field on any row (needs ``shop_rows`` only: a later row's order amounts are texts too many,
    parsed for nothing, but no join to the orders)."""
    fields = [f for f in MONEY_FIELDS if f in positions]
    texts = ", ".join([*(q(f) for f in fields), *(f"tax{k}_value" for k in range(taxes))])
    con.execute(
        "CREATE TABLE money_texts AS SELECT DISTINCT t FROM"
        f" (SELECT unnest([{texts or chr(39) * 2}]) AS t FROM shop_rows) WHERE t <> ''"
    )
    if column_map.decimal_comma:
        prepared = (
            f"SELECT t, CASE WHEN regexp_full_match(t, {lit(_DECIMAL_COMMA)})"
            " THEN replace(replace(t, '.', ''), ',', '.') ELSE 'x' END AS p FROM money_texts"
        )
    else:
        prepared = "SELECT t, t AS p FROM money_texts"
    con.execute(f"CREATE TABLE money_prepared AS {prepared}")
    con.execute(
        "CREATE TABLE shop_money AS SELECT m.t, a.amount,"
        " a.amount = 0 AND regexp_matches(m.t, '[-(]') AS negative_zero"
        f" FROM money_prepared m LEFT JOIN ({money_sql('(SELECT DISTINCT p AS t FROM money_prepared)')})"
        " a ON a.t = m.p"
    )


def build_dates(
    con: duckdb.DuckDBPyConnection,
    column_map: ColumnMap,
    positions: dict[str, list[int]],
    parse_day: Callable[[str], object],
) -> None:
    """``shop_dates`` (t, d): the day of every distinct text of a date field on any row (NULL:
    not a date; needs ``shop_rows`` only, as ``build_money``)."""
    texts = ", ".join(q(f) for f in DATE_FIELDS if f in positions)
    con.execute(
        "CREATE TABLE date_texts AS SELECT DISTINCT t FROM"
        f" (SELECT unnest([{texts or chr(39) * 2}]) AS t FROM shop_rows) WHERE t <> ''"
    )
    fast = _FAST_DATES.get(column_map.date_format or "")
    if fast:
        con.execute(
            "CREATE TABLE shop_dates AS SELECT t, TRY_CAST(left(t, 10) AS DATE) AS d FROM"
            f" date_texts WHERE regexp_full_match(t, {lit(fast)}) AND left(t, 4) <> '0000'"
        )
        con.execute("DELETE FROM shop_dates WHERE d IS NULL")
    else:
        con.execute("CREATE TABLE shop_dates (t VARCHAR, d DATE)")
    rest = [t for (t,) in con.execute(
        "SELECT t FROM date_texts ANTI JOIN shop_dates USING (t)").fetchall()]  # fmt: skip
    if rest:
        con.executemany("INSERT INTO shop_dates VALUES (?, ?)", [[t, parse_day(t)] for t in rest])


def _amount(field: str) -> str:
    """An order-level amount (blank = 0; NULL = not an amount) and its parse join."""
    return f"CASE WHEN o.{q(field)} = '' THEN 0 ELSE {_m(field)}.amount END"


def _m(field: str) -> str:
    return "m_" + field.replace(".", "_")


def build_values(con: duckdb.DuckDBPyConnection, taxes: int) -> None:
    """``order_values`` (every order's amounts and days) and ``line_sums`` (its lines'), side by
    side: what ``build_checked`` checks."""
    tax_bad = (
        " OR ".join(
            f"((tax{k}_name <> '' OR tax{k}_value <> '') AND tax{k}_value <> ''"
            f" AND (mt{k}.amount IS NULL))"
            for k in range(taxes)
        )
        or "false"
    )
    tax_joins = " ".join(
        f"LEFT JOIN shop_money mt{k} ON mt{k}.t = l.tax{k}_value" for k in range(taxes)
    )
    money_joins = " ".join(
        f"LEFT JOIN shop_money {_m(f)} ON {_m(f)}.t = o.{q(f)}" for f in ORDER_MONEY
    )
    money_bad = " OR ".join(
        f"(o.{q(f)} <> '' AND ({_m(f)}.amount IS NULL OR {_m(f)}.negative_zero))"
        for f in ORDER_MONEY
    )
    date_joins = " ".join(f"LEFT JOIN shop_dates d_{f} ON d_{f}.t = o.{q(f)}" for f in DATE_FIELDS)
    date_bad = " OR ".join(f"(o.{q(f)} <> '' AND d_{f}.d IS NULL)" for f in DATE_FIELDS)
    # The amounts and days first, in a narrow table (each join carries only the texts it needs).
    texts = ", ".join(q(f) for f in (*ORDER_MONEY, *DATE_FIELDS))

    def sums(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(
            "CREATE TABLE line_sums AS SELECT l.first_row,"
            " sum(mp.amount * TRY_CAST(l.quantity AS INTEGER)) AS merchandise,"
            " max(abs(mp.amount * TRY_CAST(l.quantity AS INTEGER))) AS max_line,"
            " bool_or((l.sku = '' AND l.title = '') OR NOT regexp_full_match(l.quantity, '[0-9]{1,7}')"
            f"  OR TRY_CAST(l.quantity AS INTEGER) > {MAX_QUANTITY}"
            "  OR l.unit_price = '' OR mp.amount IS NULL OR mp.negative_zero"
            f"  OR (l.discount <> '' AND md.amount IS NULL) OR {tax_bad}) AS line_bad"
            " FROM shop_lines l LEFT JOIN shop_money mp ON mp.t = l.unit_price"
            f" LEFT JOIN shop_money md ON md.t = l.discount {tax_joins} GROUP BY l.first_row"
        )

    def values(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(
            f"""CREATE TABLE order_values AS
            SELECT o.first_row, {money_bad} AS money_bad, {date_bad} AS date_bad,
                {_amount("shipping")} AS v_shipping, {_amount("tax")} AS v_tax,
                {_amount("duties")} AS v_duties, {_amount("discount_amount")} AS v_discount,
                {_amount("total")} AS v_total, {_amount("refunded_amount")} AS v_refunded,
                CASE WHEN o.outstanding_balance = '' THEN NULL
                     ELSE {_m("outstanding_balance")}.amount END AS v_outstanding,
                {_amount("subtotal")} AS v_subtotal_given,
                coalesce(d_created_at.d, d_paid_at.d) AS sale_day,
                coalesce(d_paid_at.d, d_created_at.d) AS paid_on
            FROM (SELECT first_row, {texts} FROM shop_orders) o {money_joins} {date_joins}"""
        )

    side_by_side(con, values, sums)


def build_checked(
    con: duckdb.DuckDBPyConnection, column_map: ColumnMap, positions: dict[str, list[int]]
) -> None:
    """``shop_checked``: every order's amounts, days, status and whether it is suspect (needs
    ``build_values``'s tables)."""
    if "financial_status" in positions:
        statuses = {header_key(k): v for k, v in column_map.statuses.items()}
        cases = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in statuses.items())
        key = "regexp_replace(lower(financial_status), ' +', ' ', 'g')"
        status = (
            f"CASE {key} {cases} ELSE replace({key}, ' ', '_') END"
            if cases
            else (f"replace({key}, ' ', '_')")
        )
        status_bad = "NOT regexp_full_match(o.financial_status, '[A-Za-z0-9_ -]*')"
    else:
        status = (
            "CASE WHEN v_refunded <> 0 AND v_refunded >= v_total THEN 'refunded'"
            " WHEN v_refunded <> 0 THEN 'partially_refunded'"
            " WHEN paid_at <> '' THEN 'paid' ELSE 'pending' END"
        )
        status_bad = "false"
    subtotal = "v_subtotal_given" if "subtotal" in positions else "merchandise - v_discount"
    known = ", ".join(lit(s) for s in FINANCIAL_STATUSES)
    con.execute(
        f"""CREATE TABLE shop_checked AS
        SELECT * EXCLUDE (disagree, money_bad, date_bad, line_bad, status_bad, max_line,
                financial_status, paid_at, currency, o_total),
            disagree OR money_bad OR date_bad OR line_bad OR o_total = ''
            OR NOT status IN ({known}) OR status_bad OR sale_day IS NULL
            OR NOT regexp_full_match(currency, '[ -~]*')
            OR coalesce(greatest(abs(v_shipping), abs(v_tax + v_duties), max_line,
                abs(v_total - v_refunded - coalesce(v_outstanding, 0)),
                abs(v_total - merchandise - v_shipping - v_tax - v_duties)) >= 1e10, false)
            AS suspect
        FROM (SELECT *, {status} AS status, {subtotal} AS v_subtotal FROM (
            SELECT o.gkey, o.first_row, o.n_rows, o.disagree, o.financial_status, o.paid_at,
                o.currency, o.total AS o_total, s.merchandise, s.max_line, s.line_bad,
                v.* EXCLUDE (first_row), {status_bad} AS status_bad,
                o.cancelled_at <> '' AS cancelled
            FROM shop_orders o JOIN line_sums s ON s.first_row = o.first_row
            JOIN order_values v ON v.first_row = o.first_row))"""
    )
