"""The demo store: a believable, deterministic music store built in a few seconds.

``generator.py`` makes the rows from one seed; this module writes them in one transaction, then
lets each capability add its own demo state (invoices, shipping states, eBay's money report),
and keeps a real store from being replaced by mistake (only a marked demo store is reset).
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from aimsi_ebay import config
from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.ids import ORDER_NUMBER_SQL
from aimsi_ebay.demo.generator import DEMO_TODAY, DemoTables
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.categories import flag_records_for_tree, load_categories
from aimsi_ebay.ops.invoicing.demo import invoice_demo_orders
from aimsi_ebay.ops.listings.records import settle_loaded_records
from aimsi_ebay.ops.listings.templates_demo import add_template_demo
from aimsi_ebay.ops.reconcile import money_summary, ship_summary
from aimsi_ebay.ops.reconcile.demo import import_demo_transactions
from aimsi_ebay.ops.sales.importer import stage_sales
from aimsi_ebay.ops.shipping.demo import add_shipping_demo
from aimsi_ebay.ops.shop.demo import add_shop_demo

DEFAULT_SEED = 2026
DEMO_MARK = "demo_store"  # store_marks row written by build_demo (migration 011)
DATA = Path(__file__).resolve().parent / "data"  # package data: works from a wheel too
CATEGORY_FILE = DATA / "ebay_us_musical_instruments_tree.json"
STAGED_FILE = DATA / "ebay_orders_2026-10.csv"
INBOX_FILE = DATA / "ebay_sold_legacy_2026-10.csv"


@dataclass
class DemoReport:
    database: str
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


def build_demo(
    db: Database, *, reset: bool = False, replace_real_store: bool = False,
    seed: int = DEFAULT_SEED,
) -> DemoReport:
    """Build the demo store into ``db``; refuses a database that already holds a store.

    ``reset`` rebuilds a database that is a demo store (marked so when it was built, or empty);
    a real store is replaced only with ``replace_real_store``, and is then kept as a dated backup
    beside it (``<name>.replaced-YYYYmmdd-HHMMSS``), never deleted.
    """
    started = time.perf_counter()
    if (reset or replace_real_store) and db.exists():
        _make_room(db, replace_real_store=replace_real_store)
    with db.read() as con:
        held = _holdings(con)
        marked = _is_marked(con)
    if any(held.values()):
        hint = ("rebuild it with `demo --reset`" if marked else
                "it is not a demo store; build the demo into another file with --db")
        what = ", ".join(f"{count} {table}" for table, count in held.items() if count)
        raise InputError(f"{db.location} already holds a store ({what}); {hint}")
    load_categories(db, CATEGORY_FILE)
    store = DemoTables(random.Random(seed))
    with db.write() as con:
        for table, frame in store.tables().items():
            con.register(f"demo_{table}", frame)
        _write(con)
        settle_loaded_records(con)  # item specifics; no listing above the stock available
        flag_records_for_tree(con)
        con.execute("INSERT INTO store_marks (name, value) VALUES (?, ?)", [DEMO_MARK, str(seed)])
        audit.record(con, "demo", "database", db.location, after={"seed": seed}, who="demo")
    invoice_demo_orders(db)  # the invoiced orders' invoices, posted by the invoicing operations
    # This month's Seller Hub download, staged and waiting for the operator; last month's legacy
    # download waiting in the inbox beside the database.
    stage_sales(db, STAGED_FILE.read_bytes(), STAGED_FILE.name, account="demo-store")
    add_shipping_demo(db, DEMO_TODAY)  # shipping states, sample carrier files, lookup files
    import_demo_transactions(db, DEMO_TODAY)  # eBay's Transaction report for reconciliation
    add_shop_demo(db, DEMO_TODAY)  # a web shop account and its Shopify export in the inbox
    add_template_demo(db)  # two description templates for demo-store
    inbox = config.inbox_folder(db.path)
    inbox.mkdir(exist_ok=True)
    shutil.copyfile(INBOX_FILE, inbox / INBOX_FILE.name)
    with db.read() as con:
        counts = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "items", "skus", "customers", "ebay_records", "orders", "deposits", "invoices",
                "staged_sales",
            )
        }
    return DemoReport(db.location, round(time.perf_counter() - started, 2), counts)


def _holdings(con) -> dict[str, int]:
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("items", "orders", "customers", "seller_accounts")}


def _is_marked(con) -> bool:
    return bool(con.execute("SELECT count(*) FROM store_marks WHERE name = ?",
                            [DEMO_MARK]).fetchone()[0])


def _is_demo(con) -> bool:
    """A store marked as the demo when it was built, or one holding nothing at all."""
    return _is_marked(con) or not any(_holdings(con).values())


def _make_room(db: Database, *, replace_real_store: bool) -> None:
    """Delete a demo store; move a real one aside as a dated backup, and only when told to."""
    with db.read() as con:
        demo = _is_demo(con)
        orders = con.execute("SELECT count(*) FROM orders").fetchone()[0]
    if demo:
        db.delete_file()
        return
    if not replace_real_store:
        raise InputError(
            f"{db.location} is not a demo store ({orders} orders); `demo --reset` replaces only a "
            "demo store. Build the demo into another file with --db, or pass "
            "--replace-real-store to replace this one (it is kept as a dated backup)"
        )
    backup = db.path.with_name(f"{db.path.name}.replaced-{time.strftime('%Y%m%d-%H%M%S')}")
    db.move_aside(backup)


def _write(con) -> None:
    """Insert the registered demo frames; ids come from the sequences."""
    con.execute(
        "INSERT INTO seller_accounts (name, ebay_user_id, item_location, postal_code, dispatch_days,"
        " shipping_profile, return_profile, payment_profile)"
        " SELECT name, ebay_user_id, item_location, postal_code, dispatch_days, shipping_profile,"
        " return_profile, payment_profile FROM demo_accounts"
    )
    con.execute(
        "INSERT INTO items (style_code, description, vendor, department, category, brand, model)"
        " SELECT style_code, description, vendor, department, category, brand, model FROM demo_items"
    )
    con.execute(
        "INSERT INTO skus SELECT s.sku, i.item_id, s.colour, s.size, s.upc,"
        " CAST(s.price AS DECIMAL(12,2)), CAST(s.cost AS DECIMAL(12,2)), s.qty_on_hand, 0"
        " FROM demo_skus s JOIN items i ON i.style_code = s.style_code"
    )
    con.execute(
        """
        INSERT INTO ebay_records (sku, account_id, title, subtitle, listing_format, duration,
            category1_id, category2_id, condition_id, start_price, buy_it_now_price, reserve_price,
            quantity, description, description_is_html, ebay_item_id, update_ebay, updated_by,
            last_exported_at, image_urls)
        SELECT r.sku, a.account_id, r.title, r.subtitle, r.listing_format, r.duration,
            r.category1_id, r.category2_id, r.condition_id, CAST(r.start_price AS DECIMAL(12,2)),
            CAST(r.buy_it_now_price AS DECIMAL(12,2)), CAST(r.reserve_price AS DECIMAL(12,2)),
            r.quantity, r.description, r.description_is_html, r.ebay_item_id, r.update_ebay, 'demo',
            CASE WHEN r.ebay_item_id IS NOT NULL THEN CAST(r.last_exported_at AS TIMESTAMP) END,
            coalesce(g.urls, [])
        FROM demo_records r JOIN seller_accounts a ON a.name = r.account
        LEFT JOIN (SELECT sku, list(url ORDER BY position) AS urls FROM demo_images GROUP BY sku) g
            ON g.sku = r.sku
        """
    )
    con.execute(
        """
        INSERT INTO customers (name, email, email_norm, phone, phone_norm, address1, address2, city,
            state, postal_code, country, address_key, source, created_at)
        SELECT name, email, email_norm, phone, phone_norm, address1, address2, city, state,
            postal_code, country, address_key, source, CAST(created_at AS TIMESTAMP)
        FROM demo_customers ORDER BY demo_key
        """
    )
    con.execute(
        "CREATE TEMP TABLE demo_customer_ids AS SELECT d.demo_key, c.customer_id"
        " FROM demo_customers d JOIN customers c ON c.email_norm = d.email_norm"
    )
    con.execute(
        "INSERT INTO customer_aliases (kind, value_norm, customer_id, account_id)"
        " SELECT 'ebay_user', l.user_id, k.customer_id, a.account_id FROM demo_aliases l"
        " JOIN demo_customer_ids k ON k.demo_key = l.demo_key"
        " JOIN seller_accounts a ON a.name = l.account"
    )
    con.execute(
        f"""
        INSERT INTO orders (order_number, account_id, source, sale_key, ebay_order_number,
            sales_record_number, customer_id, status, needs_review, awaiting_payment, review_reason,
            order_date, paid_date, shipping_service, merchandise, shipping, seller_tax,
            ebay_tax_memo, total, created_at)
        SELECT {ORDER_NUMBER_SQL}, a.account_id, 'ebay', o.ebay_order_number, o.ebay_order_number,
            o.sales_record_number, k.customer_id, o.status, o.needs_review, o.awaiting_payment,
            o.review_reason, CAST(o.order_date AS DATE), CAST(o.paid_date AS DATE), 'UPS Ground',
            CAST(o.merchandise AS DECIMAL(12,2)), CAST(o.shipping AS DECIMAL(12,2)),
            CAST(o.seller_tax AS DECIMAL(12,2)), CAST(o.ebay_tax AS DECIMAL(12,2)),
            CAST(o.total AS DECIMAL(12,2)), CAST(o.order_date AS TIMESTAMP)
        FROM (SELECT * FROM demo_orders ORDER BY order_date, ebay_order_number) o
        JOIN seller_accounts a ON a.name = o.account
        JOIN demo_customer_ids k ON k.demo_key = o.customer_key
        """
    )
    con.execute(
        "CREATE TEMP TABLE demo_order_ids AS SELECT o.ebay_order_number, o.order_id, o.customer_id,"
        " o.total, o.paid_date, o.status, o.order_date, o.shipping"
        " FROM orders o JOIN demo_orders d ON d.ebay_order_number = o.ebay_order_number"
    )
    con.execute(
        "INSERT INTO order_lines SELECT k.order_id, l.line_no, l.sku, l.ebay_item_id, l.transaction_id,"
        " l.title, l.quantity, CAST(l.unit_price AS DECIMAL(12,2)), CAST(l.amount AS DECIMAL(12,2))"
        " FROM demo_lines l JOIN demo_order_ids k ON k.ebay_order_number = l.ebay_order_number"
    )
    con.execute(
        "INSERT INTO deposits (customer_id, order_id, amount, method, reference, received_date)"
        " SELECT customer_id, order_id, total, 'eBay Payments', 'DEMO-' || ebay_order_number, paid_date"
        " FROM demo_order_ids WHERE paid_date IS NOT NULL ORDER BY order_id"
    )
    money_summary.refresh_orders(con, "SELECT order_id FROM demo_order_ids")  # deposit totals
    con.execute(
        """
        INSERT INTO shipments (order_id, carrier, service, tracking_number, carrier_charge,
            negotiated_charge, weight, ship_date)
        SELECT k.order_id, 'ups', 'GND', s.tracking_number, CAST(s.charge AS DECIMAL(12,2)),
            CAST(s.negotiated AS DECIMAL(12,2)), CAST(s.weight AS DECIMAL(10,2)),
            CAST(s.ship_date AS DATE)
        FROM demo_shipments s JOIN demo_order_ids k ON k.ebay_order_number = s.ebay_order_number
        ORDER BY k.order_id
        """
    )
    ship_summary.refresh(con, "SELECT order_id FROM demo_order_ids")  # the orders' figures
    con.execute(
        "UPDATE skus SET qty_committed = c.units FROM ("
        "  SELECT l.sku, sum(l.quantity) AS units FROM order_lines l"
        "  JOIN orders o ON o.order_id = l.order_id WHERE o.status IN ('open', 'picked', 'shipped')"
        "  GROUP BY l.sku) c WHERE c.sku = skus.sku"
    )
