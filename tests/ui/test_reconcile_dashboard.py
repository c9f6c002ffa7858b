"""Reconciliation dashboard without a browser: charts drawn, a filter changes them, export,
drill-down, a refund by hand, bad input shown as a message."""

from __future__ import annotations

import base64

from aimsi_ebay.ui.common import money_text
from aimsi_ebay.ui.reconcile.view import ReconciliationDashboard


def test_headline_first_then_views_in_the_background(demo_db):
    board = ReconciliationDashboard(demo_db)  # as the notebook opens it
    assert "recon-summary" in board.headline.value  # drawn before the views finish
    assert board.ready.wait(120) and board.messages.kind == ""
    assert not board.account.disabled and "recon-loading" not in board.status.value
    assert "demo-outlet" in board.account.options  # choices and tools come with the views
    assert "recon-refund" in board.children[-1].children[-1]._dom_classes
    deposits = board.model.results["deposits"].totals
    head = board.model.headline()
    assert (head.received, head.applied, head.refunded, head.open) == (
        deposits["received"], deposits["applied"], deposits["refunded"], deposits["open"])
    assert head.paid_out == board.model.results["payouts"].totals["paid_out"]
    assert money_text(head.open) in board.headline.value
    board.account.value = "demo-outlet"  # a filter redraws the headline too
    outlet = board.model.results["deposits"].totals["open"]
    assert board.model.headline().open == outlet and money_text(outlet) in board.headline.value


def test_charts_filters_export_detail(demo_db):
    board = ReconciliationDashboard(demo_db, background=False)
    assert board.messages.kind == ""
    titles = {key: chart.figure.title for key, chart in board.charts.items()}
    assert titles["margin-month"].startswith("Shipping margin by month (total")
    assert len(board.charts["margin-month"].bars.x) == 3  # Sep, Oct, Nov
    assert len(board.charts["deposits-age"].bars.x) == 4
    board.account.value = "demo-outlet"
    assert board.charts["margin-month"].figure.title != titles["margin-month"]
    assert board.charts["fee-share"].bars.x.tolist() == ["(none)"]  # no report for the outlet

    board.export_view.value = "deposits"
    board._export("csv")
    href = board.download.value.split('href="', 1)[1].split('"', 1)[0]
    text = base64.b64decode(href.split("base64,", 1)[1]).decode()
    assert text.startswith("Open deposits") and "demo-outlet" in text and "demo-store" not in text

    board.order.value = "100001"
    board._detail()
    assert "Deposits" in board.detail.value and "Shipments" in board.detail.value


def test_refund_by_hand_and_bad_amount(demo_db):
    board = ReconciliationDashboard(demo_db, background=False)
    refunded = board.model.results["deposits"].totals["refunded"]
    board.refund_order.value = "100012"
    board.refund_amount.value = "12,3x"
    trapped_click = board.children[-1].children[-1]
    trapped_click.click()
    assert board.messages.kind == "error" and "Amount" in board.messages.text
    board.refund_amount.value = "5.00"
    trapped_click.click()
    assert board.messages.kind == "success", board.messages.text
    assert board.model.results["deposits"].totals["refunded"] == refunded + 5


def test_in_a_kernel_the_charts_wait_for_the_browsers_signal(demo_db):
    """New widgets made while the browser fetches the first ones can be lost (a chart that
    never draws): the views run at once, their charts and tools come after the signal."""
    import asyncio

    async def scenario():
        board = ReconciliationDashboard(demo_db)  # on a running loop, as in a kernel
        for _ in range(400):
            if board.model.results:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        assert board.model.results and board.charts == {} and not board.ready.is_set()
        board.painted.signal.value = 1  # the browser has the page
        await asyncio.sleep(0.05)  # the signal is handled on the loop's next turn
        assert board.ready.wait(60) and set(board.charts) == {
            "margin-month", "margin-service", "deposits-age", "fee-share"}

    asyncio.run(scenario())
