"""eBay sales downloads (FORMATS.md §1): the legacy "Sold" download and the Seller Hub report.

Each layout is declared once, column by column (beangulp ``csvbase`` style): a field, the header
wordings it goes by, its kind. Files are read by header name, case-insensitively, tolerating a
UTF-8 BOM, Windows-1252, blank lines before the header, footer lines after the data and missing
optional columns. Rows are grouped into one :class:`Sale` per eBay order (a combined order is a
summary row followed by item rows). A malformed row or sale becomes a :class:`Rejection` naming
the file's own row number and the field; the rest of the file is still read. Pure: no database.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property, lru_cache
from operator import itemgetter
from pathlib import Path

import duckdb
import pyarrow as pa

from aimsi_ebay.errors import InputError
from aimsi_ebay.rules.money import ZERO, to_money
from aimsi_ebay.sql.money import WS_CLASS, money_sql, strip_sql

LEGACY = "ebay_sold_legacy"
ORDERS_REPORT = "ebay_orders_report"
FORMATS = (ORDERS_REPORT, LEGACY)


@dataclass(frozen=True)
class Column:
    """One field of a layout: the header wordings it goes by (any case) and its kind."""

    field: str
    names: tuple[str, ...]
    kind: str = "text"  # text | money | int | date | flag
    required: bool = False


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[Column, ...]
    signature: tuple[str, ...]  # fields whose presence identifies the layout


def _columns(*specs: tuple) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


_ADDRESS = (
    ("buyer_address1", ("Buyer Address 1", "Post To Address 1", "Buyer Address Line 1")),
    ("buyer_address2", ("Buyer Address 2", "Post To Address 2", "Buyer Address Line 2")),
    ("buyer_city", ("Buyer City", "Post To City", "Buyer Town/City", "Post To Town/City")),
    (
        "buyer_state",
        ("Buyer State", "Post To State", "Buyer County", "Post To County", "Buyer State/Province"),
    ),
    (
        "buyer_zip",
        (
            "Buyer Zip",
            "Buyer ZIP Code",
            "Buyer Postcode",
            "Post To Postcode",
            "Post To Zip",
            "Buyer Postal Code",
        ),
    ),
    ("buyer_country", ("Buyer Country", "Post To Country")),
)
_COMMON = (
    ("sales_record_number", ("Sales Record Number", "Sales Record No.", "Record Number")),
    ("buyer_email", ("Buyer Email", "Buyer Email Address", "Email")),
    ("item_id", ("Item Number", "Item ID")),
    ("transaction_id", ("Transaction ID",)),
    ("title", ("Item Title", "Title")),
    ("sku", ("Custom Label", "Custom Label (SKU)", "SKU")),
    ("quantity", ("Quantity",), "int", True),
    (
        "shipping",
        (
            "Shipping And Handling",
            "Postage And Handling",
            "Shipping & Handling",
            "Postage & Handling",
        ),
        "money",
    ),
    ("total", ("Total Price", "Total"), "money", True),
    ("payment_method", ("Payment Method",)),
    ("payment_id", ("PayPal Transaction ID", "Payment Reference ID")),
    ("sale_date", ("Sale Date", "Order Date"), "date"),
    ("paid_date", ("Paid On Date", "Paid Date"), "date"),
    ("shipping_service", ("Shipping Service", "Postage Service", "Delivery Service")),
    ("variation", ("Variation Details",)),
)

LEGACY_LAYOUT = Layout(
    LEGACY,
    _columns(
        *_COMMON,
        *_ADDRESS,
        ("user_id", ("User Id", "Buyer User ID", "Buyer ID")),
        ("buyer_name", ("Buyer Fullname", "Buyer Full Name", "Buyer Name")),
        ("buyer_phone", ("Buyer Phone Number", "Buyer Phone", "Phone")),
        ("order_number", ("Order ID", "Order Number")),
        ("price", ("Sale Price",), "money", True),
        ("seller_tax", ("Sales Tax", "US Tax", "VAT", "GST"), "money"),
        ("insurance", ("Insurance",), "money"),
        ("cod_fee", ("Cash On Delivery Fee", "COD Fee", "Cash On Delivery Price"), "money"),
        ("handling_fee", ("Handling Fee", "Handling"), "money"),
    ),
    ("user_id", "price"),
)

ORDERS_REPORT_LAYOUT = Layout(
    ORDERS_REPORT,
    _columns(
        *_COMMON,
        *_ADDRESS,
        ("order_number", ("Order Number", "Order ID")),
        ("user_id", ("Buyer Username", "Buyer User ID")),
        ("buyer_name", ("Buyer Name", "Buyer Full Name")),
        ("ship_name", ("Ship To Name", "Post To Name")),
        ("ship_phone", ("Ship To Phone", "Post To Phone", "Buyer Phone")),
        ("ship_address1", ("Ship To Address 1", "Ship To Address Line 1")),
        ("ship_address2", ("Ship To Address 2", "Ship To Address Line 2")),
        ("ship_city", ("Ship To City", "Ship To Town/City")),
        ("ship_state", ("Ship To State", "Ship To County", "Ship To State/Province")),
        (
            "ship_zip",
            ("Ship To Zip", "Ship To ZIP Code", "Ship To Postcode", "Ship To Postal Code"),
        ),
        ("ship_country", ("Ship To Country",)),
        ("price", ("Sold For",), "money", True),
        ("seller_tax", ("Seller Collected Tax",), "money"),
        ("ebay_tax", ("eBay Collected Tax",), "money"),
        ("ebay_charges", ("eBay Collected Charges",), "money"),
        (
            "included",
            (
                "eBay Collected Tax and Fees Included in Total",
                "eBay Collected Tax Included in Total",
            ),
            "flag",
        ),
        ("insurance", ("Insurance",), "money"),
        ("handling_fee", ("Handling Fee",), "money"),
        ("cod_fee", ("Cash On Delivery Fee", "COD Fee"), "money"),
    ),
    ("order_number", "user_id", "price"),
)

LAYOUTS = {ORDERS_REPORT: ORDERS_REPORT_LAYOUT, LEGACY: LEGACY_LAYOUT}
_MONEY_FIELDS = (
    "shipping",
    "insurance",
    "handling_fee",
    "cod_fee",
    "seller_tax",
    "ebay_tax",
    "ebay_charges",
)


@dataclass(frozen=True)
class Rejection:
    row: int | None
    field: str | None
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason}


@dataclass
class SaleLine:
    row: int
    line_no: int
    ebay_item_id: str
    ebay_transaction_id: str
    title: str
    sku: str
    quantity: int
    unit_price: Decimal
    amount: Decimal
    variation: str = ""


@dataclass
class Sale:
    """One eBay order as the file states it; money as Decimal."""

    row: int
    sales_record_number: str
    ebay_order_number: str
    buyer_user_id: str
    buyer_name: str
    buyer_email: str
    buyer_phone: str
    buyer_address1: str
    buyer_address2: str
    buyer_city: str
    buyer_state: str
    buyer_zip: str
    buyer_country: str
    ship_name: str
    ship_phone: str
    ship_address1: str
    ship_address2: str
    ship_city: str
    ship_state: str
    ship_zip: str
    ship_country: str
    shipping: Decimal
    seller_tax: Decimal
    ebay_tax: Decimal
    ebay_charges: Decimal
    total_price: Decimal
    ebay_included: bool
    payment_method: str
    payment_reference: str
    sale_date: date
    paid_date: date | None
    shipping_service: str
    lines: list[SaleLine] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    @property
    def sale_key(self) -> str:
        """Idempotency key within an account: eBay order number, else sales record number."""
        return self.ebay_order_number or f"SRN:{self.sales_record_number}"

    @property
    def merchandise(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def order_total(self) -> Decimal:
        """The store's order: lines + shipping + seller-collected tax."""
        return self.merchandise + self.shipping + self.seller_tax

    @property
    def ebay_withheld(self) -> Decimal:
        """What Total Price holds that is eBay's (its collected tax and charges), if included."""
        return self.ebay_tax + self.ebay_charges if self.ebay_included else ZERO

    @property
    def deposit_amount(self) -> Decimal:
        """What the buyer paid the store: Total Price minus what eBay collected for itself."""
        return self.total_price - self.ebay_withheld


