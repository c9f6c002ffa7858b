"""The dashboards list is the one source of the notebooks Voilà serves."""

from __future__ import annotations

import json

from aimsi_ebay.ui import open as entry_points
from aimsi_ebay.ui.dashboards import DASHBOARDS, notebook_text, voila_settings, write_dashboards
from tests.conftest import ROOT


def test_the_checkout_notebooks_are_the_listed_dashboards():
    on_disk = {path.name for path in (ROOT / "notebooks").glob("*.ipynb")}
    assert on_disk == {dashboard.file_name for dashboard in DASHBOARDS}
    for dashboard in DASHBOARDS:
        assert (ROOT / "notebooks" / dashboard.file_name).read_text() == notebook_text(dashboard)
        assert callable(getattr(entry_points, dashboard.opener))


def test_the_checkout_voila_settings_are_the_shipped_ones():
    assert json.loads((ROOT / "voila.json").read_text()) == json.loads(voila_settings())


def test_serving_folder_holds_only_dashboards(tmp_path):
    (tmp_path / "Old_page.ipynb").write_text("{}")
    write_dashboards(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == sorted(
        d.file_name for d in DASHBOARDS)
    assert (tmp_path / "voila.json").exists()
