"""Entry points for the dashboard notebooks: each builds its widget on the configured database.

``defer=True``: a dashboard that can paints its first working part in the cell and builds the
rest once the browser has the page (``ui.first_paint.AfterFirstPaint``).
"""

from __future__ import annotations

from pathlib import Path

from aimsi_ebay.ops import Database


def open_home(location: str | None = None):
    """The Home dashboard (``notebooks/Home.ipynb``)."""
    from aimsi_ebay.ui.home.view import HomeDashboard

    return HomeDashboard(Database(location), Path.cwd())


def open_sku_records(location: str | None = None):
    """The SKU eBay records dashboard (``notebooks/SKU_eBay_records.ipynb``)."""
    from aimsi_ebay.ui.listings.view import SkuRecordsDashboard

    return SkuRecordsDashboard(Database(location), defer=True)


def open_ebay_export(location: str | None = None):
    """The eBay export dashboard (``notebooks/eBay_export.ipynb``)."""
    from aimsi_ebay.ui.export.view import ExportDashboard

    return ExportDashboard(Database(location), defer=True)


def open_import_orders(location: str | None = None):
    """The Import orders dashboard (``notebooks/Import_orders.ipynb``)."""
    from aimsi_ebay.ui.sales_import.view import ImportOrdersDashboard

    return ImportOrdersDashboard(Database(location), defer=True)


def open_shipping(location: str | None = None):
    """The Shipping dashboard (``notebooks/Shipping.ipynb``)."""
    from aimsi_ebay.ui.shipping.view import ShippingDashboard

    return ShippingDashboard(Database(location), defer=True)


def open_invoice_orders(location: str | None = None):
    """The Invoice orders dashboard (``notebooks/Invoice_orders.ipynb``)."""
    from aimsi_ebay.ui.invoicing.view import InvoiceOrdersDashboard

    return InvoiceOrdersDashboard(Database(location))


def open_orders(location: str | None = None):
    """The Orders list (``notebooks/Orders.ipynb``)."""
    from aimsi_ebay.ui.orders.view import OrdersDashboard

    return OrdersDashboard(Database(location), defer=True)


def open_reconciliation(location: str | None = None):
    """The Reconciliation dashboard (``notebooks/Reconciliation.ipynb``)."""
    from aimsi_ebay.ui.reconcile.view import ReconciliationDashboard

    return ReconciliationDashboard(Database(location))