@dataclass
class SalesFile:
    """A read file: its sales as Arrow tables (``sales_table``: one row per sale, money as
    DECIMAL(12,2); ``lines_table``: the sales' lines, tied by ``gkey``), and the rejected rows.
    ``sales`` gives the same as :class:`Sale` objects (small files, previews, tests)."""

    format: str
    file_name: str
    sha256: str
    rows_read: int
    sales_count: int
    rejections: list[Rejection]
    sales_table: pa.Table
    lines_table: pa.Table

    @cached_property
    def sales(self) -> list[Sale]:
        lines: dict[str, list[SaleLine]] = {}
        for values in self.lines_table.to_pylist():
            key = values.pop("gkey")
            lines.setdefault(key, []).append(SaleLine(**values))
        found = []
        for values in self.sales_table.to_pylist():
            key, review = values.pop("gkey"), values.pop("review")
            values.pop("merchandise")
            found.append(
                Sale(**values, lines=lines.get(key, []), review=[review] if review else [])
            )
        return found


# -- identification -------------------------------------------------------------------------------


def header_key(name: str) -> str:
    """Header names compare without case, BOM, asterisks or repeated spaces."""
    return " ".join(name.replace("\ufeff", "").replace("*", "").lower().split())


def _resolve(layout: Layout, header: list[str]) -> dict[str, int]:
    positions = {header_key(name): index for index, name in reversed(list(enumerate(header)))}
    found = {}
    for column in layout.columns:
        for name in column.names:
            index = positions.get(header_key(name))
            if index is not None:
                found[column.field] = index
                break
    return found


