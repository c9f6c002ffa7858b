"""The demo store: a believable, deterministic music store built in a few seconds.

Everything is generated from one seeded random source and a fixed "today", so the same seed
gives the same database. Rows are built in Python as plain values (money as text) and written
set-based from DataFrames in one transaction.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd

from aimsi_ebay import config
from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.ids import ORDER_NUMBER_SQL
from aimsi_ebay.demo.catalogue import FAMILIES, SAMPLE_SKUS, Family
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.categories import flag_records_for_tree, load_categories
from aimsi_ebay.ops.invoicing.demo import invoice_demo_orders
from aimsi_ebay.ops.listings.records import settle_loaded_records
from aimsi_ebay.ops.listings.templates_demo import add_template_demo
from aimsi_ebay.ops.pictures import DEMO_PICTURE_HOST
from aimsi_ebay.ops.reconcile.demo import import_demo_transactions
from aimsi_ebay.ops.sales.importer import stage_sales
from aimsi_ebay.ops.shipping.demo import add_shipping_demo
from aimsi_ebay.rules.money import money_str, round_money
from aimsi_ebay.rules.normalise import address_key, email_key, phone_key

DEFAULT_SEED = 2026
DEMO_MARK = "demo_store"  # store_marks row written by build_demo (migration 011)
DEMO_TODAY = date(2026, 11, 20)
DATA = Path(__file__).resolve().parent / "data"  # package data: works from a wheel too
CATEGORY_FILE = DATA / "ebay_us_musical_instruments_tree.json"
STAGED_FILE = DATA / "ebay_orders_2026-10.csv"
INBOX_FILE = DATA / "ebay_sold_legacy_2026-10.csv"
IMAGE_BASE = DEMO_PICTURE_HOST.rstrip("/")  # thumbnails drawn from demo/data (ops.pictures)

FIRST_NAMES = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley", "Paul", "Kimberly", "Andrew", "Emily", "Joshua", "Donna", "Kevin", "Michelle", "Brian", "Carol", "George", "Amanda", "Timothy", "Melissa", "Ronald", "Deborah", "Jason", "Stephanie", "Ryan", "Rebecca", "Jacob", "Laura", "Gary", "Sharon", "Nicholas", "Cynthia", "Eric", "Kathleen", "Jonathan", "Amy", "Stephen", "Angela", "Larry", "Shirley", "Justin", "Anna", "Scott", "Brenda", "Brandon", "Pamela", "Benjamin", "Emma", "Samuel", "Nicole", "Gregory", "Helen", "Alexander", "Samantha", "Frank", "Katherine", "Raymond", "Christine", "Jack", "Debra", "Dennis", "Rachel", "Jerry", "Carolyn", "Tyler", "Janet", "Aaron", "Maria", "José", "Chloé", "Mei", "Olivia", "Aiko", "Priya", "Diego", "Sofia", "Liam", "Noah", "Mateo", "Zoe", "Hannah", "Omar", "Fatima"]
LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "O'Brien", "D'Angelo", "Fontaine", "Kowalski", "Nakamura"]
STREETS = (
    "Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Pine St", "Lakeview Blvd", "2nd St",
    "Washington Ave", "Park Rd", "Hillcrest Dr", "Sunset Blvd", "River Rd", "Church St",
    "Highland Ave", "Broadway", "Jefferson St", "Lincoln Way", "Madison Ave", "Forest Dr",
)
CITIES = (
    ("Nashville", "TN", "37203"), ("Austin", "TX", "78701"), ("Chicago", "IL", "60614"),
    ("Springfield", "IL", "62701"), ("Denver", "CO", "80202"), ("Seattle", "WA", "98101"),
    ("Portland", "OR", "97205"), ("Atlanta", "GA", "30303"), ("Boston", "MA", "02108"),
    ("Phoenix", "AZ", "85004"), ("Columbus", "OH", "43215"), ("Minneapolis", "MN", "55401"),
    ("Kansas City", "MO", "64105"), ("Raleigh", "NC", "27601"), ("Salt Lake City", "UT", "84101"),
    ("Madison", "WI", "53703"), ("Louisville", "KY", "40202"), ("Memphis", "TN", "38103"),
    ("New Orleans", "LA", "70112"), ("Tampa", "FL", "33602"), ("San Diego", "CA", "92101"),
    ("Sacramento", "CA", "95814"), ("Albany", "NY", "12207"), ("Burlington", "VT", "05401"),
    ("Omaha", "NE", "68102"), ("Tulsa", "OK", "74103"), ("Boise", "ID", "83702"),
    ("Richmond", "VA", "23219"), ("Pittsburgh", "PA", "15222"), ("Detroit", "MI", "48226"),
)
SHIPPING_CHOICES = ("0.00", "8.50", "12.00", "15.50", "27.50")
DEMO_ACCOUNTS = (
    {
        "name": "demo-store", "ebay_user_id": "demo_music_store", "item_location": "Springfield, IL",
        "postal_code": "62701", "dispatch_days": 1, "shipping_profile": "Standard Shipping",
        "return_profile": "30 Day Returns", "payment_profile": "eBay Managed Payments",
    },
    {
        "name": "demo-outlet", "ebay_user_id": "demo_music_outlet", "item_location": "Springfield, IL",
        "postal_code": "62702", "dispatch_days": 2, "shipping_profile": "Economy Shipping",
        "return_profile": "No Returns", "payment_profile": "eBay Managed Payments",
    },
)


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
    if (reset or replace_real_store) and db.path.exists():
        _make_room(db, replace_real_store=replace_real_store)
    with db.read() as con:
        held = _holdings(con)
        marked = _is_marked(con)
    if any(held.values()):
        hint = ("rebuild it with `demo --reset`" if marked else
                "it is not a demo store; build the demo into another file with --db")
        what = ", ".join(f"{count} {table}" for table, count in held.items() if count)
        raise InputError(f"{db.path} already holds a store ({what}); {hint}")
    load_categories(db, CATEGORY_FILE)
    store = _DemoStore(random.Random(seed))
    with db.write() as con:
        for table, frame in store.tables().items():
            con.register(f"demo_{table}", frame)
        _write(con)
        settle_loaded_records(con)  # item specifics; no listing above the stock available
        flag_records_for_tree(con)
        con.execute("INSERT INTO store_marks (name, value) VALUES (?, ?)", [DEMO_MARK, str(seed)])
        audit.record(con, "demo", "database", str(db.path), after={"seed": seed}, who="demo")
    invoice_demo_orders(db)  # the invoiced orders' invoices, posted by the invoicing operations
    # This month's Seller Hub download, staged and waiting for the operator; last month's legacy
    # download waiting in the inbox beside the database.
    stage_sales(db, STAGED_FILE.read_bytes(), STAGED_FILE.name, account="demo-store")
    add_shipping_demo(db, DEMO_TODAY)  # shipping states, sample carrier files, lookup files
    import_demo_transactions(db, DEMO_TODAY)  # eBay's Transaction report for reconciliation
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
    return DemoReport(str(db.path), round(time.perf_counter() - started, 2), counts)


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
            f"{db.path} is not a demo store ({orders} orders); `demo --reset` replaces only a "
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
    con.execute(
        "UPDATE skus SET qty_committed = c.units FROM ("
        "  SELECT l.sku, sum(l.quantity) AS units FROM order_lines l"
        "  JOIN orders o ON o.order_id = l.order_id WHERE o.status IN ('open', 'picked', 'shipped')"
        "  GROUP BY l.sku) c WHERE c.sku = skus.sku"
    )


class _DemoStore:
    """Generates the demo tables as DataFrames."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.skus: list[dict] = []
        self.items: list[dict] = []

    def tables(self) -> dict[str, pd.DataFrame]:
        self._catalogue()
        records, images = self._records()
        customers, aliases = self._customers()
        orders, lines, shipments = self._orders(customers, records)
        return {
            "accounts": pd.DataFrame(DEMO_ACCOUNTS),
            "items": pd.DataFrame(self.items),
            "skus": pd.DataFrame(self.skus),
            "records": pd.DataFrame(records),
            "images": pd.DataFrame(images),
            "customers": pd.DataFrame(customers),
            "aliases": pd.DataFrame(aliases),
            "orders": pd.DataFrame(orders),
            "lines": pd.DataFrame(lines),
            "shipments": pd.DataFrame(shipments),
        }

    # -- catalogue ---------------------------------------------------------------------------

    def _catalogue(self) -> None:
        for family in FAMILIES:
            for code, brand, model, dollars in family.models:
                self._item(family, f"{family.prefix}-{code}", brand, model, dollars, family.variants)
        by_prefix = {family.prefix: family for family in FAMILIES}
        for sku, prefix, brand, model, dollars in SAMPLE_SKUS:
            self._item(by_prefix[prefix], sku, brand, model, dollars, (("", ""),))

    def _item(self, family: Family, style: str, brand: str, model: str, dollars: int, variants) -> None:
        self.items.append({
            "style_code": style, "description": f"{brand} {model}", "vendor": brand,
            "department": family.department, "category": family.category, "brand": brand,
            "model": model, "ebay_category": family.ebay_category,
        })
        for code, label in variants:
            price = Decimal(dollars) + (Decimal("0.99") if dollars < 1000 else Decimal("0.00"))
            if code.endswith("-LH"):
                price += 30
            stocked = dollars < 100
            self.skus.append({
                "sku": f"{style}-{code}" if code else style,
                "style_code": style,
                "colour": label if family.axis == "colour" else None,
                "size": label if family.axis == "size" else None,
                "upc": _upc(self.rng),
                "price": money_str(price),
                "cost": money_str(round_money(price * Decimal("0.58"))),
                "qty_on_hand": 0 if self.rng.random() < 0.06 else self.rng.randint(1, 60 if stocked else 9),
                "label": label, "brand": brand, "model": model,
                "ebay_category": family.ebay_category, "category": family.category,
            })

    # -- eBay records ------------------------------------------------------------------------

    def _records(self) -> tuple[list[dict], list[dict]]:
        rng = self.rng
        by_style: dict[str, list[dict]] = {}
        for sku in self.skus:
            by_style.setdefault(sku["style_code"], []).append(sku)
        sample_styles = {"GTR-STRAT", "TSH-LOGO", "AMP-BOSS-K50", "KEY-CTS300", "SAX-YAS280",
                         "STR-EB2221", "STR-EXP16", "DRM-ZILA14"}
        styles = sorted(by_style)
        chosen = [style for style in styles if style in sample_styles]
        chosen += rng.sample([s for s in styles if s not in sample_styles], 75)
        records, images = [], []
        for style in chosen:
            for sku in by_style[style]:
                records.append(self._record(sku))
                for position in range(1, rng.randint(1, 4) + 1):
                    images.append({"sku": sku["sku"], "position": position,
                                   "url": f"{IMAGE_BASE}/{sku['sku'].lower()}-{position}.jpg"})
        for record, problem in zip(rng.sample(records, len(_PROBLEMS)), _PROBLEMS, strict=True):
            problem(record)
            record["update_ebay"] = True
        return records, images

    def _record(self, sku: dict) -> dict:
        rng = self.rng
        title = f"{sku['brand']} {sku['model']}" + (f", {sku['label']}" if sku["label"] else "")
        price = Decimal(sku["price"])
        auction = rng.random() < 0.1
        listed = rng.random() < 0.5
        html = rng.random() < 0.6
        features = f"{sku['brand']} {sku['model']}" + (f" in {sku['label']}" if sku["label"] else "")
        description = (
            f"<h2>{features}</h2><p>Brand new, shipped from our store in Springfield, IL.</p>"
            "<ul><li>Full manufacturer warranty</li><li>Inspected and set up by our techs</li>"
            "<li>30-day returns</li></ul>"
            if html else f"{features}. Brand new, full manufacturer warranty. Ships in 1 business day."
        )
        return {
            "sku": sku["sku"], "account": "demo-outlet" if rng.random() < 0.15 else "demo-store",
            "title": title[:80], "subtitle": "Free setup, fast shipping" if rng.random() < 0.3 else None,
            "listing_format": "Auction" if auction else "FixedPrice",
            "duration": rng.choice(["3", "5", "7", "10"]) if auction else "GTC",
            "category1_id": sku["ebay_category"], "category2_id": None, "condition_id": 1000,
            "start_price": money_str(round_money(price * Decimal("0.7")) if auction else price),
            "buy_it_now_price": money_str(price) if auction else None, "reserve_price": None,
            "quantity": 1 if auction else max(1, min(sku["qty_on_hand"], 5)),
            "description": description, "description_is_html": html,
            "ebay_item_id": f"39{rng.randint(10**9, 10**10 - 1)}" if listed else None,
            "update_ebay": rng.random() < 0.25,
            "last_exported_at": f"{DEMO_TODAY - timedelta(days=rng.randint(5, 90))} 09:00:00",
        }

    # -- customers ---------------------------------------------------------------------------

    def _customers(self) -> tuple[list[dict], list[dict]]:
        rng = self.rng
        customers = []
        for key in range(1, 2001):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            city, state, zip_code = rng.choice(CITIES)
            email = f"{_slug(first)}.{_slug(last)}{key}@example.com"
            customers.append(self._customer(
                key, f"{first} {last}", email, f"({rng.randint(201, 989)}) 555-{rng.randint(0, 9999):04d}",
                f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
                rng.choice(["", "", "", "Apt 2", "Unit 5", "Suite 100"]), city, state, zip_code,
            ))
        # Buyers of the sample eBay downloads: one links by e-mail, one by user id, one only by
        # phone, name and ZIP (a fuzzy candidate).
        customers[10] = self._customer(11, "Maria D'Angelo", "maria.dangelo262@example.com",
                                       "(320) 555-9117", "7365 2nd St", "Suite 200", "Nashville", "TN", "37203")
        customers[20] = self._customer(21, "Patrick Doe", "pdoe@oldmail.example.com", "(615) 555-0142",
                                       "88 Church St", "", "Memphis", "TN", "38103")
        customers[30] = self._customer(31, "Olivia Lee", "olivia.lee@oldmail.example.com",
                                       "(602) 555-9340", "6096 Second Street", "Apt. 4", "Austin", "TX", "78701")
        aliases = [{"demo_key": 21, "user_id": "patrickdoe20", "account": "demo-store"}]
        aliases += [
            {"demo_key": key, "user_id": f"{_slug(c['name'])[:8]}{key}", "account": "demo-store"}
            for key, c in ((c["demo_key"], c) for c in customers[100:400])
        ]
        return customers, aliases

    def _customer(self, key, name, email, phone, address1, address2, city, state, zip_code) -> dict:
        return {
            "demo_key": key, "name": name, "email": email, "email_norm": email_key(email),
            "phone": phone, "phone_norm": phone_key(phone), "address1": address1,
            "address2": address2 or None, "city": city, "state": state, "postal_code": zip_code,
            "country": "US", "address_key": address_key(address1, address2, city, state, zip_code, "US"),
            "source": "ebay" if key % 3 else "store",
            "created_at": f"{DEMO_TODAY - timedelta(days=400 + key % 900)} 10:00:00",
        }

    # -- orders ------------------------------------------------------------------------------

    def _orders(self, customers: list[dict], records: list[dict]):
        rng = self.rng
        prices = {sku["sku"]: sku for sku in self.skus}
        listed = [record for record in records if record["listing_format"] == "FixedPrice"]
        orders, lines, shipments = [], [], []
        for number in range(1, 161):
            age = rng.randint(0, 60)
            ordered = DEMO_TODAY - timedelta(days=age)
            order_no = f"{rng.randint(10, 27)}-{rng.randint(10000, 99999)}-{number:05d}"
            merchandise = Decimal("0.00")
            for line_no in range(1, rng.choice([1, 1, 1, 2, 3]) + 1):
                record = rng.choice(listed)
                quantity = rng.choice([1, 1, 1, 2])
                unit = Decimal(prices[record["sku"]]["price"])
                merchandise += unit * quantity
                lines.append({
                    "ebay_order_number": order_no, "line_no": line_no, "sku": record["sku"],
                    "ebay_item_id": record["ebay_item_id"] or f"39{rng.randint(10**9, 10**10 - 1)}",
                    "transaction_id": str(rng.randint(10**12, 10**13 - 1)), "title": record["title"],
                    "quantity": quantity, "unit_price": money_str(unit), "amount": money_str(unit * quantity),
                })
            shipping = Decimal(rng.choice(SHIPPING_CHOICES))
            status = ("invoiced" if age > 14 else "shipped" if age > 7 else "picked" if age > 5 else "open")
            if status == "invoiced" and rng.random() < 0.15:
                status = "shipped"
            unpaid = status == "open" and rng.random() < 0.2
            total = merchandise + shipping
            orders.append({
                "ebay_order_number": order_no, "sales_record_number": str(5000 + number),
                "account": "demo-outlet" if number % 7 == 0 else "demo-store",
                "customer_key": rng.randint(1, 2000), "status": status,
                "needs_review": number == 77, "awaiting_payment": unpaid,
                "review_reason": "line 2: Custom Label not found" if number == 77 else None,
                "order_date": str(ordered), "paid_date": None if unpaid else str(ordered),
                "merchandise": money_str(merchandise), "shipping": money_str(shipping),
                "seller_tax": "0.00", "ebay_tax": money_str(round_money(merchandise * Decimal("0.0725"))),
                "total": money_str(total),
            })
            if status in ("shipped", "invoiced"):
                cost = shipping * Decimal("0.85") if shipping else Decimal(rng.choice(["9.80", "14.20"]))
                shipments.append({
                    "ebay_order_number": order_no,
                    "tracking_number": "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(16)),
                    "charge": money_str(round_money(cost + Decimal("2.10"))),
                    "negotiated": money_str(round_money(cost)),
                    "weight": f"{rng.randint(1, 40)}.{rng.randint(0, 9)}",
                    "ship_date": str(ordered + timedelta(days=2)),
                })
        return orders, lines, shipments


def _too_long_title(record: dict) -> None:
    record["title"] = (record["title"] + " Professional Series with Hardshell Case and Extras") * 2


def _auction_gtc(record: dict) -> None:
    record["listing_format"], record["duration"] = "Auction", "GTC"


def _branch_category(record: dict) -> None:
    record["category1_id"] = "3858"  # Guitars & Basses: not a leaf


def _vanished_category(record: dict) -> None:
    record["category1_id"] = "99999"  # not in the tree: the reload flags it


def _zero_price(record: dict) -> None:
    record["start_price"] = "0.00"


def _reserve_on_fixed_price(record: dict) -> None:
    record["listing_format"], record["duration"] = "FixedPrice", "GTC"
    record["reserve_price"] = record["start_price"]


_PROBLEMS = (_too_long_title, _auction_gtc, _branch_category, _vanished_category, _zero_price,
             _reserve_on_fixed_price)


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() and ch.isascii())


def _upc(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(11)]
    check = (10 - (sum(digits[0::2]) * 3 + sum(digits[1::2])) % 10) % 10
    return "".join(map(str, digits)) + str(check)
