"""The export dashboard without a browser: the model's logic and the widgets' callbacks."""

from __future__ import annotations

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.ui.export.model import CHECKED, UNCHECKED, ExportModel, download_link
from aimsi_ebay.ui.export.view import ExportDashboard


@pytest.fixture(autouse=True)
def _served_folder(tmp_path, monkeypatch):
    """The dashboard publishes downloads in its kernel's folder: here a temporary one."""
    monkeypatch.chdir(tmp_path)


def test_refresh_prechecks_valid_rows_of_the_account(demo_db):
    model = ExportModel(demo_db)
    model.refresh({"vendor": ""}, "demo-store")
    valid_own = {r.sku for r in model.rows if r.valid and not r.account_mismatch}
    assert model.checked == valid_own and len(model.rows) > len(valid_own)
    frame = model.frame()
    assert list(frame.index) == [r.sku for r in model.rows]
    assert set(frame.loc[sorted(valid_own), "Send"]) == {CHECKED}
    assert all(isinstance(price, str) for price in frame["Price"])
    assert any(text.startswith("⚠ ") for text in frame["Account"])


def test_check_all_none_invert_toggle(demo_db):
    model = ExportModel(demo_db)
    model.refresh({}, "demo-store")
    everything = {r.sku for r in model.rows}
    before = set(model.checked)
    model.invert()
    assert model.checked == everything - before
    model.check_all()
    assert model.checked == everything
    model.check_none()
    assert model.checked == set()
    model.toggle(model.rows[0].sku)
    assert model.checked == {model.rows[0].sku}
    assert model.frame()["Send"].iloc[0] == CHECKED and model.frame()["Send"].iloc[1] == UNCHECKED


def test_export_sends_checked_rows_and_rereads(demo_db):
    model = ExportModel(demo_db)
    model.refresh({}, "demo-store")
    keep = sorted(model.checked)[0]
    model.toggle(keep)
    sending = set(model.checked)
    report = model.export()
    assert report.exported == len(sending) and not report.skipped
    assert keep in {r.sku for r in model.rows}  # still flagged, still listed
    assert all(not r.valid or r.account_mismatch or r.sku == keep for r in model.rows)
    assert "Batch" in model.summary(report)
    [latest] = model.history(limit=1)
    assert latest["Batch"] == report.batch_id and latest["Exported"] == report.exported
    assert "download=" in model.batch_link(report.batch_id)


def test_export_refuses_nothing_checked(demo_db):
    model = ExportModel(demo_db)
    model.refresh({}, "demo-store")
    model.check_none()
    with pytest.raises(InputError, match="no rows are checked"):
        model.export()


def test_download_link_serves_the_file_not_a_data_url(tmp_path):
    archived = tmp_path / "archive" / 'a"b.csv'
    archived.parent.mkdir()
    archived.write_text("x,y\n" * 50_000)
    served = tmp_path / "served"
    served.mkdir()
    link = download_link(archived, served)
    assert "data:" not in link and "base64" not in link and len(link) < 500
    assert 'href="../files/exports/a%22b.csv"' in link and 'download="a&quot;b.csv"' in link
    assert (served / "exports" / 'a"b.csv').read_bytes() == archived.read_bytes()


def test_dashboard_callbacks_show_errors_not_tracebacks(demo_db):
    dashboard = ExportDashboard(demo_db)
    dashboard.criteria["min_price"].value = "ten"
    dashboard.refresh_button.click()
    assert dashboard.messages.kind == "error" and "min_price" in dashboard.messages.text
    dashboard.criteria["min_price"].value = ""
    dashboard.account.value = "demo-store"
    dashboard.refresh_button.click()
    dashboard.check_none.click()
    dashboard.run_button.click()
    assert dashboard.messages.kind == "error" and "no rows are checked" in dashboard.messages.text
    dashboard.check_all.click()
    dashboard.run_button.click()
    assert "export-download-link" in dashboard.download.value
    assert dashboard.progress.value == dashboard.progress.max


def test_accounts_panel_creates_an_account(demo_db):
    dashboard = ExportDashboard(demo_db)
    panel = dashboard.accounts
    panel.fields["name"].value = "panel-shop"
    panel.fields["ebay_user_id"].value = "panel_shop"
    panel.fields["item_location"].value = "Austin, TX"
    panel.fields["postal_code"].value = "ABCDE-123"
    panel._save()  # refused: the form's name for the field, the field framed red
    assert dashboard.messages.kind == "error" and "Postal code:" in dashboard.messages.text
    assert "aimsi-field-error" in panel.fields["postal_code"]._dom_classes
    assert "panel-shop" not in dashboard.account.options
    panel.fields["postal_code"].value = "78701"
    panel.fields["shipping_profile"].value = "Standard"
    panel.fields["return_profile"].value = "30 days"
    panel._save()
    assert "panel-shop" in dashboard.account.options
    assert dashboard.messages.kind == "success"
    assert "aimsi-field-error" not in panel.fields["postal_code"]._dom_classes