def identify_header(header: list[str]) -> str | None:
    """The layout whose signature columns the header has, or None."""
    for layout in (ORDERS_REPORT_LAYOUT, LEGACY_LAYOUT):
        found = _resolve(layout, header)
        if all(name in found for name in layout.signature):
            return layout.name
    return None


def identify(path: str | Path) -> str | None:
    """Which eBay sales layout a file is (by its header), or None."""
    try:
        text = decode(Path(path).read_bytes())
    except OSError:
        return None
    for row in _first_rows(text):
        kind = identify_header(row)
        if kind:
            return kind
    return None


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (the bytes it leaves undefined as Latin-1)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return (
            data.decode("cp1252", errors="strict") if _is_cp1252(data) else data.decode("latin-1")
        )


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _first_rows(text: str, limit: int = 12) -> list[list[str]]:
    rows = []
    for row in csv.reader(io.StringIO(text)):
        if any(cell.strip() for cell in row):
            rows.append(row)
        if len(rows) >= limit:
            break
    return rows


# -- reading -------------------------------------------------------------------------------


def read_sales(path: str | Path, fmt: str = "auto", *, name: str | None = None) -> SalesFile:
    """Read an eBay sales download into sales (one per eBay order) and rejections."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    return read_sales_bytes(data, name or path.name, fmt, path=path)


def read_sales_bytes(
    data: bytes, file_name: str, fmt: str = "auto", *, path: Path | None = None
) -> SalesFile:
    """Read a download given as bytes (``path``: the same bytes on disk, if they are)."""
    if fmt not in ("auto", *FORMATS):
        raise InputError(
            f"unknown format {fmt!r}; expected auto, {', '.join(FORMATS)}", file=file_name
        )
    digest: list[str] = []  # hashed beside the reading (hashlib lets go of the GIL)
    hashing = threading.Thread(target=lambda: digest.append(hashlib.sha256(data).hexdigest()))
    hashing.start()
    try:
        text, utf8 = data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        text, utf8 = decode(data), False
    reader = csv.reader(_lines(text))
    header, kind, header_row = None, None, 0
    line = seen = 0
    for row in reader:
        start, line, seen = line + 1, reader.line_num, seen + 1
        if not any(cell.strip() for cell in row):
            continue
        kind = identify_header(row)
        if kind or start > 20:
            header, header_row = row, start
            break
    if not kind or header is None:
        raise InputError(
            "no eBay sales header (Seller Hub Orders report or legacy Sold download) "
            "in the first rows",
            file=file_name,
        )
    if fmt != "auto" and fmt != kind:
        raise InputError(f"the header is that of {kind}, not {fmt}", file=file_name, row=header_row)
    layout = LAYOUTS[kind]
    positions = _resolve(layout, header)
    for column in layout.columns:
        if column.required and column.field not in positions:
            raise InputError(
                "required column missing", file=file_name, row=header_row, field=column.names[0]
            )
    fields = [column.field for column in layout.columns if column.field in positions]
    width = len(header)
    labels = {
        column.field: header[positions[column.field]].replace("\ufeff", "").strip()
        if column.field in positions
        else column.names[0]
        for column in layout.columns
    }
    con = duckdb.connect()  # in memory: the rows, then the rules as SQL
    try:
        con.execute("SET threads TO 2")
        con.execute("SET preserve_insertion_order = true")
        fast = None
        if utf8 and seen == line:  # one line per row up to the header: DuckDB may read the rest
            fast = _read_rows_fast(con, data, path, header_row, width, positions, fields)
        if fast is not None:
            rejections, rows_read = fast
        else:
            raw, rejections, rows_read = _read_rows_python(reader, line, width, fields, positions)
            con.execute("DROP VIEW IF EXISTS raw")
            con.register("raw_text", raw.rename_columns(["row_no", *fields]))
            con.execute(
                "CREATE TABLE raw AS SELECT row_no, "
                + ", ".join(f"{strip_sql(name)} AS {name}" for name in fields)
                + " FROM raw_text"
            )
        sales, lines, group_rejections = _group(con, fields, labels)
    finally:
        con.close()
    rejections.extend(group_rejections)
    hashing.join()
    return SalesFile(
        kind,
        file_name,
        digest[0],
        rows_read,
        sales.num_rows,
        sorted(rejections, key=lambda r: (r.row or 0, r.field or "")),
        sales,
        lines,
    )


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO(text, newline="")`` gives them (endings kept), but
    lazily: finding the header does not copy a large file."""
    for match in _LINE.finditer(text):
        yield match.group()


