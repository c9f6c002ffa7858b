"""Which reader a sales file goes through, and what the import does for orders cancelled in a shop.

``read_for_account`` is the sales import's one entry for reading: an eBay download for an eBay
account, a shop export (Shopify's, or through one of the shop's column maps) for a shop account,
recognised from the header unless ``--format`` names it. A shop export comes back in the staged
sales shape the eBay reader produces (``formats/shop/sql_reader.py``, set-based), so everything
after reading is the eBay import's own code.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.formats.ebay.sales.layouts import FORMATS as EBAY_FORMATS
from aimsi_ebay.formats.ebay.sales.layouts import identify_header
from aimsi_ebay.formats.ebay.sales.model import SalesFile
from aimsi_ebay.formats.ebay.sales.reader import read_sales_bytes
from aimsi_ebay.formats.shop.as_sales import ShopSalesFile
from aimsi_ebay.formats.shop.orders import decode
from aimsi_ebay.formats.shop.shopify import SHOPIFY, SHOPIFY_MAP, identify
from aimsi_ebay.formats.shop.sql_reader import read_shop_sales
from aimsi_ebay.ops.sales.sale_keys import party_key_tables
from aimsi_ebay.ops.shop.accounts import SHOP, account_of, shop_maps

SHOP_FORMATS = (SHOPIFY, "map:NAME")
_SNIFF_BYTES = 64 * 1024


def check_format(fmt: str) -> str:
    """``auto``, an eBay layout, ``shopify`` or ``map:NAME`` (for argparse's ``type=``)."""
    if fmt in ("auto", SHOPIFY, *EBAY_FORMATS) or (fmt.startswith("map:") and fmt[4:].strip()):
        return fmt
    raise InputError(
        f"unknown format {fmt!r}; expected auto, {', '.join(EBAY_FORMATS)}, shopify or map:NAME",
        field="format",
    )


def read_for_account(
    db: Database, data: bytes, file_name: str, *, account: str, fmt: str = "auto",
    path: Path | None = None,
) -> SalesFile:  # fmt: skip
    """Read a sales file for ``account``: its staged-sales shape, whichever channel it is from."""
    check_format(fmt)
    with db.read() as con:
        seller = account_of(con, account)
        maps = shop_maps(con, seller.account_id) if seller.kind == SHOP else {}
    shop_format = fmt == SHOPIFY or fmt.startswith("map:")
    if fmt == "auto":
        header = _first_row(data)
        if identify(header):
            fmt, shop_format = SHOPIFY, True
        elif seller.kind == SHOP and not identify_header(header):
            matching = [name for name, column_map in maps.items() if column_map.matches(header)]
            if not matching:
                raise InputError(
                    "the header is neither a Shopify orders export nor one of the shop's column"
                    f" maps ({', '.join(maps)}); save a map with `shop-maps save`",
                    file=file_name,
                )
            fmt, shop_format = f"map:{matching[0]}", True
    if shop_format and seller.kind != SHOP:
        raise InputError(
            f"a web-shop export ({fmt}) goes to a shop account; {seller.name} is an eBay account",
            file=file_name,
        )
    if not shop_format:
        if seller.kind == SHOP:
            raise InputError(
                f"{seller.name} is a shop account: an eBay download goes to an eBay account",
                file=file_name,
            )
        return read_sales_bytes(data, file_name, fmt, path=path)
    if fmt == SHOPIFY:
        column_map = SHOPIFY_MAP
    else:
        name = fmt[4:]
        if name not in maps:
            raise NotFoundError("column map", name)
        column_map = maps[name]
    return read_shop_sales(
        file_name, data, column_map, fmt=fmt, currency=seller.currency, path=path, guard=True,
        party_keys=party_key_tables,
    )  # behind the input guard, with the map's own quantity and amount columns; the staging's
    # key tables made beside the reader's checks


def source_of(sales_file: SalesFile) -> str:
    """The orders' source: ``shop`` for a shop export, else ``ebay``."""
    return sales_file.source if isinstance(sales_file, ShopSalesFile) else "ebay"


def _first_row(data: bytes) -> list[str]:
    text = decode(data[:_SNIFF_BYTES])
    for row in csv.reader(io.StringIO(text)):
        if any(cell.strip() for cell in row):
            return row
    return []


def cancel_shop_orders(
    con: duckdb.DuckDBPyConnection, sales_file: SalesFile, account_id: int
) -> int:
    """Orders cancelled in the shop: never created; one created by an earlier import is
    cancelled now (its stock given back) unless it has shipped — then it is flagged for review,
    as is a cancelled order holding a deposit (to refund). Returns how many were cancelled."""
    if not isinstance(sales_file, ShopSalesFile) or not sales_file.cancelled_orders:
        return 0
    con.execute(
        "CREATE OR REPLACE TEMP TABLE shop_cancelled AS SELECT o.order_id, o.status,"
        " (SELECT coalesce(sum(amount), 0) FROM deposits d WHERE d.order_id = o.order_id)"
        " AS deposited FROM orders o WHERE o.account_id = ? AND o.status <> 'cancelled'"
        " AND o.sale_key IN (SELECT unnest(?::VARCHAR[]))",
        [account_id, sales_file.cancelled_orders],
    )
    con.execute(
        "UPDATE skus SET qty_committed = greatest(skus.qty_committed - c.units, 0) FROM ("
        " SELECT l.sku, sum(l.quantity) AS units FROM order_lines l JOIN shop_cancelled s"
        " ON s.order_id = l.order_id WHERE s.status = 'open' AND l.sku IS NOT NULL"
        " GROUP BY l.sku) c WHERE skus.sku = c.sku"
    )
    con.execute(
        "UPDATE orders SET status = CASE WHEN s.status = 'open' THEN 'cancelled'"
        " ELSE orders.status END,"
        " closed_reason = CASE WHEN s.status = 'open' THEN 'cancelled' ELSE closed_reason END,"
        " awaiting_payment = CASE WHEN s.status = 'open' THEN FALSE ELSE awaiting_payment END,"
        " needs_review = needs_review OR s.status <> 'open' OR s.deposited > 0,"
        " review_reason = CASE WHEN s.status <> 'open' THEN concat_ws('; ', review_reason,"
        "  'cancelled in the shop after it was ' || s.status)"
        "  WHEN s.deposited > 0 THEN concat_ws('; ', review_reason, 'cancelled in the shop:"
        " the deposit ' || CAST(s.deposited AS VARCHAR) || ' is to be refunded')"
        "  ELSE review_reason END"
        " FROM shop_cancelled s WHERE orders.order_id = s.order_id"
    )
    cancelled = con.execute(
        "SELECT count(*) FILTER (WHERE status = 'open') FROM shop_cancelled"
    ).fetchone()[0]
    if cancelled:
        audit.record(con, "cancel", "orders", sales_file.file_name,
                     after={"cancelled_in_shop": sales_file.cancelled_orders})  # fmt: skip
    con.execute("DROP TABLE shop_cancelled")
    return int(cancelled)
