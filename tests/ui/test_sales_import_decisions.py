"""The Import orders model's decisions (issue 11): match strength, confirmation before a weak
link or a duplicate customer, links reversible until the order, ship-to choice, bulk decisions,
one batch per file and account, inbox files moved once staged; and the Orders list model."""

from __future__ import annotations

import pytest

from aimsi_ebay.ops.sales.decisions import ConfirmationNeeded, match_of
from aimsi_ebay.ui.orders.model import OrdersModel
from aimsi_ebay.ui.sales_import.model import ImportOrdersModel


@pytest.fixture
def model(demo_db, samples, tmp_path):
    model = ImportOrdersModel(demo_db, inbox=tmp_path)
    (tmp_path / "ebay_orders_report.csv").write_bytes(
        (samples / "sales" / "ebay_orders_report.csv").read_bytes()
    )
    model.accounts()
    model.stage_inbox("ebay_orders_report.csv")
    return model


def sale_of(model, user: str) -> int:
    return int(model.rows[model.rows["user id"] == user]["id"].iloc[0])


def aliases(db) -> int:
    with db.read() as con:
        return con.execute("SELECT count(*) FROM customer_aliases").fetchone()[0]


def test_inbox_file_moves_once_staged_and_the_same_file_reuses_its_batch(model, tmp_path):
    assert (
        model.inbox_files() == [] and (tmp_path / "imported" / "ebay_orders_report.csv").is_file()
    )
    first = model.batch_id
    again = model.stage_upload(
        "again.csv", (tmp_path / "imported" / "ebay_orders_report.csv").read_bytes()
    )
    assert again.reused_batch and again.batch_id == first
    assert [b.batch_id for b in model.batches()] == [first]  # the demo staged the same bytes


def test_candidates_show_strength_and_reasons(model):
    model.select(sale_of(model, "olivialee65"))
    best = model.candidates[0]
    assert best.strength in ("strong", "possible") and best.label.startswith(best.strength.upper())


def test_weak_link_needs_confirmation_and_is_reversible(model, demo_db):
    sale = sale_of(model, "olivialee65")
    model.select(sale)
    weak = next(
        customer_id
        for customer_id in range(1, 60)
        if match_of(demo_db, sale, customer_id).strength == "weak"
    )
    before = aliases(demo_db)
    with pytest.raises(ConfirmationNeeded, match="WEAK"):
        model.link(weak)
    assert model.detail["customer_id"] is None
    model.link(weak, confirmed=True)
    assert model.detail["customer_id"] == weak and aliases(demo_db) == before  # no alias yet
    followers = model.rows[model.rows["decision"].str.contains(f"#{weak}")]
    model.hold()  # takes back the link and the buyer's other sales it linked
    assert model.detail["customer_id"] is None
    for staged_sale_id in followers["id"]:
        row = model.rows[model.rows["id"] == staged_sale_id].iloc[0]
        assert row["status"] == "held" and f"#{weak}" not in row["decision"]
    assert aliases(demo_db) == before


def test_create_customer_warns_when_a_strong_candidate_exists(model, demo_db):
    sale = sale_of(model, "olivialee65")
    model.select(sale)
    strong = [c for c in model.candidates if c.strength == "strong"]
    if not strong:
        pytest.skip("the sample's buyer has no strong candidate in the demo store")
    with pytest.raises(ConfirmationNeeded, match="STRONG"):
        model.create_customer()
    assert model.create_customer(confirmed=True) >= 1
    assert model.detail["match_status"] == "create"


def test_bulk_decisions_with_preview_counts(model):
    preview = model.bulk_preview()
    held = model.status_counts().get("held", 0)
    assert len(preview.no_candidate) + len(preview.strong) <= held
    linked = model.link_all_strong()
    created = model.create_for_all_without_candidate()
    assert (linked, created) == (len(preview.strong), len(preview.no_candidate))
    after = model.bulk_preview()
    assert (after.no_candidate, after.strong) == ([], [])


def test_ship_to_choice_is_honoured(model, demo_db):
    sale = sale_of(model, "olivialee65")
    model.select(sale)
    model.link(31, confirmed=True)
    labels = [label for label, _ in model.ship_to_options()]
    assert "the customer's own address" in labels and labels[-1].startswith("a new ship-to")
    model.choose_ship_to("customer")
    model.create_selected()
    with demo_db.read() as con:
        ship_to = con.execute(
            "SELECT o.ship_to_id FROM orders o JOIN staged_sales s ON s.order_id = o.order_id"
            " WHERE s.staged_sale_id = ?",
            [sale],
        ).fetchone()
    assert ship_to == (None,)


def test_orders_list_searches_and_filters(model, demo_db):
    model.unmatched = "create"
    model.create_for_all_without_candidate()
    model.link_all_strong()
    model.create_all_ready()
    orders = OrdersModel(demo_db)
    assert "awaiting payment" in orders.statuses()
    every = orders.search("", "all")
    some = every[every["eBay order"] != ""].iloc[0]
    found = orders.search(some["eBay order"][-5:], "all")
    assert some["order"] in set(found["order"])
    assert set(orders.search("", "cancelled / refunded")["status"]) <= {
        "cancelled (refunded)",
        "cancelled (cancelled)",
    }
    by_customer = orders.search(some["customer"].split()[0], "all")
    assert some["order"] in set(by_customer["order"])