def _read_rows_python(
    reader, line: int, width: int, fields: list[str], positions: dict[str, int]
) -> tuple[pa.Table, list[Rejection], int]:
    """The rows below the header, split by Python's ``csv`` (any file): ``row_no`` (the file's
    own line number where the row starts) and the fields as text; short rows before data and
    long rows rejected, footer lines (short rows after the last full row) dropped."""
    pick = itemgetter(*(positions[name] for name in fields))
    records: list[tuple] = []
    rejections: list[Rejection] = []
    short: list[tuple[int, int]] = []
    rows_read = 0
    for row in reader:
        start, line = line + 1, reader.line_num
        if not "".join(row).strip():  # every cell blank (str.strip's white space)
            continue
        if len(row) < width:
            short.append((start, len(row)))  # footer lines, unless data follows them
            continue
        for row_number, count in short:
            rejections.append(_short_rejection(row_number, count, width))
        short.clear()
        rows_read += 1
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            rejections.append(
                Rejection(
                    start,
                    None,
                    f"row has {len(row)} fields; the header has {width} (an unescaped quote?)",
                )
            )
            continue
        records.append((start, *pick(row)) if len(fields) > 1 else (start, pick(row)))
    columns = list(zip(*records, strict=True)) if records else [[] for _ in range(len(fields) + 1)]
    raw = pa.table(
        {"row_no": pa.array(columns[0], pa.int64())}
        | {
            name: pa.array(values, pa.string())
            for name, values in zip(fields, columns[1:], strict=False)
        }
    )
    return raw, rejections, rows_read


def _short_rejection(row: int, count: int, width: int) -> Rejection:
    return Rejection(row, None, f"row has {count} fields; the header has {width}")


# The fast path: DuckDB's read_csv splits the rows, for files where it is bound to split them as
# Python's csv does — UTF-8, no lone carriage return, every line below the header either empty or
# one complete RFC 4180 record (so no field spans lines, no stray quote, no row longer than the
# header). The file's own line numbers come from reading the same lines unsplit. Anything else
# (Windows-1252, quoting quirks, long rows, DuckDB refusing the file) goes to the Python splitter.
_RFC_FIELD = '(?:"(?:[^"]|"")*"|[^",]*)'
_RFC_LINE = f"{_RFC_FIELD}(?:,{_RFC_FIELD})*"
_BLANK_FIELD = f'(?:{WS_CLASS}*|"{WS_CLASS}*")'
_BLANK_LINE = f"{_BLANK_FIELD}(?:,{_BLANK_FIELD})*"
_NEVER_NULL = "\x01\x02(no null text)"
_LONE_CR = re.compile(rb"\r(?!\n)")  # a carriage return that does not end a line


