"""An ordered staged sale keeps its identity, decisions and money, not its addresses or lines:
those live once, on the customer, ship-to, order, order lines and deposit it became
(``order_creation.ORDERED_DROPS``). A sale still waiting keeps everything; the review shows an
ordered sale's ship-to and lines from where they live."""

from __future__ import annotations

from aimsi_ebay.ops.sales.importer import create_orders, import_sales, stage_sales
from aimsi_ebay.ops.sales.order_creation import ORDERED_DROPS
from aimsi_ebay.ops.sales.review import sale_detail

_KEPT = ("buyer_user_id", "buyer_name", "user_id_norm", "sale_key", "total_price",
         "deposit_amount", "order_date", "customer_id", "order_id")  # fmt: skip


def _staged(db, batch_id: int) -> list[dict]:
    with db.read() as con:
        cursor = con.execute(
            "SELECT * FROM staged_sales WHERE batch_id = ? ORDER BY staged_sale_id", [batch_id]
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _shipped_to(db, sale: dict) -> tuple:
    """Where the order ships: its ship-to, else its customer's address."""
    with db.read() as con:
        if sale["ship_to_id"] is not None:
            return con.execute(
                "SELECT name, address1, city, postal_code FROM ship_to_addresses"
                " WHERE ship_to_id = ?", [sale["ship_to_id"]]).fetchone()  # fmt: skip
        return con.execute(
            "SELECT name, address1, city, postal_code FROM customers WHERE customer_id = ?",
            [sale["customer_id"]],
        ).fetchone()


def _check_ordered(db, staged: list[dict]) -> None:
    ordered = [s for s in staged if s["status"] == "ordered"]
    assert ordered
    for sale in ordered:
        assert all(sale[c] is None for c in ORDERED_DROPS), sale["staged_sale_id"]
        assert sale["user_id_norm"] is not None and sale["order_id"] is not None
        detail = sale_detail(db, sale["staged_sale_id"])
        shown = tuple(detail[f"ship_{f}"] for f in ("name", "address1", "city", "postal_code"))
        assert shown == _shipped_to(db, sale)
        with db.read() as con:
            assert not con.execute(
                "SELECT count(*) FROM staged_sale_lines WHERE staged_sale_id = ?",
                [sale["staged_sale_id"]]).fetchone()[0]  # fmt: skip
            order_lines = con.execute(
                "SELECT line_no, sku, title, quantity, amount FROM order_lines"
                " WHERE order_id = ? ORDER BY line_no", [sale["order_id"]]).fetchall()  # fmt: skip
        assert order_lines
        assert [(ln["line_no"], ln["sku"], ln["title"], ln["quantity"], ln["amount"])
                for ln in detail["lines"]] == order_lines  # fmt: skip
    # the ordered sales show a ship-to address on the review
    assert any(sale_detail(db, s["staged_sale_id"])["ship_address1"] for s in ordered)


def test_one_transaction_import_keeps_no_address_on_ordered_sales(demo_db, samples):
    report = import_sales(
        demo_db, samples / "sales" / "ebay_orders_report.csv", account="demo-store",
        unmatched="hold",
    )  # fmt: skip
    staged = _staged(demo_db, report.batch_id)
    _check_ordered(demo_db, staged)
    waiting = [s for s in staged if s["status"] in ("staged", "held")]
    assert waiting, "the sample has held sales"
    for sale in waiting:  # a sale still waiting for a decision keeps everything
        assert sale["buyer_address1"] or sale["ship_address1"]
        assert all(sale[c] is not None for c in ("sale_key", "buyer_user_id"))
        assert sale_detail(demo_db, sale["staged_sale_id"])["lines"]


def test_create_order_later_drops_the_addresses_too(demo_db, samples):
    data = (samples / "sales" / "ebay_orders_report.csv").read_bytes()
    report = stage_sales(demo_db, data, "orders.csv", account="demo-store", unmatched="create")
    before = {s["staged_sale_id"]: s for s in _staged(demo_db, report.batch_id)}
    assert any(s["ship_address1"] for s in before.values())
    counts = create_orders(demo_db, report.batch_id)
    assert counts.orders_created
    after = _staged(demo_db, report.batch_id)
    _check_ordered(demo_db, after)
    for sale in after:
        for column in _KEPT:
            if sale["status"] == before[sale["staged_sale_id"]]["status"]:
                assert sale[column] == before[sale["staged_sale_id"]][column]
