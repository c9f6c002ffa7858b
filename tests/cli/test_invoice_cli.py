"""``invoice`` from the command line: posting, show, pdf, pay, void, --json, exit 2 on bad input."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.ops.invoicing.factory import add_order, add_package, seed_store


@pytest.fixture
def store(fresh_db):
    seed_store(fresh_db)
    order = add_order(fresh_db, "7001", [("AMP-1", 1, "120.00")], shipping="10.00",
                      deposits=["100.00"], status="shipped")
    add_package(fresh_db, order, "1ZCLI")
    add_order(fresh_db, "7002", [("PIC-1", 1, "4.50")], status="cancelled")
    add_order(fresh_db, "7003", [("PIC-1", 2, "4.50")], shipping="0.00", deposits=["9.00"],
              source="shop")
    return fresh_db


def test_invoice_show_pay_pdf_void(run_cli, store, tmp_path):
    db = ("--db", store.environment_value)
    listed = run_cli(*db, "invoice", "list", "--json").json
    assert [r["order_number"] for r in listed["ready"]] == ["7001", "7003"]
    dry = run_cli(*db, "invoice", "7001", "--dry-run", "--json").json
    assert dry["invoices"][0]["balance_due"] == "30.00"
    posted = run_cli(*db, "invoice", "7001", "--json")
    assert posted.code == 0, posted.stderr
    assert posted.json["invoices"][0] == {
        "invoice_number": "INV500001", "order_number": "7001", "total": "130.00",
        "applied": "100.00", "due": "30.00", "partial": False, "tracking_numbers": "1ZCLI"}
    over = run_cli(*db, "invoice", "pay", "INV500001", "--amount", "31.00", "--method", "cash")
    assert over.code == 2 and "overpayment" in over.stderr and len(over.stderr.splitlines()) == 1
    paid = run_cli(*db, "invoice", "pay", "INV500001", "--amount", "30.00", "--method", "card",
                   "--reference", "AUTH 1", "--json").json
    assert paid["due"] == "0.00"
    shown = run_cli(*db, "invoice", "show", "500001", "--json").json
    assert shown["balance_due"] == "0.00" and shown["tracking"][0]["tracking_number"] == "1ZCLI"
    out = tmp_path / "inv.pdf"
    assert run_cli(*db, "invoice", "pdf", "INV500001", "--out", out).code == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "INV500001" in text and "$130.00" in text and "1ZCLI" in text
    voided = run_cli(*db, "invoice", "void", "INV500001", "--reason", "entered in error", "--json")
    assert voided.json == {"ok": True, "exit_code": 0, "invoice_number": "INV500001", "status": "void"}
    ready = run_cli(*db, "invoice", "--ready", "--source", "ebay", "--json").json
    assert [i["order_number"] for i in ready["invoices"]] == ["7001"]


@pytest.mark.parametrize(("args", "message"), [
    (("invoice", "9999"), "no order 9999"),
    (("invoice", "7002"), "7002 is cancelled"),
    (("invoice", "show", "INV1"), "no invoice 'INV1'"),
    (("invoice", "void", "INV500001", "--reason", "x"), "no invoice"),
    (("invoice", "void", "INV500001"), "needs a reason"),
    (("invoice",), "give order numbers"),
    (("invoice", "pay", "x", "--amount", "1", "--method", "cash"), "is not an invoice number"),
])
def test_bad_input_exits_2_with_one_line(run_cli, store, args, message):
    result = run_cli("--db", store.environment_value, *args)
    assert result.code == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_already_invoiced_exits_2(run_cli, store):
    assert run_cli("--db", store.environment_value, "invoice", "7003").code == 0
    again = run_cli("--db", store.environment_value, "invoice", "7003", "--json")
    assert again.code == 2 and "already invoiced" in again.json["error"]