def _read_rows_fast(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    path: Path | None,
    header_row: int,
    width: int,
    positions: dict[str, int],
    fields: list[str],
) -> tuple[list[Rejection], int] | None:
    """Create the view ``raw`` (``row_no`` and the fields, stripped while DuckDB reads them) in
    ``con``; None: not this way."""
    picked = [positions[name] for name in fields]
    if b"\x1f" in data or b"\x00" in data or _LONE_CR.search(data):
        return None
    lines_total = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    temporary = None
    if path is None or not Path(path).is_file():
        temporary = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)  # noqa: SIM115
        temporary.write(data)
        temporary.close()
        path = Path(temporary.name)
    try:
        source = "'" + str(path).replace("'", "''") + "'"
        skip = int(header_row)
        con.execute(
            "CREATE TABLE lines AS SELECT line IS NULL AS empty,"
            f" line IS NOT NULL AND NOT regexp_full_match(line, '{_RFC_LINE}') AS irregular,"
            f" coalesce(regexp_full_match(line, '{_BLANK_LINE}'), false) AS blank"
            f" FROM read_csv({source}, columns = {{'line': 'VARCHAR'}}, delim = '\x1f',"
            f" quote = '', escape = '', header = false, auto_detect = false, skip = {skip})"
        )
        count, irregular, gaps = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE irregular),"
            " count(*) FILTER (WHERE empty OR blank) FROM lines"
        ).fetchone()
        if irregular or count != lines_total - skip:
            return None
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
        stripped = ", ".join(f"{strip_sql(f'c{i}')} AS v{i}" for i in picked)
        con.execute(
            f"CREATE TABLE recs AS SELECT {stripped}, c{width - 1} IS NULL AS short"
            f" FROM read_csv({source}, columns = {{{columns}}}, delim = ',', quote = '\"',"
            f" escape = '\"', header = false, auto_detect = false, skip = {skip},"
            f" null_padding = true, nullstr = '{_NEVER_NULL}', strict_mode = true)"
        )
        # DuckDB skips the empty lines; every other line is one record (checked above), so the
        # records pair up with the lines that are not empty, in file order (this connection
        # preserves insertion order: scans and filters keep the file's order). Blank rows (every
        # field white space) are then skipped, as by the Python splitter.
        if gaps:
            con.execute(
                "CREATE VIEW numbered AS SELECT * FROM recs POSITIONAL JOIN"
                f" (SELECT rowid + {skip + 1} AS row_no, blank FROM lines WHERE NOT empty)"
            )
            if con.execute(
                "SELECT count(*) FILTER (WHERE row_no IS NULL OR short IS NULL) FROM numbered"
            ).fetchone()[0]:
                return None  # not as many records as lines with something on them
        else:  # no empty or blank line: record i is line i
            if con.execute("SELECT count(*) FROM recs").fetchone()[0] != count:
                return None
            con.execute(
                f"CREATE VIEW numbered AS SELECT *, rowid + {skip + 1} AS row_no, false AS blank"
                " FROM recs"
            )
        short = con.execute(
            "SELECT row_no FROM numbered WHERE short AND NOT blank"
            " AND row_no < (SELECT max(row_no) FROM numbered WHERE NOT short AND NOT blank)"
            " ORDER BY row_no"
        ).fetchall()
        rejections = []
        if short:
            text_lines = decode(data).split("\n")
            rejections = [
                _short_rejection(row_no, len(next(csv.reader([text_lines[row_no - 1]]))), width)
                for (row_no,) in short
            ]
        con.execute(
            "CREATE VIEW raw AS SELECT row_no, "
            + ", ".join(f"v{i} AS {name}" for name, i in zip(fields, picked, strict=True))
            + " FROM numbered WHERE NOT short AND NOT blank"
        )
        rows_read = con.execute(
            "SELECT count(*) FROM numbered WHERE NOT short AND NOT blank"
        ).fetchone()[0]
        return rejections, rows_read
    except duckdb.Error:
        return None
    finally:
        if temporary is not None:
            Path(temporary.name).unlink(missing_ok=True)


# -- the rules, as SQL over the file's rows (DuckDB in memory, no database) -----------------------
# Values are stripped as str.strip() does; money is parsed by rules.money.money_sql (the same rule
# as to_money, property-tested); dates by _parse_date on the distinct texts; a sale is built from
# its summary row (or its only row) and its item rows. The first problem of a sale rejects it.

_SALE_FIELDS = (
    "row", "sales_record_number", "ebay_order_number", "buyer_user_id", "buyer_name",
    "buyer_email", "buyer_phone", "buyer_address1", "buyer_address2", "buyer_city", "buyer_state",
    "buyer_zip", "buyer_country", "ship_name", "ship_phone", "ship_address1", "ship_address2",
    "ship_city", "ship_state", "ship_zip", "ship_country", "shipping", "seller_tax", "ebay_tax",
    "ebay_charges", "total_price", "ebay_included", "payment_method", "payment_reference",
    "sale_date", "paid_date", "shipping_service",
)  # fmt: skip
_LINE_FIELDS = (
    "row", "line_no", "ebay_item_id", "ebay_transaction_id", "title", "sku", "quantity",
    "unit_price", "amount", "variation",
)  # fmt: skip
_PLACES = ("address1", "address2", "city", "state", "zip", "country")


def _group(
    con: duckdb.DuckDBPyConnection, fields: list[str], labels: dict[str, str]
) -> tuple[pa.Table, pa.Table, list[Rejection]]:
    """The sales and lines of the rows in ``raw`` (a table or view in ``con``; its values
    already stripped as str.strip() does)."""
    every = list(dict.fromkeys(c.field for known in LAYOUTS.values() for c in known.columns))
    strip = {name: name if name in fields else "''" for name in every}
    con.execute(
        "CREATE VIEW r AS SELECT row_no AS seq, row_no, "  # row_no rises with the file
        + ", ".join(f"{strip[name]} AS {name}" for name in every)
        + " FROM raw"
    )
    con.execute(_GROUP_SQL)
    texts = [
        t for (t,) in con.execute(
            "SELECT DISTINCT t FROM (SELECT unnest([sale_date, paid_date]) AS t FROM r)"
            " WHERE t <> ''"
        ).fetchall()
    ]  # fmt: skip
    con.register(
        "date_texts",
        pa.table({"t": pa.array(texts, pa.string()),
                  "d": pa.array([_parse_date(t) for t in texts], pa.date32())}),
    )  # fmt: skip
    con.execute(
        "CREATE TABLE money AS " + money_sql(
            "(SELECT DISTINCT t FROM (SELECT unnest([shipping, insurance, handling_fee,"
            " cod_fee, seller_tax, ebay_tax, ebay_charges, total, price]) AS t FROM r)"
            " WHERE t <> '')"
        )
    )  # fmt: skip
    con.execute(_SALES_SQL)
    rejected = [
        Rejection(row, labels.get(name, name), _reason(code, text))
        for row, name, code, text in con.execute(
            "SELECT row_no, 'order_number', 'text', 'neither an order number nor a sales"
            " record number' FROM k WHERE gkey IS NULL UNION ALL"
            " SELECT err.rn, err.field, err.code, err.text FROM s WHERE err IS NOT NULL"
        ).fetchall()
    ]
    sales = con.execute(
        "SELECT gkey, " + ", ".join(_SALE_FIELDS) + ", merchandise, review FROM sales ORDER BY row"
    ).to_arrow_table(_ARROW_BATCH)
    lines = con.execute(
        "SELECT gkey, " + ", ".join(_LINE_FIELDS) + " FROM sale_lines ORDER BY gkey, line_no"
    ).to_arrow_table(_ARROW_BATCH)
    return sales, lines, rejected


