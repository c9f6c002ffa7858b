"""Load a golden case (an account and its eBay records) into a fresh database."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from aimsi_ebay.db import Database
from aimsi_ebay.demo.store import CATEGORY_FILE
from aimsi_ebay.ops.accounts import create_account
from aimsi_ebay.ops.categories import load_categories

RECORD_COLUMNS = (
    "sku", "title", "subtitle", "listing_format", "duration", "category1_id", "category2_id",
    "condition_id", "start_price", "buy_it_now_price", "reserve_price", "quantity", "description",
    "description_is_html", "ebay_item_id", "specific_brand", "specific_model", "specific_mpn",
    "specific_colour", "specific_upc",
)


def load_case(db: Database, case: Path) -> dict:
    """The case's account, records (flagged Update eBay) and images; returns the case."""
    spec = json.loads(case.read_text(encoding="utf-8"))
    load_categories(db, CATEGORY_FILE)
    account = create_account(db, **spec["account"])
    records = pd.DataFrame([{c: r.get(c) for c in RECORD_COLUMNS} for r in spec["records"]], dtype=object)
    with db.write() as con:
        con.register("case_records", records)
        for record in spec["records"]:
            con.execute(
                f"INSERT INTO ebay_records ({', '.join(RECORD_COLUMNS)}, account_id, update_ebay,"
                f" image_urls) SELECT {', '.join(RECORD_COLUMNS)}, ?, TRUE, CAST(? AS VARCHAR[])"
                " FROM case_records WHERE sku = ?",
                [account.account_id, record["images"], record["sku"]])
    return spec


def without_templates(db: Database) -> None:
    """Drop the demo's description templates: the test is about records sent as stored."""
    with db.write() as con:
        con.execute("UPDATE ebay_records SET template_id = NULL")
        con.execute("DELETE FROM description_templates")
