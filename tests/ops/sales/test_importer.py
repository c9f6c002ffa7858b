"""The sales import on the demo store: idempotency, matching, ship-tos, money, stock, dry run."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.sales.importer import (
    candidates,
    create_orders,
    import_sales,
    preview,
    stage_sales,
)

GOLDEN = Path(__file__).resolve().parents[2] / "formats" / "golden"


def table_counts(db) -> dict[str, int]:
    with db.read() as con:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "orders",
                "order_lines",
                "customers",
                "deposits",
                "ship_to_addresses",
                "customer_aliases",
            )
        }


def test_same_file_twice_creates_nothing_the_second_time(demo_db, samples):
    path = samples / "sales" / "ebay_sold_legacy.csv"
    first = import_sales(demo_db, path, account="demo-store", unmatched="create")
    assert (first.orders_created, first.customers_created, first.deposits) == (8, 1, 8)
    assert first.deposits_total == Decimal("5508.72")
    after_first = table_counts(demo_db)
    second = import_sales(demo_db, path, account="demo-store", unmatched="create")
    assert (second.orders_created, second.already_imported) == (0, 8)
    assert table_counts(demo_db) == after_first


def test_overlapping_file_creates_only_the_new_sales(demo_db, samples, tmp_path):
    lines = (samples / "sales" / "ebay_sold_legacy.csv").read_text(encoding="utf-8").splitlines()
    first_half = tmp_path / "first.csv"
    first_half.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")  # header + 1001..1003
    import_sales(demo_db, first_half, account="demo-store", unmatched="create")
    before = table_counts(demo_db)
    report = import_sales(
        demo_db,
        samples / "sales" / "ebay_sold_legacy.csv",
        account="demo-store",
        unmatched="create",
    )
    assert (report.orders_created, report.already_imported) == (5, 3)
    assert table_counts(demo_db)["orders"] == before["orders"] + 5
    assert table_counts(demo_db)["customers"] == before["customers"]  # Chloé created once


def test_matching_by_email_with_case_and_spaces_and_by_known_user_id(demo_db, samples, tmp_path):
    text = (samples / "sales" / "ebay_sold_legacy.csv").read_text(encoding="utf-8")
    text = text.replace("maria.dangelo262@example.com", " Maria.DAngelo262@EXAMPLE.com ")
    path = tmp_path / "sold.csv"
    path.write_text(text, encoding="utf-8")
    report = stage_sales(demo_db, path.read_bytes(), "sold.csv", account="demo-store")
    rows = preview(demo_db, report.batch_id)
    maria = rows[rows["user id"] == "mariada18"]
    assert set(maria["decision"]) == {"Maria D'Angelo #11"}
    assert set(maria["customer"]) == {"linked"}
    report = stage_sales(
        demo_db,
        (samples / "sales" / "ebay_orders_report.csv").read_bytes(),
        "orders.csv",
        account="demo-store",
    )
    rows = preview(demo_db, report.batch_id)
    patrick = rows[rows["user id"] == "patrickdoe20"]
    assert set(patrick["decision"]) == {"Patrick Doe #21"}
    olivia = rows[rows["user id"] == "olivialee65"]
    assert set(olivia["status"]) == {"held"}  # a strong candidate is shown, never auto-linked
    ranked = candidates(demo_db, int(olivia["id"].iloc[0]))
    assert ranked[0].customer_id == 31
    assert ranked[0].reasons[:2] == ("same phone", "name 1.00")
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


def test_ship_to_reused_for_the_same_address_and_created_for_a_new_one(demo_db, samples):
    report = import_sales(
        demo_db,
        samples / "sales" / "ebay_orders_report.csv",
        account="demo-store",
        unmatched="create",
    )
    # Patrick (#21, lives in Memphis) buys twice for Springfield: one ship-to, reused in-file.
    assert report.ship_tos_created == 1
    with demo_db.read() as con:
        patrick = con.execute(
            "SELECT DISTINCT ship_to_id FROM orders WHERE customer_id = 21"
            " AND ship_to_id IS NOT NULL AND import_batch_id = ?",
            [report.batch_id],
        ).fetchall()
        created = con.execute(
            "SELECT count(*) FROM orders o JOIN customers c USING (customer_id) WHERE"
            " o.import_batch_id = ? AND c.source = 'ebay' AND o.ship_to_id IS NULL"
            " AND c.customer_id > 2000",
            [report.batch_id],
        ).fetchone()[0]
    assert len(patrick) == 1
    assert created == 6  # new customers ship to their own address: no ship-to record
    text = (samples / "sales" / "ebay_orders_report.csv").read_text(encoding="utf-8")
    again = text.replace("16-17914-65432", "16-17914-99999").replace('"2206"', '"2299"')
    data = again.encode("utf-8")
    staged = stage_sales(demo_db, data, "again.csv", account="demo-store", unmatched="create")
    counts = create_orders(demo_db, staged.batch_id)
    assert (counts.orders_created, counts.ship_tos_created, counts.ship_tos_reused) == (1, 0, 1)


def test_money_stock_review_and_payment(demo_db):
    with demo_db.read() as con:
        committed = dict(
            con.execute(
                "SELECT sku, qty_committed FROM skus WHERE sku IN ('TSH-LOGO-M', 'STR-EB2221')"
            ).fetchall()
        )
    report = import_sales(
        demo_db, GOLDEN / "orders_report_nasty.csv", account="demo-store", unmatched="create"
    )
    assert report.orders_created == 3 and len(report.rejected) == 1
    assert report.rejected[0] == {
        "row": 7,
        "field": "Shipping And Handling",
        "reason": "'12,3x' is not an amount like 12.30",
    }
    with demo_db.read() as con:
        orders = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT ebay_order_number, merchandise, shipping, seller_tax, ebay_tax_memo, total,"
                " needs_review, review_reason, awaiting_payment, order_id FROM orders"
                " WHERE import_batch_id = ?",
                [report.batch_id],
            ).fetchall()
        }
        deposits = dict(
            con.execute(
                "SELECT o.ebay_order_number, d.amount FROM deposits d"
                " JOIN orders o USING (order_id) WHERE o.import_batch_id = ?",
                [report.batch_id],
            ).fetchall()
        )
        lines = con.execute(
            "SELECT sku, title FROM order_lines WHERE order_id = ? ORDER BY line_no",
            [orders["22-22222-22222"][-1]],
        ).fetchall()
        after = dict(
            con.execute(
                "SELECT sku, qty_committed FROM skus WHERE sku IN ('TSH-LOGO-M', 'STR-EB2221')"
            ).fetchall()
        )
    big = orders["11-11111-11111"]
    assert big[:5] == (
        Decimal("1234.56"),
        Decimal("45.00"),
        Decimal("0.00"),
        Decimal("101.85"),
        Decimal("1279.56"),
    )
    assert deposits["11-11111-11111"] == Decimal("1279.56")
    combined = orders["22-22222-22222"]
    assert combined[5] is True and "NO-SUCH-SKU" in combined[6]
    assert lines == [("TSH-LOGO-M", "Store Logo T-Shirt, Medium"), (None, "Mystery pedal")]
    unpaid = orders["44-44444-44444"]
    assert unpaid[7] is True and "44-44444-44444" not in deposits
    assert after["TSH-LOGO-M"] == committed["TSH-LOGO-M"] + 2
    assert after["STR-EB2221"] == committed["STR-EB2221"] + 2


def test_dry_run_writes_nothing(demo_db, samples):
    before = table_counts(demo_db)
    report = import_sales(
        demo_db,
        samples / "sales" / "ebay_orders_report.csv",
        account="demo-store",
        unmatched="create",
        dry_run=True,
    )
    assert report.dry_run and report.orders_created == 8 and report.customers_created == 2
    assert table_counts(demo_db) == before
    with demo_db.read() as con:
        assert (
            con.execute(
                "SELECT count(*) FROM import_batches WHERE file_name = 'ebay_orders_report.csv'"
            ).fetchone()[0]
            == 0
        )


def test_captured_email_and_phone_are_never_blanked(demo_db, samples, tmp_path):
    text = (samples / "sales" / "ebay_orders_report.csv").read_text(encoding="utf-8")
    with demo_db.write() as con:
        con.execute("UPDATE customers SET phone = NULL, phone_norm = NULL WHERE customer_id = 21")
    # a later download: e-mail gone (eBay drops it after ~14 days)
    path = tmp_path / "late.csv"
    path.write_text(text.replace("patrick.doe370@example.com", ""), encoding="utf-8")
    import_sales(demo_db, path, account="demo-store", unmatched="hold")
    with demo_db.read() as con:
        email, phone = con.execute(
            "SELECT email, phone FROM customers WHERE customer_id = 21"
        ).fetchone()
    assert email == "pdoe@oldmail.example.com"  # kept, not blanked
    assert phone == "(373) 555-6048"  # the blank phone was filled in


def test_unknown_account_is_bad_input(demo_db, samples):
    with pytest.raises(InputError, match="no seller account"):
        import_sales(demo_db, samples / "sales" / "ebay_orders_report.csv", account="nope")


def test_staged_keys_are_the_python_rules_also_where_sql_steps_aside(demo_db, samples):
    """Non-ASCII text and non-NANP phones take the Python rules; the rest the SQL fast paths."""
    from aimsi_ebay.rules.normalise import address_key, email_key, phone_key, user_id_key

    text = (samples / "sales" / "ebay_sold_legacy.csv").read_text(encoding="utf-8")
    text = text.replace("502 Elm St,,Nashville", "502 Élm Straße,,Nashvílle", 1)
    text = text.replace("(304) 555-6200", "+44 20 7946 0958", 1)
    text = text.replace("chloefon39", "ChloéFon39", 1)
    report = stage_sales(demo_db, text.encode(), "sold.csv", account="demo-store")
    with demo_db.read() as con:
        cursor = con.execute("SELECT * FROM staged_sales WHERE batch_id = ?", [report.batch_id])
        names = [d[0] for d in cursor.description]
        staged = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    assert {s["buyer_address1"] for s in staged} >= {"502 Élm Straße", "502 Elm St"}
    places = ("address1", "address2", "city", "state", "postal_code", "country")
    for sale in staged:
        assert sale["user_id_norm"] == user_id_key(sale["buyer_user_id"])
        assert sale["email_norm"] == email_key(sale["buyer_email"])
        assert sale["phone_norm"] == phone_key(sale["buyer_phone"])
        for side in ("buyer", "ship"):
            values = [sale[f"{side}_{p}"] for p in places]
            expected = address_key(*values) if sale[f"{side}_address1"] else None
            assert sale[f"{side}_address_key"] == expected
