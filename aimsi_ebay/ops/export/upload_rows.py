"""What an export sends: the rows of the upload file and the batch's snapshot, set-based.

DuckDB's COPY writes the file's rows; the snapshot and the file both read the ``export_sent``
view.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.accounts import SellerAccount
from aimsi_ebay.ops.export import descriptions, descriptions_fast

# What is sent for each record, natively typed: the upload file's rows and the batch snapshot
# both read these values from the ``export_sent`` view.
_SENT_VALUES = {
    "category1_id": "r.category1_id",
    "category2_id": "nullif(r.category2_id, '')",
    "title": "r.title",
    "subtitle": "nullif(r.subtitle, '')",
    "condition_id": "r.condition_id",
    "listing_format": "r.listing_format",
    "duration": f"CASE WHEN r.listing_format = 'FixedPrice' THEN '{upload.FIXED_PRICE_DURATION}'"
                " ELSE r.duration END",
    "start_price": "r.start_price",
    "buy_it_now_price": "CASE WHEN r.listing_format = 'Auction' THEN r.buy_it_now_price END",
    "reserve_price": "CASE WHEN r.listing_format = 'Auction' THEN r.reserve_price END",
    "quantity": "r.quantity",
}
_LISTED_ID = "nullif(trim(r.ebay_item_id), '')"


def sent_view(test_mode: bool, rowids: bool = False) -> str:
    """``export_sent``: the picked records that pass the rules, with their action and values.

    A view over the export's copy of the picked records (``select_into``): the planning, the
    file and the snapshot each read only the columns they need (``rowids``: the copy has the
    records' ``record_rowid``).
    """
    action = (f"'{upload.VERIFY_ADD}'" if test_mode else
              f"CASE WHEN {_LISTED_ID} IS NULL THEN '{upload.ADD}' ELSE '{upload.REVISE}' END")
    return f"""
    CREATE OR REPLACE TEMP VIEW export_sent AS
    SELECT r.sku, {action} AS action, {"NULL" if test_mode else _LISTED_ID} AS item_id,
        r.ebay_item_id AS record_item_id,
        {", ".join(f"{expression} AS {name}" for name, expression in _SENT_VALUES.items())},
        r.description, r.description_is_html, r.image_urls, r.specific_brand, r.specific_model,
        r.specific_mpn, r.specific_colour, r.specific_upc, r.template_id, r.placeable
        {", r.record_rowid" if rowids else ""}
    FROM export_records r
    ANTI JOIN (SELECT sku FROM export_verdicts WHERE errors IS NOT NULL) bad ON bad.sku = r.sku
    """


# eBay renders *Description as HTML, so a plain-text description is sent HTML-escaped: what the
# buyer sees is the text the preview showed, never markup it happened to contain (element
# content: & < > are all that need escaping).
_DESCRIPTION = (
    "CASE WHEN s.description_is_html THEN s.description ELSE "
    "replace(replace(replace(s.description, '&', '&amp;'), '<', '&lt;'), '>', '&gt;') END"
)


def _text(column: str) -> str:
    return f"CAST(s.{column} AS VARCHAR)"




def _rows_sql(description: str, join: str = "") -> str:
    return f"""
SELECT s.action, s.item_id, s.sku, {_text("category1_id")}, {_text("category2_id")}, s.title,
    s.subtitle, {_text("condition_id")}, {description},
    nullif(array_to_string(s.image_urls, '{upload.PICTURE_SEPARATOR}'), ''), s.listing_format, s.duration,
    {_text("start_price")}, {_text("buy_it_now_price")}, {_text("reserve_price")},
    {_text("quantity")}, $location, $postal_code, $dispatch, $shipping, $returns, $payment,
    s.specific_brand, s.specific_model, s.specific_mpn, s.specific_colour, s.specific_upc
FROM export_sent s{join}
"""


# The file's rows, in upload.COLUMNS order after the action; all text (money keeps 2 places).
# Not sorted: rows come in the records' stored order.
ROWS_SQL = _rows_sql(_DESCRIPTION)


def templated_rows_sql(fast_sql: str) -> str:
    """The file's rows when some records are templated: the slow path's rendering
    (``export_descriptions d``), else the record's skeleton filled (``fast_sql`` over
    ``export_fast f``), else the stored description."""
    return _rows_sql(f"coalesce(d.html, {fast_sql}, {_DESCRIPTION})",
                     f" LEFT JOIN {descriptions.TABLE} d ON d.sku = s.sku"
                     f" LEFT JOIN {descriptions_fast.FAST} f ON f.sku = s.sku")

# A row's snapshot: what sales and fees are reconciled against (the prices and quantity sent);
# every other value is verbatim in the archived, sha256-checked file (``batch_rows``).
_SNAPSHOT = ("start_price", "buy_it_now_price", "reserve_price", "quantity")
LINES_SQL = f"""
INSERT INTO export_lines (batch_id, sku, action, ebay_item_id, {", ".join(_SNAPSHOT)}, pictures)
SELECT $batch, s.sku, s.action, s.record_item_id, {", ".join(f"s.{name}" for name in _SNAPSHOT)},
    len(s.image_urls)
FROM export_sent s
"""


def write_rows(con: duckdb.DuckDBPyConnection, seller: SellerAccount, file: Path,
               *, templated: descriptions.Descriptions | None = None, prelude: str = "") -> Path:
    """DuckDB writes the file's rows (RFC 4180, no header) to ``file`` (``templated``: some
    rows are templated, see ``descriptions.render_descriptions``), after ``prelude`` (the lines
    before the rows, ``listing_upload.prelude``): the upload file whole, written once.

    With a PREFIX, DuckDB's CSV writer puts the line end between rows and the SUFFIX after the
    last one, so the SUFFIX is the last row's line end: the bytes are those of the prelude
    followed by the rows as DuckDB writes them without one.
    """
    defaults = {
        "location": seller.item_location, "postal_code": seller.postal_code,
        "dispatch": str(seller.dispatch_days), "shipping": seller.shipping_profile,
        "returns": seller.return_profile, "payment": seller.payment_profile,
    }
    quoted = str(file).replace("'", "''")  # a scratch path of ours, not user text
    rows, params = ROWS_SQL, defaults
    if templated is not None and templated.count:
        rows, params = templated_rows_sql(templated.fast_sql), {**defaults, **templated.params}
    framing = ""
    if prelude:
        framing, params = ", PREFIX $prelude, SUFFIX $line_end", {
            **params, "prelude": prelude, "line_end": "\n"}
    con.execute(f"COPY ({rows}) TO '{quoted}' (FORMAT csv, HEADER false, QUOTE '\"',"
                f" ESCAPE '\"'{framing})", params)
    return file
