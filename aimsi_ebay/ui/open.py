"""Entry points for the dashboard notebooks: each builds its widget on the configured database."""

from __future__ import annotations

from pathlib import Path

from aimsi_ebay.db import Database


def open_home(location: str | None = None):
    """The Home dashboard (``notebooks/Home.ipynb``)."""
    from aimsi_ebay.ui.home import HomeDashboard

    return HomeDashboard(Database(location), Path.cwd())


def open_import_orders(location: str | None = None):
    """The Import orders dashboard (``notebooks/Import_orders.ipynb``)."""
    from aimsi_ebay.ui.sales_import import ImportOrdersDashboard

    return ImportOrdersDashboard(Database(location))
