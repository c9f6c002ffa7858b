"""The Import orders dashboard without a browser: the model, and the widgets driven directly."""

from __future__ import annotations

import csv
import io

from aimsi_ebay.ui.sales_import.model import ImportOrdersModel
from aimsi_ebay.ui.sales_import.view import ImportOrdersDashboard

MALICIOUS = (
    b"Sales Record Number,User Id,Sale Price,Quantity,Total Price,Sale Date\r\n"
    b'1,=HYPERLINK("x"),$1.00,1,@SUM(1),Nov-01-26\r\n'
)


def test_model_stages_links_and_creates_with_progress(demo_db, samples, tmp_path):
    model = ImportOrdersModel(demo_db, inbox=tmp_path)
    (tmp_path / "ebay_orders_report.csv").write_bytes(
        (samples / "sales" / "ebay_orders_report.csv").read_bytes()
    )
    assert model.accounts()[0] == "demo-store" and model.inbox_files() == ["ebay_orders_report.csv"]
    report = model.stage_inbox("ebay_orders_report.csv")
    assert report.sales == 8 and model.status_counts() == {"held": 6, "staged": 2}
    olivia = int(model.rows[model.rows["user id"] == "olivialee65"]["id"].iloc[0])
    model.select(olivia)
    assert model.candidates[0].customer_id == 31
    model.link(31)  # the operator's choice also links her other sales (alias)
    assert model.status_counts() == {"held": 3, "staged": 5}
    mei = int(model.rows[model.rows["user id"] == "meidoe13"]["id"].iloc[0])
    model.select(mei)
    model.create_customer()
    assert model.status_counts() == {"staged": 8}
    steps = []
    totals = model.create_all_ready(lambda done, total: steps.append((done, total)))
    assert totals.orders_created == 8 and steps == [(8, 8)]
    assert model.status_counts() == {"ordered": 8}


def test_rejected_rows_download_is_formula_safe(demo_db, tmp_path, monkeypatch):
    from aimsi_ebay.ops.sales import importer

    model = ImportOrdersModel(demo_db, inbox=tmp_path)
    model.accounts()
    model.stage_upload("evil.csv", MALICIOUS + b"2,u,$x,1,$1.00,Nov-01-26\r\n")
    real = importer.rejections
    # Whatever a reader puts in a reason or a field name: a cell that a spreadsheet would run.
    monkeypatch.setattr(importer, "rejections", lambda db, batch: [
        *real(db, batch), {"row": 9, "field": "-2+3", "reason": '=HYPERLINK("http://x","y")'}])
    text = model.rejected_csv()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["row", "field", "reason"] and "Sale Price" in text
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'=") for cell in cells)  # a dangerous reason, made text
    for cell in cells:  # every cell, not only each line's first
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_inbox_refuses_symbolic_links(demo_db, tmp_path):
    import pytest

    from aimsi_ebay.errors import InputError

    secret = tmp_path / "secret.csv"
    secret.write_text("root:x:0:0\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "passwd.csv").symlink_to(secret)
    model = ImportOrdersModel(demo_db, inbox=inbox)
    model.accounts()
    assert model.inbox_files() == []
    with pytest.raises(InputError, match="symbolic link"):
        model.stage_inbox("passwd.csv")


def test_widgets_upload_and_create_all(demo_db, samples):
    dashboard = ImportOrdersDashboard(demo_db)
    dashboard.unmatched.value = "create"
    content = (samples / "sales" / "ebay_sold_legacy.csv").read_bytes()
    dashboard.upload.set_state(
        {
            "value": [
                {
                    "name": "sold.csv",
                    "type": "text/csv",
                    "size": len(content),
                    "last_modified": 0,
                    "content": memoryview(content),
                }
            ]
        }
    )
    assert "staged 8 sale(s)" in dashboard.messages.text
    dashboard.create_all.click()
    assert "import-orders-created'>8<" in dashboard.results.value
    assert dashboard.progress.value == dashboard.progress.max
    dashboard.create_one.click()  # nothing selected: a message, never a traceback
    assert dashboard.messages.kind == "error" and "select a sale" in dashboard.messages.text
