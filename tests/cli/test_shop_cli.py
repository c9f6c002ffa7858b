"""The shop commands: import-sales takes a shop export with the same JSON keys and exit codes as
an eBay download; shop-maps list|show|save; shop-accounts add."""

from __future__ import annotations

import json
from pathlib import Path

from aimsi_ebay.cli import main

SHOP_GOLDEN = Path(__file__).resolve().parents[1] / "formats" / "shop" / "golden"


def run(capsys, *argv) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out.strip().splitlines()[-1])


def test_shop_import_speaks_like_the_ebay_import(demo_db, samples, capsys, tmp_path):
    db = demo_db.environment_value
    code, made = run(capsys, "--db", db, "shop-accounts", "add", "webshop", "--currency", "usd")
    assert (code, made["kind"], made["currency"]) == (0, "shop", "USD")
    code, ebay = run(
        capsys, "--db", db, "import-sales", str(samples / "sales" / "ebay_sold_legacy.csv"),
        "--account", "demo-store", "--dry-run",
    )  # fmt: skip
    code, shop = run(
        capsys, "--db", db, "import-sales", str(SHOP_GOLDEN / "shopify_orders.csv"),
        "--account", "webshop", "--unmatched", "create",
    )  # fmt: skip
    assert code == 0 and shop.keys() == ebay.keys()
    assert (shop["format"], shop["orders_created"], shop["deposits_total"]) == (
        "shopify", 5, "670.40"
    )
    bad = tmp_path / "bad.csv"  # a row of another order without a quantity: exit 4
    bad.write_text(
        (SHOP_GOLDEN / "shopify_orders.csv").read_text(encoding="utf-8").replace("#1006", "#1007")
        + "#1008,x@example.com,paid,,,,USD,1,0,0,1,,0,,2026-05-01,,Thing,1.00\n",
        encoding="utf-8",
    )
    code, partial = run(capsys, "--db", db, "import-sales", str(bad), "--account", "webshop")
    assert code == 4 and partial["rejected"] and partial["rejected"][0]["field"]
    code, refused = run(
        capsys, "--db", db, "import-sales", str(SHOP_GOLDEN / "shopify_orders.csv"),
        "--account", "demo-store",
    )  # fmt: skip
    assert code == 2 and "eBay account" in refused["error"]


def test_shop_maps(demo_db, capsys, tmp_path):
    db = demo_db.environment_value
    run(capsys, "--db", db, "shop-accounts", "add", "webshop")
    code, listed = run(capsys, "--db", db, "shop-maps", "list", "--account", "webshop")
    assert code == 0 and [m["name"] for m in listed["maps"]] == ["shopify", "woocommerce"]
    code, shown = run(capsys, "--db", db, "shop-maps", "show", "woocommerce", "--account", "webshop")
    assert shown["map"]["fields"]["Order Number"] == "name"
    definition = {"name": "magento", "fields": {"Order #": "name", "Email": "email",
                  "Qty": "line.quantity", "Price": "line.unit_price", "Product": "line.title"}}  # fmt: skip
    path = tmp_path / "magento.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    code, refused = run(capsys, "--db", db, "shop-maps", "save", str(path), "--account", "webshop")
    assert code == 2 and "lacks required fields: total" in refused["error"]
    assert "magento.json" in refused["error"]  # the file named
    definition["fields"]["Grand Total"] = "total"
    path.write_text(json.dumps(definition), encoding="utf-8")
    code, saved = run(capsys, "--db", db, "shop-maps", "save", str(path), "--account", "webshop")
    assert (code, saved["saved"]) == (0, "magento")
    code, listed = run(capsys, "--db", db, "shop-maps", "list", "--account", "webshop")
    assert "magento" in [m["name"] for m in listed["maps"]]