def _reason(code: str, text: str) -> str:
    if code == "money":
        return str(_parse_money(text))
    if code == "quantity":
        return f"{text!r} is not a quantity like 1"
    if code == "date":
        return f"{text!r} is not a date like Oct-05-26"
    return text


def _cents_round(amount: str, quantity: str) -> str:
    """SQL: amount / quantity rounded half up to the cent (rules.money.round_money)."""
    cents = f"CAST({amount} * 100 AS BIGINT)"
    return (
        f"CAST(CAST(sign({cents}) * ((abs({cents}) * 2 + {quantity}) // (2 * {quantity}))"
        " AS DECIMAL(18,0)) * CAST(0.01 AS DECIMAL(3,2)) AS DECIMAL(12,2))"
    )


_GROUP_SQL = """
CREATE TABLE srn AS SELECT sales_record_number AS srn, arg_min(order_number, seq) AS ord,
    min(seq) AS first_seq FROM r WHERE order_number <> '' AND sales_record_number <> ''
    GROUP BY ALL;
CREATE VIEW k AS SELECT r.*, CASE WHEN r.order_number <> '' THEN r.order_number
        WHEN s.first_seq < r.seq THEN s.ord
        WHEN r.sales_record_number <> '' THEN 'SRN:' || r.sales_record_number END AS gkey
    FROM r LEFT JOIN srn s ON s.srn = r.sales_record_number;
CREATE TABLE g AS SELECT gkey, count(*) AS n, min(seq) AS first_seq,
        arg_min(row_no, seq) AS first_row, arg_min(user_id, seq) AS first_user,
        count(*) FILTER (WHERE item_id = '' AND sku = '') AS summaries,
        CASE WHEN count(*) = 1 THEN min(seq)
             ELSE min(seq) FILTER (WHERE item_id = '' AND sku = '') END AS head_seq,
        arg_min(struct_pack(row_no, sale_date), seq) FILTER (WHERE sale_date <> '') AS first_sale,
        arg_min(struct_pack(row_no, paid_date), seq) FILTER (WHERE paid_date <> '') AS first_paid
    FROM k WHERE gkey IS NOT NULL GROUP BY gkey;
"""

_MONEY_FIELDS_ALL = (*_MONEY_FIELDS, "total", "price")
# Rows per Arrow record batch of the sales and lines: several batches, so that DuckDB scans them
# in parallel when they are staged (one batch is scanned by one thread).
_ARROW_BATCH = 16_384
# The sale's texts, taken from its head row (summary row, or its only row) once at the end.
_HEAD_TEXT = (
    "sales_record_number", "order_number", "user_id", "buyer_name", "ship_name", "buyer_email",
    "buyer_phone", "ship_phone", *(f"{side}_{p}" for side in ("buyer", "ship") for p in _PLACES),
    "payment_method", "payment_id", "shipping_service",
)  # fmt: skip
_SALES_SQL = (
    """
CREATE TABLE it AS SELECT k.gkey, k.seq, k.row_no, k.transaction_id, k.quantity, k.price, x.n,
        x.line_no,
        regexp_full_match(k.quantity, '[0-9]+') AND TRY_CAST(k.quantity AS INTEGER) >= 1 AS q_ok,
        TRY_CAST(k.quantity AS INTEGER) AS q, mp.amount AS amt
    FROM (SELECT k.seq, g.n,
                 CAST(row_number() OVER (PARTITION BY k.gkey ORDER BY k.seq) AS INTEGER) AS line_no
          FROM k JOIN g USING (gkey) WHERE g.n = 1 OR k.seq <> g.head_seq) x
    JOIN k ON k.seq = x.seq LEFT JOIN money mp ON mp.t = k.price;
CREATE TABLE li AS SELECT gkey, sum(amt) AS extended, sum(amt * q) AS unit_total,
        arg_min(CASE WHEN NOT q_ok THEN struct_pack(rn := row_no, field := 'quantity',
                         code := 'quantity', text := quantity)
                    WHEN price = '' THEN struct_pack(rn := row_no, field := 'price',
                         code := 'text', text := 'an amount is required here')
                    ELSE struct_pack(rn := row_no, field := 'price', code := 'money',
                         text := price) END, line_no)
            FILTER (WHERE NOT q_ok OR amt IS NULL) AS line_err,
        arg_min(transaction_id, line_no) FILTER (WHERE transaction_id <> '') AS first_txn,
        any_value(amt) AS one_amt, any_value(q) AS one_q
    FROM it GROUP BY gkey;
CREATE VIEW h AS SELECT g.* EXCLUDE (gkey), k.*, li.* EXCLUDE (gkey), """
    + ", ".join(
        f"CASE WHEN k.{f} = '' THEN CAST(0 AS DECIMAL(12,2)) ELSE m_{f}.amount END AS v_{f}"
        for f in _MONEY_FIELDS_ALL
    )
    + """,
        CASE lower(k.included) WHEN 'yes' THEN true WHEN 'true' THEN true WHEN 'y' THEN true
            WHEN '1' THEN true WHEN 'no' THEN false WHEN 'false' THEN false WHEN 'n' THEN false
            WHEN '0' THEN false END AS explicit,
        ds.d AS first_sale_d, dp.d AS first_paid_d, dh.d AS paid_d
    FROM g JOIN k ON k.seq = g.head_seq AND k.gkey = g.gkey
    JOIN li ON li.gkey = g.gkey
    LEFT JOIN date_texts ds ON ds.t = g.first_sale.sale_date
    LEFT JOIN date_texts dp ON dp.t = g.first_paid.paid_date
    LEFT JOIN date_texts dh ON dh.t = k.paid_date """
    + " ".join(f"LEFT JOIN money m_{f} ON m_{f}.t = k.{f}" for f in _MONEY_FIELDS_ALL)
    + """;
CREATE VIEW c AS SELECT *,
        v_shipping + v_insurance + v_handling_fee + v_cod_fee AS ship_total,
        v_ebay_tax + v_ebay_charges AS extra,
        v_total - (v_shipping + v_insurance + v_handling_fee + v_cod_fee) - v_seller_tax AS base
    FROM h;
CREATE TABLE s AS SELECT gkey, head_seq, n, first_row, first_user, first_txn,
    v_seller_tax, v_ebay_tax, v_ebay_charges, v_total, explicit, first_sale_d, first_paid_d, paid_d,
    ship_total, extra, base,
    CASE WHEN n > 1 AND summaries <> 1 THEN struct_pack(rn := first_row,
            field := 'order_number', code := 'text', text := n || ' rows share this order but '
            || summaries || ' of them is a summary row (expected 1)') """
    + " ".join(
        f"WHEN {f} <> '' AND v_{f} IS NULL THEN struct_pack(rn := row_no, field := '{f}',"
        f" code := 'money', text := {f})"
        for f in _MONEY_FIELDS
    )
    + """
        WHEN total = '' THEN struct_pack(rn := row_no, field := 'total', code := 'text',
            text := 'an amount is required here')
        WHEN v_total IS NULL THEN struct_pack(rn := row_no, field := 'total', code := 'money',
            text := total)
        WHEN line_err IS NOT NULL THEN line_err
        WHEN n > 1 AND price <> '' AND v_price IS NULL THEN struct_pack(rn := row_no,
            field := 'price', code := 'money', text := price)
        WHEN n > 1 AND price <> '' AND v_price <> extended AND v_price <> unit_total
            THEN struct_pack(rn := row_no, field := 'price', code := 'text',
            text := 'the item rows add up to ' || CAST(extended AS VARCHAR) || ' (or '
            || CAST(unit_total AS VARCHAR) || ' at unit prices), not the order''s '
            || CAST(v_price AS VARCHAR))
        WHEN first_sale IS NOT NULL AND first_sale_d IS NULL THEN struct_pack(
            rn := first_sale.row_no, field := 'sale_date', code := 'date',
            text := first_sale.sale_date)
        WHEN first_sale IS NULL AND first_paid IS NOT NULL AND first_paid_d IS NULL
            THEN struct_pack(rn := first_paid.row_no, field := 'paid_date', code := 'date',
            text := first_paid.paid_date)
        WHEN first_sale IS NULL AND first_paid IS NULL THEN struct_pack(rn := row_no,
            field := 'sale_date', code := 'text', text := 'no sale date on any row of this order')
        WHEN paid_date <> '' AND paid_d IS NULL THEN struct_pack(rn := row_no,
            field := 'paid_date', code := 'date', text := paid_date)
    END AS err,
    -- one row: did the file give the unit price? was eBay's tax in the Total Price?
    coalesce(explicit, extra <> 0 AND (base - extra = one_amt OR base - extra = one_amt * one_q))
        AS single_included,
    n > 1 AND price <> '' AND v_price <> extended AND v_price = unit_total AS unit_mode
    FROM c;
CREATE TABLE single AS SELECT gkey,
        base - CASE WHEN single_included THEN extra ELSE 0 END AS expected FROM s
    WHERE err IS NULL AND n = 1;
CREATE TABLE sale_lines AS SELECT it.gkey, it.row_no AS row, it.line_no,
        t.item_id AS ebay_item_id, it.transaction_id AS ebay_transaction_id,
        coalesce(nullif(t.title, ''), nullif(t.sku, ''), '(no title)') AS title, t.sku,
        it.q AS quantity,
        CASE WHEN s.unit_mode OR (s.n = 1 AND it.amt <> x.expected AND it.amt * it.q = x.expected)
             THEN it.amt ELSE """
    + _cents_round("it.amt", "it.q")
    + """ END AS unit_price,
        CAST(CASE WHEN s.unit_mode THEN it.amt * it.q
             WHEN s.n = 1 AND it.amt <> x.expected AND it.amt * it.q = x.expected THEN x.expected
             ELSE it.amt END AS DECIMAL(12,2)) AS amount,
        t.variation
    FROM it JOIN s ON s.gkey = it.gkey AND s.err IS NULL LEFT JOIN single x ON x.gkey = it.gkey
    JOIN r t ON t.seq = it.seq;
CREATE VIEW sales0 AS SELECT s.*, """
    + ", ".join(f"hd.{name}" for name in _HEAD_TEXT)
    + """,
        CASE WHEN s.n = 1 THEN s.single_included
             ELSE coalesce(s.explicit, s.extra <> 0
                  AND s.v_total = m.merchandise + s.ship_total + s.v_seller_tax + s.extra)
        END AS ebay_included, m.merchandise
    FROM s JOIN (SELECT gkey, sum(amount) AS merchandise FROM sale_lines GROUP BY gkey) m
        ON m.gkey = s.gkey
    JOIN r hd ON hd.seq = s.head_seq;
CREATE VIEW sales AS SELECT first_row AS row, sales_record_number,
        order_number AS ebay_order_number, coalesce(nullif(user_id, ''), first_user) AS
        buyer_user_id, coalesce(nullif(buyer_name, ''), ship_name) AS buyer_name, buyer_email,
        coalesce(nullif(buyer_phone, ''), ship_phone) AS buyer_phone, """
    + ", ".join(
        f"CASE WHEN buyer_address1 <> '' OR ship_address1 = '' THEN buyer_{p} ELSE ship_{p} END"
        f" AS buyer_{p}"
        for p in _PLACES
    )
    + """, coalesce(nullif(ship_name, ''), buyer_name) AS ship_name,
        coalesce(nullif(ship_phone, ''), buyer_phone) AS ship_phone, """
    + ", ".join(
        f"CASE WHEN ship_address1 <> '' THEN ship_{p} ELSE buyer_{p} END AS ship_{p}"
        for p in _PLACES
    )
    + """, ship_total AS shipping, v_seller_tax AS seller_tax, v_ebay_tax AS ebay_tax,
        v_ebay_charges AS ebay_charges, v_total AS total_price, ebay_included, payment_method,
        coalesce(nullif(payment_id, ''), first_txn, order_number) AS payment_reference,
        coalesce(first_sale_d, first_paid_d) AS sale_date, paid_d AS paid_date,
        shipping_service, merchandise, gkey,
        CASE WHEN merchandise + ship_total + v_seller_tax
                  + CASE WHEN ebay_included THEN extra ELSE 0 END <> v_total
             THEN 'Total Price ' || CAST(v_total AS VARCHAR) || ' is not items '
                  || CAST(merchandise AS VARCHAR) || ' + shipping ' || CAST(ship_total AS VARCHAR)
                  || ' + tax ' || CAST(v_seller_tax AS VARCHAR)
                  || CASE WHEN ebay_included AND extra <> 0
                          THEN ' + eBay tax ' || CAST(extra AS VARCHAR) ELSE '' END END AS review
    FROM sales0;
"""
)


@lru_cache(maxsize=65536)
def _parse_money(text: str) -> Decimal | str:
    try:
        return to_money(text)
    except InputError as error:
        return error.reason


_DATE_FORMATS = ("%b-%d-%y", "%b-%d-%Y", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d-%b-%y", "%d %b %Y")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}.*$")


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> date | None:
    stem = _TIME_TAIL.sub("", text).strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(stem, pattern).date()
        except ValueError:
            continue
    return None
